package dev.tiergate.proxy;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.admin.AdaptiveViews;
import dev.tiergate.admin.AdminServer;
import dev.tiergate.admin.Probes;
import dev.tiergate.edge.CloudflarePurger;
import dev.tiergate.guard.RateLimiter;
import dev.tiergate.guard.SharedRateLimiter;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.ServerSettings;
import dev.tiergate.policy.TransportSettings;
import dev.tiergate.store.MemoryTier;
import dev.tiergate.store.RedisTiers;
import dev.tiergate.store.TieredStore;
import dev.tiergate.trace.Tracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A running gateway: the proxy listeners, the admin API, the tiers (with purges, the purge bus and the
 * forwarding of purges to the edge), the current policy and, when it was loaded from a file, the reloader
 * that applies edits of that file. {@link #drain(Consumer)} stops it gracefully.
 */
public final class Gateway {

    /** How often a drain looks whether background refreshes and L2 writes are done. */
    static final long BACKGROUND_POLL_MILLIS = 20;

    private final Vertx vertx;
    private final Lifecycle lifecycle;
    /** Listener and drain settings are those of the start: a reload that changes them takes effect on restart. */
    private final ServerSettings server;

    private final List<HttpServer> servers;
    private final AdminServer admin;
    private final GatewayHandler handler;
    private final TieredStore store;
    private final AtomicReference<ActivePolicy> policy;
    private final Optional<PolicyReloader> reloader;
    private final PurgeService purges;
    private final Optional<CloudflarePurger> edge;
    /** Built from the policy the gateway started with: a reload that changes {@code tracing} takes effect on restart. */
    private final Tracing tracing;
    private final Optional<CertificateReloader> certificates;

    private Gateway(Vertx vertx, Lifecycle lifecycle, List<HttpServer> servers, AdminServer admin, GatewayHandler handler,
                    TieredStore store, AtomicReference<ActivePolicy> policy, Optional<PolicyReloader> reloader, PurgeService purges,
                    Optional<CloudflarePurger> edge, Tracing tracing, Optional<CertificateReloader> certificates) {
        this.vertx = vertx;
        this.tracing = tracing;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.server = policy.get().policy().server();
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
        TransportSettings transport = policy.server().transport();
        Optional<ServerTls.Identity> identity;
        try {
            // Read and checked before anything listens: a listener without a usable certificate would fail every handshake.
            identity = transport.tls().map(tls -> ServerTls.read(vertx, tls, environment));
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        AccessLog accessLog;
        try {
            // Opened before anything else, so a log that cannot start leaves nothing running.
            accessLog = AccessLog.start(policy.server().accessLog(), environment);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<CloudflarePurger> edge;
        try {
            // A policy that forwards purges to the edge, without the token to do it, would leave the edge serving what
            // was purged here: refused like any other configuration error, before anything listens.
            edge = policy.edge().map(settings -> CloudflarePurger.create(vertx, settings, environment, clock, registry));
        } catch (IllegalStateException e) {
            accessLog.close();
            return Future.failedFuture(e);
        }
        Tracing tracing;
        try {
            tracing = Tracing.start(policy.tracing());
        } catch (IllegalStateException e) {
            accessLog.close();
            edge.ifPresent(CloudflarePurger::close);
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
        PurgeService purges = new PurgeService(current, store.purges(), edge, registry);
        OriginClient origins = new OriginClient(vertx, registry);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        GatewayHandler handler = new GatewayHandler(vertx, current, store, origins, clock, metrics,
                rateLimits(vertx, policy, clock, registry), accessLog, tracing);
        ClientConnections connections = new ClientConnections(vertx, policy.server().clients(), metrics);
        Lifecycle lifecycle = new Lifecycle();
        bindDrainMetrics(registry, lifecycle);
        Probes probes = new Probes(vertx, clock, () -> current.get().policy(), store, origins::breakerState, lifecycle);
        HttpServerOptions options = ProxyListenerOptions.of(policy.server(), identity);
        List<HttpServer> servers = new ArrayList<>();
        HttpServer first = listener(vertx, options, lifecycle.serve(handler), connections);
        servers.add(first);
        return first.listen(policy.server().port()).compose(bound -> {
            List<Future<HttpServer>> more = new ArrayList<>();
            for (int i = 1; i < eventLoops; i++) {
                HttpServer server = listener(vertx, options, lifecycle.serve(handler), connections);
                servers.add(server);
                more.add(server.listen(bound.actualPort()));
            }
            return Future.all(more);
        }).compose(ignored -> transport.redirectHttpPort().isPresent()
                ? HttpsRedirect.listen(vertx, policy.server().host(), transport.redirectHttpPort().getAsInt(), first.actualPort())
                        .andThen(redirect -> servers.add(redirect.result())).<Void>mapEmpty()
                : Future.<Void>succeededFuture()
        ).andThen(bound -> {
            if (bound.succeeded()) {
                lifecycle.serving();
            }
        }).compose(ignored -> AdminServer.start(vertx, policy.server(), adminOptions(transport, identity, options), registry, store,
                        reloader, purges, access, probes,
                        new AdaptiveViews(new LearnedTtls(current, handler.adaptive(), clock))))
                .compose(admin -> store.warmUp().map(admin))
                .map(admin -> {
                    Optional<CertificateReloader> certificates = transport.tls().map(tls -> {
                        List<HttpServer> presenting = new ArrayList<>(servers.subList(0,
                                servers.size() - (transport.redirectHttpPort().isPresent() ? 1 : 0)));
                        if (transport.adminTls()) {
                            presenting.add(admin.server());
                        }
                        CertificateReloader reloading = new CertificateReloader(vertx, tls, options, presenting, environment);
                        reloading.watch(transport.certificateCheck().toMillis());
                        return reloading;
                    });
                    return new Gateway(vertx, lifecycle, servers, admin, handler, store, current, reloader, purges, edge, tracing, certificates);
                })
                .onFailure(ignored -> tracing.close(vertx));
    }

    /**
     * One proxy listener: every connection has its request lines checked ({@link RequestLineCheck}) and is watched for
     * slow clients before its requests reach the handler.
     */
    private static HttpServer listener(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
                                       ClientConnections connections) {
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    RequestLineCheck.install(connection);
                    connections.accept(connection);
                })
                .invalidRequestHandler(RequestLineCheck.INVALID_REQUEST_HANDLER)
                .requestHandler(connections.watching(Http2Exchanges.guarded(handler)));
    }

    /** The admin API's listener: plain, or with the proxy's TLS settings and certificate. */
    private static HttpServerOptions adminOptions(TransportSettings transport, Optional<ServerTls.Identity> identity,
                                                  HttpServerOptions proxy) {
        if (!transport.adminTls() || identity.isEmpty()) {
            return new HttpServerOptions();
        }
        return ServerTls.apply(new HttpServerOptions(), identity.get(), proxy.isUseAlpn());
    }

    /**
     * {@code tiergate_drain_elapsed_seconds} and {@code tiergate_drain_budget_seconds}: a drain that outlives its budget
     * (drainDelay + drainTimeout) is stuck, as the {@code TiergateDrainStuck} alert says.
     */
    private static void bindDrainMetrics(io.micrometer.core.instrument.MeterRegistry registry, Lifecycle lifecycle) {
        io.micrometer.core.instrument.Gauge.builder("tiergate.drain.elapsed", lifecycle, Lifecycle::drainingSeconds).baseUnit("seconds")
                .description("Time since the drain started; 0 while serving").register(registry);
        io.micrometer.core.instrument.Gauge.builder("tiergate.drain.budget", lifecycle, Lifecycle::drainBudgetSeconds).baseUnit("seconds")
                .description("How long the drain may take (drainDelay + drainTimeout); 0 while serving").register(registry);
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

    /**
     * Looks at the HTTPS listener's certificate files now (as the periodic check does) and reloads them if they changed.
     */
    Future<CertificateReloader.Outcome> checkCertificates() {
        return certificates.map(CertificateReloader::check)
                .orElse(Future.failedFuture(new IllegalStateException("the gateway has no TLS listener")));
    }

    /** Origin fetches in flight right now (for tests of collapsing). */
    public int inFlightFetches() {
        return handler.inFlightFetches();
    }

    /** The gateway's tracing: {@link Tracing#OFF} unless the policy it started with has a {@code tracing} section. */
    public Tracing tracing() {
        return tracing;
    }

    /** Where the gateway is in its life: serving, draining, closing, stopped. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Drains with the {@code server.drainDelay} and {@code server.drainTimeout} the gateway started with, then closes.
     *
     * @param stages told one line at each stage of the drain
     */
    public Future<Void> drain(Consumer<String> stages) {
        return drain(server.drainDelay(), server.drainTimeout(), stages);
    }

    /**
     * Stops gracefully: readiness fails at once and every response closes its connection; after {@code delay} the
     * listeners accept no more connections; requests in flight, background refreshes and L2 writes then have
     * {@code timeout} to finish, after which connections still open are closed; then the gateway closes.
     *
     * @param stages told one line at each stage of the drain
     * @return completed when the gateway is closed; failed when a drain had already started
     */
    public Future<Void> drain(Duration delay, Duration timeout, Consumer<String> stages) {
        if (!lifecycle.drain(delay.plus(timeout))) {
            return Future.failedFuture(new IllegalStateException("the gateway is already draining"));
        }
        stages.accept("tiergate draining: readiness answers 503 and responses close their connections; the listeners close in "
                + delay.toMillis() + " ms");
        Future<Void> delayed = delay.isZero() ? Future.succeededFuture() : vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
        return delayed.compose(ignored -> {
            lifecycle.closing();
            long deadline = System.nanoTime() + timeout.toNanos();
            stages.accept("tiergate draining: the listeners accept no new connections; requests in flight have " + timeout.toMillis()
                    + " ms to finish");
            List<Future<Void>> shutdowns = new ArrayList<>();
            servers.forEach(server -> shutdowns.add(server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS)));
            return Future.join(shutdowns).transform(done -> {
                boolean inTime = System.nanoTime() < deadline;
                return settled(deadline).map(left -> {
                    stages.accept(inTime && left == 0 ? "tiergate drained: every request and background task finished"
                            : "tiergate drain timed out: " + (inTime ? "" : "connections still open were closed; ")
                            + left + " background refreshes or L2 writes were abandoned");
                    return null;
                });
            });
        }).transform(drained -> close().andThen(closed -> stages.accept("tiergate stopped")));
    }

    /** Waits until no background refresh or L2 write is left, or the deadline; the number left. */
    private Future<Integer> settled(long deadlineNanos) {
        int left = handler.inFlightFetches() + store.pendingWrites();
        if (left == 0 || System.nanoTime() >= deadlineNanos) {
            return Future.succeededFuture(left);
        }
        return vertx.timer(BACKGROUND_POLL_MILLIS, TimeUnit.MILLISECONDS).compose(ignored -> settled(deadlineNanos));
    }

    public Future<Void> close() {
        lifecycle.stopped();
        reloader.ifPresent(PolicyReloader::stop);
        certificates.ifPresent(CertificateReloader::stop);
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(server -> closing.add(server.close()));
        closing.add(admin.close());
        closing.add(handler.close());
        edge.ifPresent(purger -> closing.add(purger.close()));
        // Last: the spans of the requests that just finished are exported before the gateway reports itself closed.
        return Future.all(closing).eventually(() -> tracing.close(vertx)).mapEmpty();
    }
}
