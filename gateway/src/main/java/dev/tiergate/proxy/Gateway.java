package dev.tiergate.proxy;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.admin.AdminServer;
import dev.tiergate.edge.CloudflarePurger;
import dev.tiergate.guard.RateLimiter;
import dev.tiergate.guard.SharedRateLimiter;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.store.MemoryTier;
import dev.tiergate.store.RedisTiers;
import dev.tiergate.store.TieredStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A running gateway: the proxy listeners, the admin API, the tiers (with purges, the purge bus and the
 * forwarding of purges to the edge), the current policy and, when it was loaded from a file, the reloader
 * that applies edits of that file.
 */
public final class Gateway {

    private final List<HttpServer> servers;
    private final AdminServer admin;
    private final GatewayHandler handler;
    private final TieredStore store;
    private final AtomicReference<ActivePolicy> policy;
    private final Optional<PolicyReloader> reloader;
    private final PurgeService purges;
    private final Optional<CloudflarePurger> edge;

    private Gateway(List<HttpServer> servers, AdminServer admin, GatewayHandler handler, TieredStore store,
                    AtomicReference<ActivePolicy> policy, Optional<PolicyReloader> reloader, PurgeService purges,
                    Optional<CloudflarePurger> edge) {
        this.purges = purges;
        this.edge = edge;
        this.servers = servers;
        this.admin = admin;
        this.handler = handler;
        this.store = store;
        this.policy = policy;
        this.reloader = reloader;
    }

    /** Starts a gateway whose policy does not change while it runs. */
    public static Future<Gateway> start(Vertx vertx, Policy policy, InstantSource clock, int eventLoops) {
        return start(vertx, policy, clock, eventLoops, Optional.empty(), UnaryOperator.identity(), 0);
    }

    /**
     * Starts a gateway.
     *
     * @param policy the policy, with listeners and origin already overridden by flags
     * @param clock the only source of time for caching decisions, tokens, limits and L1 expiry
     * @param eventLoops how many event loops accept proxy connections
     * @param policyFile the file to reload the policy from on change and on {@code POST /policy/reload}
     * @param overrides re-applies command-line flags to each reloaded policy
     * @param pollMillis how often to check the file; 0 reloads only on request
     */
    public static Future<Gateway> start(Vertx vertx, Policy policy, InstantSource clock, int eventLoops, Optional<Path> policyFile,
                                        UnaryOperator<Policy> overrides, long pollMillis) {
        return start(vertx, policy, clock, eventLoops, policyFile, overrides, pollMillis, AdminAccess.LOOPBACK_ONLY);
    }

    /**
     * Starts a gateway whose admin API is protected by {@code access}.
     *
     * @param access the admin token, if any; without one, a non-loopback admin address fails the start
     */
    public static Future<Gateway> start(Vertx vertx, Policy policy, InstantSource clock, int eventLoops, Optional<Path> policyFile,
                                        UnaryOperator<Policy> overrides, long pollMillis, AdminAccess access) {
        return start(vertx, policy, clock, eventLoops, policyFile, overrides, pollMillis, access, System::getenv);
    }

    /**
     * Starts a gateway that reads its environment variables (the edge purge API's token, the trusted upstreams'
     * secret) through {@code environment}.
     *
     * @param environment a variable's value, or null when it is unset
     */
    public static Future<Gateway> start(Vertx vertx, Policy policy, InstantSource clock, int eventLoops, Optional<Path> policyFile,
                                        UnaryOperator<Policy> overrides, long pollMillis, AdminAccess access,
                                        UnaryOperator<String> environment) {
        try {
            // Before anything listens: an unprotected admin API on a reachable address is a configuration error.
            access.checkBind(policy.server().adminHost());
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        ActivePolicy active;
        try {
            active = ActivePolicy.of(policy, clock, environment);
        } catch (PolicyException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<CloudflarePurger> edge;
        try {
            // A policy that forwards purges to the edge, without the token to do it, would leave the edge serving what
            // was purged here: refused like any other configuration error, before anything listens.
            edge = policy.edge().map(settings -> CloudflarePurger.create(vertx, settings, environment, clock, registry));
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        MemoryTier l1 = new MemoryTier(policy.l1MaxBytes(), clock);
        l1.bindMetrics(registry);
        AtomicReference<ActivePolicy> current = new AtomicReference<>(active);
        Optional<PolicyReloader> reloader = policyFile.map(file -> new PolicyReloader(vertx, file, current, overrides, registry, clock,
                environment));
        if (pollMillis > 0) {
            reloader.ifPresent(watcher -> watcher.watch(pollMillis));
        }
        TieredStore store = new TieredStore(vertx, l1, policy.l2().map(settings -> RedisTiers.create(vertx, settings)), registry,
                TieredStore.DEFAULT_MAX_FAILURES, TieredStore.DEFAULT_RESET_TIMEOUT, clock);
        PurgeService purges = new PurgeService(current, store.purges(), edge);
        GatewayHandler handler = new GatewayHandler(vertx, current, store, new OriginClient(vertx, registry), clock,
                new GatewayMetrics(registry), rateLimits(vertx, policy, clock, registry));
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
        }).compose(ignored -> AdminServer.start(vertx, policy.server(), registry, store, reloader, purges, access))
                .compose(admin -> store.warmUp().map(admin))
                .map(admin -> new Gateway(servers, admin, handler, store, current, reloader, purges, edge));
    }

    /** Local limits always; shared ones when the policy has an L2 (they fall back to the local buckets). */
    private static RateLimits rateLimits(Vertx vertx, Policy policy, InstantSource clock, io.micrometer.core.instrument.MeterRegistry registry) {
        RateLimiter local = new RateLimiter(clock);
        return new RateLimits(local, policy.l2().map(l2 -> SharedRateLimiter.create(vertx, l2, local, clock, registry)));
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public int adminPort() {
        return admin.port();
    }

    public MemoryTier l1() {
        return store.memory();
    }

    /** The tiers, for tests and the admin API. */
    public TieredStore store() {
        return store;
    }

    public Policy policy() {
        return policy.get().policy();
    }

    /** Reloads the policy file now (as the admin API's {@code POST /policy/reload} does). */
    public Future<PolicyReloader.Outcome> reload() {
        return reloader.map(PolicyReloader::reload)
                .orElse(Future.failedFuture(new IllegalStateException("the gateway was not started from a policy file")));
    }

    /** Purges by URL, prefix, tag, route or everything (as {@code POST /purge} does). */
    public PurgeService purges() {
        return purges;
    }

    /** Origin fetches in flight right now (for tests of collapsing). */
    public int inFlightFetches() {
        return handler.inFlightFetches();
    }

    public Future<Void> close() {
        reloader.ifPresent(PolicyReloader::stop);
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(server -> closing.add(server.close()));
        closing.add(admin.close());
        closing.add(handler.close());
        edge.ifPresent(purger -> closing.add(purger.close()));
        return Future.all(closing).mapEmpty();
    }
}
