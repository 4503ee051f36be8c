package dev.tiergate.admin;

import dev.tiergate.edge.EdgePurgeStats;
import dev.tiergate.proxy.PolicyReloader;
import dev.tiergate.proxy.PurgeService;
import dev.tiergate.policy.ServerSettings;
import dev.tiergate.store.StoreStats;
import dev.tiergate.store.TieredStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * The admin API on its own port: {@code GET /health}, the probes {@code GET /health/live} and {@code GET /health/ready}
 * (see {@link Probes}) and {@code GET /metrics} (Prometheus text), open;
 * {@code GET /stats}, {@code POST /purge}, {@code POST /policy/reload} and the adaptive-caching views
 * ({@link AdaptiveViews}: {@code GET /adaptive}, {@code GET /hot}), which need the bearer token
 * when one is configured (see {@link AdminAccess}).
 */
public final class AdminServer {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    /** The liveness probe's path: what a Kubernetes {@code livenessProbe} points at. */
    public static final String LIVE_PATH = "/health/live";
    /** The readiness probe's path: what a Kubernetes {@code readinessProbe} points at. */
    public static final String READY_PATH = "/health/ready";

    /**
     * Starts the admin API.
     *
     * @param options the listener's options: plain, or TLS with the proxy's certificate
     * @param access the token, if any; without one the admin address must be loopback
     * @return a failed future when {@code access} refuses the admin address
     */
    public static Future<AdminServer> start(Vertx vertx, ServerSettings settings, HttpServerOptions options, PrometheusMeterRegistry registry,
                                            TieredStore store,
                                            Optional<PolicyReloader> reloader, PurgeService purges, AdminAccess access, Probes probes,
                                            AdaptiveViews adaptive) {
        try {
            access.checkBind(settings.adminHost());
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        Router router = Router.router(vertx);
        router.get("/health").handler(context -> context.json(new JsonObject()
                .put("status", "UP")
                .put("l1", new JsonObject().put("entries", store.memory().estimatedSize()))));
        router.get(LIVE_PATH).handler(context -> answer(context, probes.live()));
        router.get(READY_PATH).handler(context -> answer(context, probes.ready()));
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        Handler<RoutingContext> guard = context -> {
            if (access.permits(context.request().getHeader("Authorization"))) {
                context.next();
                return;
            }
            context.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"tiergate-admin\"")
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", "unauthorized").put("reason", "a valid admin bearer token is required").encode());
        };
        router.get("/stats").handler(guard).handler(context -> context.json(stats(store.stats())
                .put("edge", edgeStats(purges.edgeStats().map(EdgePurgeStats::snapshot)))));
        PurgeEndpoint purge = new PurgeEndpoint(purges);
        // Vert.x Web reads the body before any other handler runs; the small limit bounds what an unauthorised caller can send.
        router.post("/purge").handler(BodyHandler.create().setBodyLimit(PurgeEndpoint.MAX_BODY)).handler(guard).handler(purge::handle);
        router.post("/policy/reload").handler(guard).handler(context -> reload(context, reloader));
        adaptive.mount(router, guard);
        return vertx.createHttpServer(options).requestHandler(router)
                .listen(settings.adminPort(), settings.adminHost())
                .map(AdminServer::new);
    }

    private static void answer(RoutingContext context, Future<Probes.Answer> probe) {
        probe.onComplete(done -> {
            Probes.Answer answer = done.succeeded() ? done.result()
                    : new Probes.Answer(false, new JsonObject().put("status", "DOWN").put("reasons", new JsonArray().add(String.valueOf(done.cause()))));
            context.response().setStatusCode(answer.up() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(answer.detail().encode());
        });
    }

    private static JsonObject stats(StoreStats stats) {
        JsonObject l2 = new JsonObject().put("configured", stats.l2Configured());
        if (stats.l2Configured()) {
            l2.put("hits", stats.l2Hits()).put("misses", stats.l2Misses()).put("errors", stats.l2Errors())
                    .put("breaker", stats.breakerState());
        }
        return new JsonObject()
                .put("l1", new JsonObject().put("entries", stats.l1Entries()).put("bytes", stats.l1Bytes())
                        .put("hits", stats.l1Hits()).put("misses", stats.l1Misses()))
                .put("l2", l2)
                .put("purgeBus", new JsonObject().put("subscribed", stats.busSubscribed()).put("resyncs", stats.busResyncs()))
                .put("generations", new JsonObject().put("scopes", stats.generationScopes()));
    }

    /** The token is not among the counters, and a failure's message has it cut out. */
    private static JsonObject edgeStats(Optional<EdgePurgeStats.Snapshot> snapshot) {
        JsonObject edge = new JsonObject().put("configured", snapshot.isPresent());
        snapshot.ifPresent(stats -> {
            edge.put("provider", stats.provider()).put("zoneId", stats.zoneId())
                    .put("forwarded", stats.forwarded()).put("failed", stats.failed()).put("notForwarded", stats.notForwarded())
                    .put("pending", stats.pending()).put("retries", stats.retries());
            stats.lastError().ifPresent(error -> edge.put("lastError",
                    new JsonObject().put("at", error.at().toString()).put("message", error.message())));
        });
        return edge;
    }

    private static void reload(RoutingContext context, Optional<PolicyReloader> reloader) {
        if (reloader.isEmpty()) {
            context.response().setStatusCode(409).end(new JsonObject().put("status", "not-reloadable")
                    .put("reason", "the gateway was not started from a policy file").encode());
            return;
        }
        reloader.get().reload().onComplete(result -> {
            if (result.failed()) {
                context.response().setStatusCode(500).end(new JsonObject().put("status", "error")
                        .put("reason", String.valueOf(result.cause().getMessage())).encode());
                return;
            }
            PolicyReloader.Outcome outcome = result.result();
            JsonArray problems = new JsonArray();
            outcome.problems().forEach(problem -> problems.add(problem.toString()));
            context.response().setStatusCode(outcome.applied() ? 200 : 422)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", outcome.applied() ? "applied" : "rejected").put("problems", problems).encode());
        });
    }

    public int port() {
        return server.actualPort();
    }

    /** The listener, whose certificate is reloaded with the proxy's when the admin API has TLS. */
    public HttpServer server() {
        return server;
    }

    public Future<Void> close() {
        return server.close();
    }
}
