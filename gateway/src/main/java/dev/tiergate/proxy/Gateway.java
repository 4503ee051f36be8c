package dev.tiergate.proxy;

import dev.tiergate.admin.AdminServer;
import dev.tiergate.policy.Policy;
import dev.tiergate.store.MemoryTier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway: the proxy listeners, the admin API, L1 and the current policy.
 */
public final class Gateway {

    private final List<HttpServer> servers;
    private final AdminServer admin;
    private final GatewayHandler handler;
    private final MemoryTier l1;
    private final AtomicReference<Policy> policy;

    private Gateway(List<HttpServer> servers, AdminServer admin, GatewayHandler handler, MemoryTier l1, AtomicReference<Policy> policy) {
        this.servers = servers;
        this.admin = admin;
        this.handler = handler;
        this.l1 = l1;
        this.policy = policy;
    }

    /**
     * Starts a gateway.
     *
     * @param policy the policy, with listeners and origin already overridden by flags
     * @param clock the only source of time for caching decisions and L1 expiry
     * @param eventLoops how many event loops accept proxy connections
     */
    public static Future<Gateway> start(Vertx vertx, Policy policy, InstantSource clock, int eventLoops) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MemoryTier l1 = new MemoryTier(policy.l1MaxBytes(), clock);
        l1.bindMetrics(registry);
        AtomicReference<Policy> current = new AtomicReference<>(policy);
        GatewayHandler handler = new GatewayHandler(vertx, current, l1, new OriginClient(vertx), clock, new GatewayMetrics(registry));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(policy.server().host())
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(32 * 1024);
        List<HttpServer> servers = new ArrayList<>();
        HttpServer first = vertx.createHttpServer(options).requestHandler(handler);
        servers.add(first);
        return first.listen(policy.server().port()).compose(bound -> {
            List<Future<HttpServer>> more = new ArrayList<>();
            for (int i = 1; i < eventLoops; i++) {
                HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
                servers.add(server);
                more.add(server.listen(bound.actualPort()));
            }
            return Future.all(more);
        }).compose(ignored -> AdminServer.start(vertx, policy.server(), registry, l1))
                .map(admin -> new Gateway(servers, admin, handler, l1, current));
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public int adminPort() {
        return admin.port();
    }

    public MemoryTier l1() {
        return l1;
    }

    public Policy policy() {
        return policy.get();
    }

    /** Origin fetches in flight right now (for tests of collapsing). */
    public int inFlightFetches() {
        return handler.inFlightFetches();
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(server -> closing.add(server.close()));
        closing.add(admin.close());
        closing.add(handler.close());
        return Future.all(closing).mapEmpty();
    }
}
