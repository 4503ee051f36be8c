package dev.tiergate.proxy;

import dev.tiergate.cache.CacheRequest;
import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.Decider;
import dev.tiergate.cache.Decision;
import dev.tiergate.cache.EarlyRefresh;
import dev.tiergate.cache.OriginAnswer;
import dev.tiergate.cache.RefreshRule;
import dev.tiergate.cache.Revalidation;
import dev.tiergate.cache.StorePlan;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HopByHop;
import dev.tiergate.guard.Bulkhead;
import dev.tiergate.guard.RateLimitDecision;
import dev.tiergate.guard.RateLimitHeaders;
import dev.tiergate.guard.RateLimiter;
import dev.tiergate.guard.SharedRateLimiter;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.OriginSettings;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.Route;
import dev.tiergate.plan.ClientOrigin;
import dev.tiergate.plan.FailurePlan;
import dev.tiergate.plan.LoggedTarget;
import dev.tiergate.plan.OriginRequest;
import dev.tiergate.plan.RequestPlan;
import dev.tiergate.plan.Routing;
import dev.tiergate.store.TieredStore;
import dev.tiergate.trace.OriginFetch;
import dev.tiergate.trace.RequestTrace;
import dev.tiergate.trace.TraceSpan;
import dev.tiergate.trace.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request path: route, decide (pure core), then serve from L1, fetch once per key, or pass
 * through. I/O only: every caching decision is made by {@link Decider}, {@link OriginAnswer},
 * {@link StorePlan} and {@link Revalidation}.
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class.getName());
    /** The request field that tells the origin which segment a cacheable request belongs to. */
    public static final String SEGMENT_FIELD = RequestPlan.SEGMENT_FIELD;
    /** Cache-Status detail of a response another instance fetched and stored in L2 while this one waited. */
    public static final String PEER_FILL = "peer-fill";

    private final Vertx vertx;
    private final AtomicReference<ActivePolicy> policy;
    private final RateLimiter rateLimiter;
    private final Optional<SharedRateLimiter> sharedRateLimiter;
    private final Bulkhead bulkhead;
    private final TieredStore store;
    private final OriginClient origin;
    private final InstantSource clock;
    private final GatewayMetrics metrics;
    private final Coalescer coalescer = new Coalescer();
    private final RefillCoordinator refills;
    private final HitCounter hits = new HitCounter();
    private final AdaptiveTtls adaptive;
    private final Duration bodyTimeout;
    private final AccessLog accessLog;
    private final Tracing tracing;

    GatewayHandler(Vertx vertx, AtomicReference<ActivePolicy> policy, TieredStore store, OriginClient origin,
                   InstantSource clock, GatewayMetrics metrics, RateLimits limits, AccessLog accessLog, Tracing tracing) {
        this.vertx = vertx;
        this.policy = policy;
        this.rateLimiter = limits.local();
        this.sharedRateLimiter = limits.shared();
        this.bulkhead = new Bulkhead(metrics.registry());
        this.store = store;
        this.origin = origin;
        this.clock = clock;
        this.metrics = metrics;
        this.refills = new RefillCoordinator(vertx, store, clock, metrics);
        this.adaptive = new AdaptiveTtls(clock);
        // Like the listeners, taken from the policy the gateway started with.
        this.bodyTimeout = policy.get().policy().server().clients().bodyTimeout();
        this.accessLog = accessLog;
        this.tracing = tracing;
    }

    /**
     * Everything a request's handling needs, resolved once.
     *
     * @param plan the request's pure plan: route, key, tags, and each later decision
     * @param storedVary the request fields stored variants of the family vary on, which a fetch must forward
     * @param generations the purge generations known when the request arrived, which a response it stores is
     *     stamped with, so that a purge during the fetch reaches that response too
     * @param l2Write the L2 write of the response this exchange stored, which a refill lock is held until
     * @param trace the request's trace (or the background refresh's), {@link RequestTrace#NONE} without tracing
     */
    private record Exchange(HttpServerRequest request, ClientSink sink, RequestPlan plan, OriginSettings origin,
                            Set<String> storedVary, Map<String, Long> generations, AtomicReference<Future<Void>> l2Write,
                            RequestTrace trace) {
        CacheRule rule() {
            return plan.rule();
        }

        Route route() {
            return plan.route();
        }

        CacheRequest cacheRequest() {
            return plan.cacheRequest();
        }

        String key() {
            return plan.keyHash();
        }

        String canonical() {
            return plan.key().map(CacheKey::canonical).orElse("");
        }

        Set<String> tags() {
            return plan.tags();
        }

        /** Requests collapse per family and variant: another segment's fetch is no use to this one. */
        String collapseKey() {
            return key() + "\n" + cacheRequest().variant();
        }
    }

    @Override
    public void handle(HttpServerRequest request) {
        long startNanos = System.nanoTime();
        Instant now = clock.instant();
        String method = request.method().name();
        String target = request.uri();
        ActivePolicy active = policy.get();
        Policy current = active.policy();
        RequestTrace trace = tracing.request(request);
        ClientOrigin client = ClientOrigin.resolve(current.trustedUpstreams(), peerAddress(request), request.scheme(),
                Http2Exchanges.requestFields(request), active.upstreamSecret());
        AccessEntry.Draft draft = new AccessEntry.Draft(now, startNanos, method);
        if (accessLog.enabled()) {
            // The id travels to the origin with the request's fields (a tracing field every fetch forwards) and back to the client.
            draft.request(client.host(), target).requestId(AccessLog.requestId(client.fields().first(ClientSink.REQUEST_ID_FIELD)));
            client = new ClientOrigin(client.trusted(), client.host(), client.clientIp(), client.scheme(),
                    client.fields().with(ClientSink.REQUEST_ID_FIELD, draft.requestId().orElseThrow()));
        }
        Headers headers = client.fields();
        String cacheStatusName = current.server().cacheStatusName();
        // Every response to this request, errors and refusals included, carries the member under the policy's name.
        ClientSink sink = new ClientSink(request, headers, cacheStatusName, draft, entry -> served(entry, cacheStatusName, trace));
        if (trace.recording()) {
            // After the close's own report, which ends the span of a response that had begun.
            sink.gone().onSuccess(ignored -> vertx.runOnContext(later -> trace.abandoned()));
        }
        draft.requestId().ifPresent(id -> sink.addFields(Headers.of(ClientSink.REQUEST_ID_FIELD, id)));
        Routing routing = RequestPlan.route(current, method, target, client);
        if (routing instanceof Routing.Malformed malformed) {
            metrics.request("none", "rejected");
            sink.error(malformed.status(), malformed.cacheStatus(), malformed.message());
            return;
        }
        Routing.Routed routed = (Routing.Routed) routing;
        Route route = routed.route();
        trace.routed(route.name());
        TokenResult token = routed.usesToken() ? active.token(route, headers) : TokenResult.NONE;
        RequestPlan plan = RequestPlan.plan(current, routed, method, target, token);
        draft.route(route.name(), plan.key().map(CacheKey::segment).orElse(""));
        if (accessLog.enabled()) {
            draft.request(client.host(), LoggedTarget.of(target, route)).subject(accessLog.subjectHash(token.claim("sub")));
        }
        if (plan.step() instanceof RequestPlan.Reject reject) {
            metrics.request(plan, "unauthorized");
            sink.addFields(reject.fields());
            sink.error(reject.status(), reject.cacheStatus(), reject.message());
            return;
        }
        if (route.rateLimit().isPresent()) {
            RateLimitSpec limit = route.rateLimit().get();
            String clientKey = RateLimiter.clientKey(limit, client.clientIp(), token.claim("sub"), headers);
            if (limit.shared() && sharedRateLimiter.isPresent()) {
                // The shared bucket lives in Redis: hold the request body until the answer (the limiter never fails).
                request.pause();
                Context context = vertx.getOrCreateContext();
                sharedRateLimiter.get().tryConsume(route.name(), limit, clientKey).onComplete(decided -> context.runOnContext(ignored -> {
                    if (admitted(plan, limit, decided.result(), sink)) {
                        proceed(request, sink, current, plan, clock.instant(), trace);
                    } else {
                        request.resume();
                    }
                }));
                return;
            }
            if (!admitted(plan, limit, rateLimiter.tryConsume(route.name(), limit, clientKey), sink)) {
                return;
            }
        }
        proceed(request, sink, current, plan, now, trace);
    }

    /** A client response ended: its latency, by route and outcome, its access-log line and the end of its span. */
    private void served(AccessEntry entry, String cacheStatusName, RequestTrace trace) {
        metrics.requestDuration(entry.route(), entry.outcome().tag(), entry.totalNanos());
        accessLog.write(entry, cacheStatusName);
        trace.served(entry.status(), entry.outcome(), entry.cacheStatus(), cacheStatusName, entry.completed());
    }

    /** Adds the limit's fields; answers 429 when the request is over it. */
    private boolean admitted(RequestPlan plan, RateLimitSpec limit, RateLimitDecision decision, ClientSink sink) {
        sink.addFields(RateLimitHeaders.of(limit, plan.route().name(), decision));
        if (decision.allowed()) {
            return true;
        }
        metrics.request(plan, "rate-limited");
        sink.error(429, CacheStatus.forward("bypass", "rate-limited"), "too many requests");
        return false;
    }

    /** Everything after authentication and limits: tiers, decision. */
    private void proceed(HttpServerRequest request, ClientSink sink, Policy current, RequestPlan plan, Instant now, RequestTrace trace) {
        Route route = plan.route();
        Exchange exchange = new Exchange(request, sink, plan, current.originOf(route), new java.util.HashSet<>(),
                new java.util.HashMap<>(), new AtomicReference<>(Future.succeededFuture()), trace);
        if (plan.step() instanceof RequestPlan.PassThrough passThrough) {
            passThrough(exchange, passThrough.cacheStatus());
            return;
        }
        exchange.generations().putAll(store.purges().snapshot(route.name(), exchange.key(), exchange.tags()));
        TraceSpan l1Lookup = route.tiers().contains("l1") ? trace.l1Lookup() : TraceSpan.NONE;
        Optional<VariantSet> l1Variants = route.tiers().contains("l1") ? store.l1(exchange.key(), now) : Optional.empty();
        boolean l1Answers = l1Variants.flatMap(set -> set.match(plan.cacheRequest())).isPresent();
        l1Lookup.end(l1Answers);
        if (!l1Answers && store.hasL2() && route.tiers().contains("l2")) {
            Context context = vertx.getOrCreateContext();
            TraceSpan l2Get = trace.l2Get();
            store.l2(exchange.key(), exchange.canonical(), route.cacheRule(), now, route.tiers().contains("l1")).onComplete(found -> context.runOnContext(ignored -> {
                boolean fromL2 = found.result().isPresent();
                l2Get.end(fromL2);
                decideAndServe(exchange, fromL2 ? found.result() : l1Variants, fromL2 ? CacheStatus.TIER_L2 : CacheStatus.TIER_L1,
                        clock.instant());
            }));
            return;
        }
        decideAndServe(exchange, l1Variants, CacheStatus.TIER_L1, now);
    }

    /**
     * The pure decision on what the tiers hold, then the I/O it calls for.
     *
     * @param tier the tier {@code variants} were read from, which Cache-Status names on a member about one of them
     */
    private void decideAndServe(Exchange exchange, Optional<VariantSet> variants, String tier, Instant now) {
        Route route = exchange.route();
        ClientSink sink = exchange.sink();
        RequestPlan.Reuse reuse = exchange.plan().decide(variants, Optional.of(tier), now);
        exchange.storedVary().addAll(reuse.storedVary());
        Decision decision = reuse.decision();
        CacheStatus status = reuse.cacheStatus();
        if (decision instanceof Decision.Hit hit) {
            metrics.request(exchange.plan(), "hit");
            sink.fromEntry(hit.entry(), status, now);
            refreshEarlyIfDue(exchange, hit, now);
        } else if (decision instanceof Decision.StaleWhileRevalidate stale) {
            metrics.request(exchange.plan(), "stale");
            sink.fromEntry(stale.entry(), status, now);
            refreshInBackground(exchange, stale.entry());
        } else if (decision instanceof Decision.Revalidate revalidate) {
            fetchShared(exchange, Optional.of(revalidate.entry()), status, "revalidate");
        } else if (decision instanceof Decision.Miss) {
            fetchShared(exchange, Optional.empty(), status, "miss");
        } else if (decision instanceof Decision.Bypass) {
            passThrough(exchange, status);
        } else {
            metrics.request(exchange.plan(), "unsatisfiable");
            sink.error(504, status, "not in cache (only-if-cached)");
        }
    }

    /** Leads the fetch for the key, or waits for the one in flight. */
    private void fetchShared(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, String result) {
        Context context = vertx.getOrCreateContext();
        Optional<Coalescer.Lead> lead = coalescer.tryLead(exchange.collapseKey(), leader -> {
            metrics.coalescedWaiter(exchange.route().name());
            leader.promise().future().onComplete(outcome -> context.runOnContext(ignored -> {
                exchange.trace().joined(leader.trace());
                afterWaiting(exchange, stored, status, outcome.result());
            }));
        });
        lead.ifPresent(owned -> leadFetch(exchange, stored, status, owned.tracedBy(exchange.trace()), result));
    }

    /**
     * The fetch this instance leads for the key. When the route's entries live in L2, other instances
     * may be about to fetch the same key: the refill lock lets one of them fetch while the others wait for
     * its L2 fill ({@link RefillCoordinator}).
     *
     * @param result the request's metric outcome when it goes to the origin; null for a background refresh
     */
    private void leadFetch(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, Coalescer.Lead lead, String result) {
        if (!usesRefillLock(exchange, status)) {
            countRequest(exchange, result);
            fetch(exchange, stored, status, lead);
            return;
        }
        Context context = vertx.getOrCreateContext();
        CacheRequest request = exchange.cacheRequest();
        RefillCoordinator.Refill refill = new RefillCoordinator.Refill(exchange.key(), exchange.canonical(),
                RefillCoordinator.lockName(exchange.key(), request.variant()), exchange.rule(), exchange.route().tiers().contains("l1"),
                RefillCoordinator.lockTtl(exchange.origin().firstByteTimeout()), RefillCoordinator.waitBound(exchange.origin().firstByteTimeout()),
                variants -> variants.match(request)
                        .filter(entry -> stored.isEmpty() || entry.responseTime().isAfter(stored.get().responseTime()))
                        .filter(entry -> Decider.decide(request, Optional.of(entry), false, exchange.rule(), clock.instant()) instanceof Decision.Hit));
        refills.take(refill).onComplete(taken -> context.runOnContext(ignored -> {
            RefillCoordinator.Turn turn = taken.succeeded() ? taken.result() : new RefillCoordinator.Turn.Alone("lock-error");
            if (turn instanceof RefillCoordinator.Turn.Filled filled) {
                servePeerFill(exchange, filled.entry(), status, lead);
                return;
            }
            if (turn instanceof RefillCoordinator.Turn.Lead held) {
                releaseWhenStored(exchange, lead, held.lock());
            }
            countRequest(exchange, result);
            fetch(exchange, stored, status, lead);
        }));
    }

    /**
     * Only where L2 holds the route's entries (a peer's fill is found there), and not when the client
     * demanded validation: its request must reach the origin, not wait for another instance.
     */
    private boolean usesRefillLock(Exchange exchange, CacheStatus status) {
        return store.hasL2() && exchange.route().tiers().contains("l2") && !status.forward().filter("request"::equals).isPresent();
    }

    /** The lock is released once other instances can read the entry in L2, or at once when nothing was stored. */
    private void releaseWhenStored(Exchange exchange, Coalescer.Lead lead, String lock) {
        lead.promise().future().onComplete(outcome -> {
            boolean stored = outcome.succeeded() && outcome.result() instanceof FetchOutcome.Stored;
            (stored ? exchange.l2Write().get() : Future.<Void>succeededFuture())
                    .onComplete(ignored -> store.locks().release(lock));
        });
    }

    /** Another instance fetched and stored the entry while this one waited: serve it, and to this instance's waiters too. */
    private void servePeerFill(Exchange exchange, StoredResponse entry, CacheStatus status, Coalescer.Lead lead) {
        Instant now = clock.instant();
        if (exchange.sink() != ClientSink.NONE) {
            metrics.request(exchange.plan(), "collapsed");
        }
        complete(lead, new FetchOutcome.Stored(entry, 0));
        exchange.sink().fromEntry(entry, peerFill(status).withTtl(entry.ttlSeconds(now)), now);
    }

    /** A response another instance fetched and this one read from L2 while it waited. */
    private static CacheStatus peerFill(CacheStatus status) {
        return status.withCollapsed().withDetail(PEER_FILL).withTier(CacheStatus.TIER_L2);
    }

    private void countRequest(Exchange exchange, String result) {
        if (result != null) {
            metrics.request(exchange.plan(), result);
        }
    }

    /**
     * Early refresh of a fresh hit (the route's {@code earlyRefresh} and {@code refreshAhead}): the pure
     * {@link EarlyRefresh} decides, with this request's random draw and the entry's hit count.
     */
    private void refreshEarlyIfDue(Exchange exchange, Decision.Hit hit, Instant now) {
        RefreshRule refresh = exchange.rule().refresh();
        if (!refresh.enabled() || !Decider.FRESH.equals(hit.reason())) {
            return;
        }
        long count = refresh.aheadSeconds().isPresent() ? hits.hit(exchange.collapseKey(), hit.entry().responseTime()) : 0;
        // nextDouble() is in [0, 1); XFetch takes the logarithm, so draw from (0, 1].
        double random = 1 - java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        // The hit is already counted; the refresh is not a request of its own.
        EarlyRefresh.decide(hit.entry(), refresh, random, count, now).ifPresent(reason -> refreshInBackground(exchange, hit.entry()));
    }

    /** A collapsed request: serve what the leader stored, or go to the origin alone. */
    private void afterWaiting(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, FetchOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof FetchOutcome.Stored storedOutcome) {
            Optional<StoredResponse> match = VariantSet.of(storedOutcome.entry()).match(exchange.cacheRequest());
            if (match.isPresent()) {
                metrics.request(exchange.plan(), "collapsed");
                // No forward status: the leader took the entry from another instance's L2 fill.
                CacheStatus shared = storedOutcome.forwardStatus() > 0
                        ? status.withForwardStatus(storedOutcome.forwardStatus()).withCollapsed() : peerFill(status);
                exchange.sink().fromEntry(match.get(), shared.withTtl(match.get().ttlSeconds(now)), now);
                return;
            }
        } else if (outcome instanceof FetchOutcome.Failed failed) {
            metrics.request(exchange.plan(), "collapsed");
            failOrServeStale(exchange, stored, status.withCollapsed(), failed.failure(), failed.forwardStatus());
            return;
        }
        // Not shareable, or stored for other Vary values: this request asks the origin itself.
        metrics.request(exchange.plan(), "miss");
        fetch(exchange, stored, status, null);
    }

    /** Stale-while-revalidate and early refresh: one background refresh per key, nobody waiting for it. */
    private void refreshInBackground(Exchange exchange, StoredResponse stale) {
        coalescer.tryLead(exchange.collapseKey(), ignored -> { }).ifPresent(lead -> {
            RequestTrace refresh = exchange.trace().refresh(exchange.route().name());
            if (refresh.recording()) {
                lead.promise().future().onComplete(ignored -> refresh.refreshed());
            }
            Exchange background = new Exchange(exchange.request(), ClientSink.NONE, exchange.plan(), exchange.origin(),
                    exchange.storedVary(), exchange.generations(), new AtomicReference<>(Future.succeededFuture()), refresh);
            leadFetch(background, Optional.of(stale), CacheStatus.forward("stale", Decider.STALE), lead.tracedBy(refresh), null);
        });
    }

    /**
     * Fetches from the origin for the cache: a complete GET (conditional when an entry with validators
     * exists), streamed to the client while it is collected for storing.
     *
     * @param lead the coalescing lead to complete, or null for a request that fetches alone
     */
    private void fetch(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, Coalescer.Lead lead) {
        Instant requestTime = clock.instant();
        long startNanos = System.nanoTime();
        OriginRequest sent = exchange.plan().originRequest(exchange.storedVary(), stored);
        OriginFetch traced = exchange.trace().originFetch(exchange.route().origin(), exchange.origin(), "GET");
        Headers originHeaders = traced.propagate(exchange.plan().fetchHeaders(sent, exchange.origin()));
        // Not cancelled when this client goes: others may be waiting for the fetch. Its early hints go to this client only.
        bulkhead.send(exchange.route(), () -> origin.send(exchange.route().origin(), exchange.origin(), "GET", sent.target(),
                originHeaders, null, io.vertx.core.Promise.<Void>promise().future(), exchange.sink()::earlyHints)).onComplete(result -> {
            traced.settled(result);
            Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
            exchange.sink().originTime(latency.toNanos());
            if (result.failed()) {
                metrics.originLatency(exchange.route().name(), "failure", latency);
                OriginFailure failure = OriginFailure.of(result.cause());
                complete(lead, new FetchOutcome.Failed(failure, 0));
                failOrServeStale(exchange, stored, status, failure, 0);
                return;
            }
            metrics.originLatency(exchange.route().name(), Integer.toString(result.result().statusCode()), latency);
            onOriginResponse(exchange, stored, status, lead, result.result(), requestTime, startNanos, sent);
        });
    }

    /**
     * @param startNanos when the fetch began ({@link System#nanoTime()}), to record how long it took in the entry
     *     (early refresh weighs it); real time, since the gateway's clock may be a test's
     * @param sent what the fetch sent: Vary is matched against its client fields, since a field that was
     *     withheld could not have shaped the response
     */
    private void onOriginResponse(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, Coalescer.Lead lead,
                                  HttpClientResponse response, Instant requestTime, long startNanos, OriginRequest sent) {
        Instant responseTime = clock.instant();
        int code = response.statusCode();
        Headers headers = HopByHop.strip(ProxyHeaders.of(response.headers()));
        OriginAnswer answer = adaptive.atHead(exchange.route().name(), exchange.key(), exchange.rule(),
                exchange.plan().answer(sent, stored, code, headers, OriginAnswer.declaredLength(headers), requestTime, responseTime, status),
                responseTime);
        if (answer instanceof OriginAnswer.Freshened freshened) {
            response.resume();
            StoredResponse entry = freshened.entry().withFetchMillis(elapsedMillis(startNanos));
            store(exchange, entry, responseTime);
            complete(lead, new FetchOutcome.Stored(entry, 304));
            exchange.sink().fromEntry(entry, freshened.clientFields(), freshened.cacheStatus(), responseTime);
            return;
        }
        if (answer instanceof OriginAnswer.RefetchUnconditionally refetch) {
            response.resume();
            fetch(exchange, Optional.empty(), refetch.cacheStatus(), lead);
            return;
        }
        if (answer instanceof OriginAnswer.ServeStaleOnError stale) {
            response.resume();
            OriginFailure failure = new OriginFailure(OriginFailure.Kind.STATUS, "origin answered " + stale.failedStatus());
            complete(lead, new FetchOutcome.Failed(failure, stale.failedStatus()));
            metrics.request(exchange.plan(), "stale-if-error");
            exchange.sink().fromEntry(stale.entry(), stale.cacheStatus(), responseTime);
            return;
        }
        boolean collect = answer instanceof OriginAnswer.Collect;
        CacheStatus forwarded = answer.cacheStatus();
        if (answer instanceof OriginAnswer.Forward forward) {
            complete(lead, forward.failsWaiters() ? new FetchOutcome.Failed(new OriginFailure(OriginFailure.Kind.STATUS, "origin answered " + code), code)
                    : new FetchOutcome.NotShared());
        }
        boolean streamBody = exchange.sink().beginStream(code, headers, forwarded);
        if (!collect && !streamBody) {
            // Nobody needs the body: do not read it from the origin.
            response.request().reset();
            return;
        }
        BodyCollector collector = new BodyCollector(collect ? ((OriginAnswer.Collect) answer).maxBytes() : -1);
        response.handler(chunk -> {
            collector.append(chunk);
            if (streamBody && exchange.sink().write(chunk)) {
                response.pause();
                exchange.sink().onDrain(ignored -> response.resume());
            }
            if (!streamBody && !collector.collecting() || !collect && !exchange.sink().isOpen()) {
                response.request().reset();
            }
        });
        response.exceptionHandler(error -> {
            LOG.log(Level.FINE, "origin body failed for " + sent.target(), error);
            if (collect) {
                complete(lead, new FetchOutcome.Failed(OriginFailure.of(error), code));
            }
            exchange.sink().abort();
        });
        response.endHandler(ignored -> {
            if (!collect) {
                exchange.sink().end();
                return;
            }
            if (!collector.collecting()) {
                exchange.sink().end();
                complete(lead, new FetchOutcome.NotShared());
                return;
            }
            StorePlan plan = exchange.plan().storePlan(sent, code, headers, collector.bytes(), requestTime, responseTime);
            if (plan.storable()) {
                StoredResponse entry = adaptive.stored(exchange.route().name(), exchange.key(), exchange.rule(), plan.entry().get(),
                        responseTime).withFetchMillis(elapsedMillis(startNanos));
                // Stored (or its write begun) before the client sees the end, so the client's next request finds it.
                store(exchange, entry, responseTime);
                exchange.sink().end();
                complete(lead, new FetchOutcome.Stored(entry, code));
            } else {
                exchange.sink().end();
                complete(lead, new FetchOutcome.NotShared());
            }
        });
    }

    /** The origin failed: serve stale within stale-if-error, else 502 or 504. */
    private void failOrServeStale(Exchange exchange, Optional<StoredResponse> stored, CacheStatus status, OriginFailure failure,
                                  int forwardStatus) {
        Instant now = clock.instant();
        int clientStatus = failure.kind() == OriginFailure.Kind.STATUS ? forwardStatus : failure.status();
        FailurePlan plan = exchange.plan().onFailure(stored, status, failure.kind().detail(), clientStatus, forwardStatus, now);
        if (plan instanceof FailurePlan.ServeStale stale) {
            metrics.request(exchange.plan(), "stale-if-error");
            exchange.sink().fromEntry(stale.entry(), stale.cacheStatus(), now);
            return;
        }
        FailurePlan.Fail fail = (FailurePlan.Fail) plan;
        metrics.request(exchange.plan(), "error");
        refusalFields(exchange, failure);
        exchange.sink().error(fail.status(), fail.cacheStatus(), "origin failed: " + failure.kind().detail());
    }

    /** A full bulkhead tells the client when to come back. */
    private static void refusalFields(Exchange exchange, OriginFailure failure) {
        if (failure.kind() == OriginFailure.Kind.BULKHEAD_FULL) {
            exchange.sink().addFields(Bulkhead.refusalHeaders());
        }
    }

    /**
     * Forwards as is, streaming both bodies; a non-error answer to an unsafe method invalidates the
     * target URI and the Location / Content-Location URIs on the same host (RFC 9111 §4.4).
     */
    private void passThrough(Exchange exchange, CacheStatus status) {
        HttpServerRequest request = exchange.request();
        String method = request.method().name();
        metrics.request(exchange.plan(), "bypass");
        request.pause();
        OriginFetch traced = exchange.trace().originFetch(exchange.route().origin(), exchange.origin(), method);
        Headers originHeaders = traced.propagate(exchange.plan().passThroughHeaders(exchange.origin()));
        boolean hasBody = RequestPlan.hasRequestBody(exchange.cacheRequest().headers());
        // The gateway answers Expect: 100-continue itself, once it reads the body (ClientBody).
        Headers forwarded = hasBody ? originHeaders.without("Expect") : originHeaders;
        long startNanos = System.nanoTime();
        bulkhead.send(exchange.route(), () -> origin.send(exchange.route().origin(), exchange.origin(), method, exchange.plan().target(),
                forwarded, hasBody ? new ClientBody(vertx, request, bodyTimeout) : null, exchange.sink().gone(),
                exchange.sink()::earlyHints)).onComplete(result -> {
            traced.settled(result);
            Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
            exchange.sink().originTime(latency.toNanos());
            if (result.failed() && result.cause() instanceof ClientFaultException fault) {
                clientFault(exchange, status, fault);
                return;
            }
            if (result.failed()) {
                metrics.originLatency(exchange.route().name(), "failure", latency);
                OriginFailure failure = OriginFailure.of(result.cause());
                request.resume();
                refusalFields(exchange, failure);
                exchange.sink().error(failure.status(), status.withDetail(failure.kind().detail()), "origin failed: " + failure.kind().detail());
                return;
            }
            HttpClientResponse response = result.result();
            metrics.originLatency(exchange.route().name(), Integer.toString(response.statusCode()), latency);
            Headers headers = HopByHop.strip(ProxyHeaders.of(response.headers()));
            exchange.plan().invalidations(policy.get().policy(), response.statusCode(), headers)
                    .forEach(key -> store.invalidate(key.hash()));
            boolean body = exchange.sink().beginStream(response.statusCode(), headers, status.withForwardStatus(response.statusCode()));
            if (!body) {
                response.request().reset();
                return;
            }
            response.handler(chunk -> {
                if (exchange.sink().write(chunk)) {
                    response.pause();
                    exchange.sink().onDrain(ignored -> response.resume());
                }
            });
            response.exceptionHandler(error -> exchange.sink().abort());
            response.endHandler(ignored -> exchange.sink().end());
        });
    }

    /** The client, not the origin, ended the exchange: a client too slow with its body gets 408 and loses its connection. */
    private void clientFault(Exchange exchange, CacheStatus status, ClientFaultException fault) {
        LOG.log(Level.FINE, () -> "client fault on " + exchange.plan().target() + ": " + fault.getMessage());
        metrics.clientFault(exchange.route().name(), fault.kind().detail());
        if (fault.kind() == ClientFaultException.Kind.BODY_TIMEOUT) {
            metrics.clientTimeout("body");
            exchange.sink().addFields(Headers.of("Connection", "close"));
            exchange.sink().error(408, status.withDetail(fault.kind().detail()), "request body timeout");
            exchange.request().connection().close();
        }
    }

    /**
     * Stamps the entry with its purge generations and stores it. The stamp is immediate when every
     * generation is known locally; otherwise it is read from Redis first (on the Redis client's thread:
     * the tiers are thread-safe).
     */
    private void store(Exchange exchange, StoredResponse entry, Instant now) {
        io.vertx.core.Promise<Void> written = io.vertx.core.Promise.promise();
        exchange.l2Write().set(written.future());
        store.stampThen(exchange.route().name(), exchange.key(), entry.tags(), exchange.generations(), stamp -> {
            VariantSet current = store.l1(exchange.key(), now).orElse(new VariantSet(java.util.List.of()));
            VariantSet updated = current.with(entry.withGenerations(stamp));
            boolean shared = exchange.route().tiers().contains("l2");
            TraceSpan l2Set = shared && store.hasL2() ? exchange.trace().l2Set() : TraceSpan.NONE;
            store.put(exchange.key(), exchange.canonical(), updated, Duration.ofSeconds(updated.retentionSeconds(now, exchange.rule())),
                    exchange.route().tiers().contains("l1"), shared)
                    .onComplete(ignored -> {
                        l2Set.end();
                        written.tryComplete();
                    });
            metrics.stored(exchange.route().name());
        }).onFailure(ignored -> written.tryComplete());
    }

    private static long elapsedMillis(long startNanos) {
        return Math.max(0, Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    private void complete(Coalescer.Lead lead, FetchOutcome outcome) {
        if (lead != null) {
            coalescer.complete(lead, outcome);
        }
    }

    /** The address of the connection's other end: the client, or the upstream proxy it came through. */
    private static String peerAddress(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** The adaptive TTL's change histories, for the admin API. */
    AdaptiveTtls adaptive() {
        return adaptive;
    }

    int inFlightFetches() {
        return coalescer.inFlightCount();
    }

    Future<Void> close() {
        return Future.all(origin.close(), store.close(),
                sharedRateLimiter.map(SharedRateLimiter::close).orElse(Future.succeededFuture()))
                .andThen(ignored -> accessLog.close()).mapEmpty();
    }
}
