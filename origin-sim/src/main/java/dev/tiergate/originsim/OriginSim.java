package dev.tiergate.originsim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A configurable origin server for demos, tests and benchmarks of a caching reverse proxy.
 *
 * <p>Start one with {@link #start(Vertx, String, int)} (port 0 picks a free port) and point the
 * proxy at {@link #baseUrl()}. The counters tell a test how many requests actually reached the
 * origin, which is how cache hits are told apart from misses.
 */
public final class OriginSim {

    private final HttpServer server;
    private final String host;
    private final RequestCounters counters;

    private OriginSim(HttpServer server, String host, RequestCounters counters) {
        this.server = server;
        this.host = host;
        this.counters = counters;
    }

    /**
     * Starts listening on {@code host}:{@code port}.
     *
     * @param port the TCP port, or 0 for any free port (see {@link #port()})
     * @return completes once the server accepts connections
     */
    public static Future<OriginSim> start(Vertx vertx, String host, int port) {
        return start(vertx, host, port, InstantSource.system());
    }

    /**
     * Starts listening with a clock of the caller's for the {@code Date} field, so that a test
     * which advances a proxy's clock can keep the origin's dates in step with it.
     */
    public static Future<OriginSim> start(Vertx vertx, String host, int port, InstantSource clock) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        RequestCounters counters = new RequestCounters();
        GlobalFaultMode faultMode = new GlobalFaultMode();
        Router router = routes(vertx, counters, faultMode, clock);
        // HTTP/1.1 only: the connection-level faults are defined in HTTP/1.1 terms, and an h2c upgrade
        // would turn "close the connection" into something else.
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        return vertx
                .createHttpServer(options)
                .requestHandler(router)
                .listen(port, host)
                .map(server -> new OriginSim(server, host, counters));
    }

    private static Router routes(Vertx vertx, RequestCounters counters, GlobalFaultMode faultMode, InstantSource clock) {
        Router router = Router.router(vertx);
        router.route().handler(new RequestTracking(counters, faultMode, clock));
        new AdminApi(counters, faultMode).mount(router);
        new ProductApi().mount(router);
        new UserApi().mount(router);
        new StaticAssets().mount(router);
        new ProgrammableEndpoint(vertx, clock).mount(router);
        router.errorHandler(404, ctx -> routingError(ctx, 404, "no such resource"));
        router.errorHandler(405, ctx -> routingError(ctx, 405, "method not allowed"));
        router.errorHandler(500, ctx -> routingError(ctx, 500, "origin-sim internal error"));
        return router;
    }

    private static void routingError(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            // Too late for a clean error; dropping the connection at least doesn't look like success.
            ctx.request().connection().close();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, BuiltInResponses.NO_STORE);
        BuiltInResponses.json(ctx, status, BuiltInResponses.error(status, message));
    }

    /** The port actually bound, useful after starting on port 0. */
    public int port() {
        return server.actualPort();
    }

    /** Where clients reach this server, e.g. {@code http://127.0.0.1:40123} (no trailing slash). */
    public String baseUrl() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + hostPart + ":" + port();
    }

    /**
     * How many requests arrived for exactly this path+query, as written in the request line (e.g.
     * {@code "/api/products?page=2"}). {@code /__sim/*} requests are not counted.
     */
    public long requestCount(String pathAndQuery) {
        return counters.count(pathAndQuery);
    }

    /** How many requests arrived in total (excluding {@code /__sim/*}) since start or reset. */
    public long totalRequests() {
        return counters.total();
    }

    /** Clears all request counters; request ids keep increasing. */
    public void reset() {
        counters.reset();
    }

    /** Stops listening and closes open connections, including hanging ones. */
    public Future<Void> close() {
        return server.close();
    }
}
