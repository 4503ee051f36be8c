package dev.tiergate.store;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.Generations;
import dev.tiergate.cache.VariantSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * L1 in front of an optional regional L2. Reads go L1, then L2 (an L2 hit fills L1 for the
 * entry's remaining lifetime); writes go to L1 at once and to L2 in the background, never
 * delaying a client. L2 is never on the path to correctness: every call has a timeout, a fault is
 * a miss, and a circuit breaker stops calling it after repeated faults, so requests go L1 → origin
 * without waiting until half-open probes find it healthy again.
 */
public final class TieredStore {

    private static final Logger LOG = Logger.getLogger(TieredStore.class.getName());
    /** Consecutive faults that open the breaker. */
    public static final int DEFAULT_MAX_FAILURES = 5;
    /** How long the breaker stays open before a probe is let through. */
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(5);

    private final MemoryTier l1;
    private final Optional<Tier> l2;
    private final CircuitBreaker breaker;
    private final MeterRegistry registry;
    private final java.util.concurrent.ConcurrentMap<String, Future<Optional<VariantSet>>> l2Reads =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger pendingWrites = new java.util.concurrent.atomic.AtomicInteger();
    private final Vertx vertx;
    private final Purges purges;
    private final RefillLocks locks;
    private final AtomicLong l2Hits = new AtomicLong();
    private final AtomicLong l2Misses = new AtomicLong();
    private final AtomicLong l2Errors = new AtomicLong();

    /**
     * @param l2 the regional tier, if any
     * @param resetTimeout how long the breaker stays open before probing L2 again
     */
    public TieredStore(Vertx vertx, MemoryTier l1, Optional<Tier> l2, MeterRegistry registry, int maxFailures, Duration resetTimeout) {
        this(vertx, l1, l2, registry, maxFailures, resetTimeout, InstantSource.system());
    }

    /**
     * @param clock the gateway's clock, for soft purges applied locally
     */
    public TieredStore(Vertx vertx, MemoryTier l1, Optional<Tier> l2, MeterRegistry registry, int maxFailures, Duration resetTimeout,
                       InstantSource clock) {
        this.vertx = vertx;
        this.l1 = l1;
        this.l2 = l2;
        this.registry = registry;
        // The tier's own command timeout bounds each call; the breaker only counts outcomes.
        this.breaker = CircuitBreaker.create("l2", vertx, new CircuitBreakerOptions()
                .setMaxFailures(maxFailures).setTimeout(-1).setResetTimeout(resetTimeout.toMillis()).setFallbackOnFailure(false));
        breaker.openHandler(ignored -> LOG.warning("L2 circuit breaker open: requests go L1 → origin until L2 recovers"));
        breaker.closeHandler(ignored -> LOG.info("L2 circuit breaker closed: L2 is back"));
        Gauge.builder("tiergate.l2.breaker.state", breaker, b -> switch (b.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        }).description("L2 circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        // Generations live in Redis only when L2 is the Redis tier; any other L2 (tests) leaves them local.
        Optional<RedisTier> redis = l2.filter(RedisTier.class::isInstance).map(RedisTier.class::cast);
        this.purges = new Purges(l1, redis, this::call, clock, registry);
        this.locks = new RefillLocks(redis, this::call);
        if (redis.isPresent()) {
            Gauge.builder("tiergate.purge.bus.subscribed", purges, p -> p.bus().map(b -> b.isSubscribed() ? 1 : 0).orElse(0))
                    .description("1 while subscribed to the purge bus (purges from other instances reach this one), else 0")
                    .register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("tiergate.purge.bus.resyncs", purges,
                            p -> p.bus().map(PurgeBus::resyncs).orElse(0L))
                    .description("Times L1 and the cached generations were dropped because the purge bus came back after a loss")
                    .register(registry);
        }
    }

    /** Only L1: the store when no L2 is configured. */
    public static TieredStore l1Only(Vertx vertx, MemoryTier l1, MeterRegistry registry) {
        return new TieredStore(vertx, l1, Optional.empty(), registry, DEFAULT_MAX_FAILURES, DEFAULT_RESET_TIMEOUT);
    }


    /**
     * The L1 entry as purges leave it, synchronously (the hit path): hard-purged variants removed,
     * soft-purged ones expired. What changed is written back (keeping the entry's expiry), so a soft-purged
     * entry's stale windows count from the first read after the purge.
     */
    public Optional<VariantSet> l1(String key, Instant now) {
        Optional<VariantSet> raw = l1.getNow(key);
        if (raw.isEmpty()) {
            return raw;
        }
        Optional<VariantSet> usable = purges.filterNow(key, raw.get(), now);
        if (usable.isEmpty() || usable.get() != raw.get()) {
            l1.replace(key, usable);
        }
        return usable;
    }

    /** True when an L2 is configured. */
    public boolean hasL2() {
        return l2.isPresent();
    }

    /**
     * The L2 entry, filling L1 on a hit; empty on a miss, a fault or an open breaker.
     *
     * @param rule the route's rule, for the retention of the L1 copy
     */
    public Future<Optional<VariantSet>> l2(String key, CacheRule rule, Instant now) {
        return l2(key, "", rule, now);
    }

    /**
     * The L2 entry as purges leave it (generations not known here are read from Redis first), filling
     * L1 with it; empty on a miss, a fault or an open breaker.
     *
     * @param canonical the family's canonical URL, kept with the L1 copy for prefix purges
     * @param rule the route's rule, for the retention of the L1 copy
     */
    public Future<Optional<VariantSet>> l2(String key, String canonical, CacheRule rule, Instant now) {
        return l2(key, canonical, rule, now, true);
    }

    /**
     * As {@link #l2(String, String, CacheRule, Instant)}; concurrent reads of one key share one Redis
     * call, so a hot key missing from L1 costs one round trip, not one per request.
     *
     * @param fillL1 false for routes whose entries must not be held in process memory
     */
    public Future<Optional<VariantSet>> l2(String key, String canonical, CacheRule rule, Instant now, boolean fillL1) {
        if (l2.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Future<Optional<VariantSet>> inFlight = l2Reads.get(key);
        if (inFlight != null) {
            return inFlight;
        }
        io.vertx.core.Promise<Optional<VariantSet>> promise = io.vertx.core.Promise.promise();
        Future<Optional<VariantSet>> raced = l2Reads.putIfAbsent(key, promise.future());
        if (raced != null) {
            return raced;
        }
        read(key, canonical, rule, now, fillL1).onComplete(result -> {
            l2Reads.remove(key, promise.future());
            promise.handle(result);
        });
        return promise.future();
    }

    private Future<Optional<VariantSet>> read(String key, String canonical, CacheRule rule, Instant now, boolean fillL1) {
        return call("get", () -> l2.get().get(key)).compose(found -> {
            count("get", found.isPresent() ? "hit" : "miss");
            return found.isEmpty() ? Future.succeededFuture(found) : purges.filter(key, found.get(), now);
        }).map(usable -> {
            usable.filter(ignored -> fillL1).ifPresent(variants -> {
                long retention = variants.retentionSeconds(now, rule);
                if (retention > 0) {
                    l1.put(key, canonical, variants, Duration.ofSeconds(retention));
                }
            });
            (usable.isPresent() ? l2Hits : l2Misses).incrementAndGet();
            return usable;
        }).otherwise(error -> {
            l2Errors.incrementAndGet();
            return Optional.empty();
        });
    }

    /** Stores in L1 now and, when {@code shared}, in L2 in the background. */
    public void put(String key, VariantSet variants, Duration retention, boolean shared) {
        put(key, "", variants, retention, shared);
    }

    /**
     * Stores in L1 now and, when {@code shared}, in L2 in the background.
     *
     * @param canonical the family's canonical URL, kept with the L1 copy for prefix purges
     */
    public void put(String key, String canonical, VariantSet variants, Duration retention, boolean shared) {
        put(key, canonical, variants, retention, true, shared);
    }

    /**
     * Stores in the tiers a route allows: L1 now when {@code local}, L2 in the background when {@code shared}.
     * The future completes (never fails) when the L2 write is over, successful or not.
     *
     * @param canonical the family's canonical URL, kept with the L1 copy for prefix purges
     */
    public Future<Void> put(String key, String canonical, VariantSet variants, Duration retention, boolean local, boolean shared) {
        if (local) {
            l1.put(key, canonical, variants, retention);
        }
        if (shared && l2.isPresent()) {
            pendingWrites.incrementAndGet();
            // The returned future lets a refill lock be released only once other instances can read the entry.
            return call("put", () -> l2.get().put(key, variants, retention)).andThen(ignored -> pendingWrites.decrementAndGet())
                    .otherwiseEmpty();
        }
        return Future.succeededFuture();
    }

    /** Removes from L1 now and from L2 in the background. */
    public void remove(String key) {
        l1.remove(key);
        l2.ifPresent(tier -> call("remove", () -> tier.remove(key)));
    }

    /**
     * An RFC 9111 §4.4 invalidation: removes the family here and from L2, and tells every other
     * instance to drop its L1 copy.
     */
    public void invalidate(String key) {
        remove(key);
        purges.invalidate(key);
    }

    /**
     * Stamps a new entry of the family with its purge generations (see {@link Purges#stamp}) and hands
     * the stamp to {@code store}, which stores it. Counted in {@link #pendingWrites()} until done, so the
     * whole write, stamp included, can be awaited. The future fails when the entry was not stored (its
     * generations could not be read) and succeeds once {@code store} has run.
     */
    public Future<Void> stampThen(String route, String family, Collection<String> tags, Map<String, Long> snapshot,
                                  Consumer<Generations> store) {
        pendingWrites.incrementAndGet();
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        purges.stamp(route, family, tags, snapshot).onComplete(stamp -> {
            try {
                if (stamp.succeeded()) {
                    store.accept(stamp.result());
                    done.complete();
                } else {
                    LOG.fine("not stored: purge generations unreadable (" + stamp.cause().getMessage() + ")");
                    done.fail(stamp.cause());
                }
            } finally {
                pendingWrites.decrementAndGet();
            }
        });
        return done.future();
    }

    /** The cross-instance refill locks (unavailable without a Redis L2). */
    public RefillLocks locks() {
        return locks;
    }

    /** Purges and the generation stamps of new entries. */
    public Purges purges() {
        return purges;
    }

    /** A snapshot of the tiers' state for the admin API. */
    public StoreStats stats() {
        Optional<PurgeBus> bus = purges.bus();
        return new StoreStats(l1.estimatedSize(), l1.weightedBytes(), l1.hitCount(), l1.missCount(), l2.isPresent(),
                l2Hits.get(), l2Misses.get(), l2Errors.get(), breaker.state().name(), bus.map(PurgeBus::isSubscribed).orElse(false),
                bus.map(PurgeBus::resyncs).orElse(0L), purges.table().size());
    }

    /**
     * Opens L2's connections before traffic arrives: the first command on a cold client pays for the
     * connection and would otherwise exceed the command timeout. A failure here is not fatal: L2 is optional.
     */
    public Future<Void> warmUp() {
        if (l2.isEmpty()) {
            return Future.succeededFuture();
        }
        purges.startBus(vertx);
        Tier tier = l2.get();
        // The first attempt may time out while the connection is being made; the second finds it open.
        return tier.get("warm-up").recover(first -> tier.get("warm-up")).<Void>mapEmpty().otherwise(error -> {
            LOG.warning("L2 is not reachable at start (" + error.getMessage() + "); serving from L1 and the origin until it is");
            return null;
        });
    }

    /**
     * One read of L2 outside the breaker and the counters, for health probes: true when Redis answered within
     * its command timeout, false without an L2. A probe must see Redis as it is, not as the breaker last judged it.
     */
    public Future<Boolean> l2Answers() {
        if (l2.isEmpty()) {
            return Future.succeededFuture(false);
        }
        return l2.get().get("health-probe").map(true).otherwise(false);
    }

    /** The breaker's state: CLOSED, HALF_OPEN or OPEN. */
    public CircuitBreakerState breakerState() {
        return breaker.state();
    }

    /** L2 writes not yet acknowledged (or failed). */
    public int pendingWrites() {
        return pendingWrites.get();
    }

    public MemoryTier memory() {
        return l1;
    }

    public Future<Void> close() {
        purges.close();
        breaker.close();
        return l2.filter(tier -> tier instanceof RedisTier).map(tier -> ((RedisTier) tier).close()).orElse(Future.succeededFuture());
    }

    private <T> Future<T> call(String operation, Supplier<Future<T>> command) {
        long start = System.nanoTime();
        Future<T> result = breaker.execute(command);
        return result.andThen(outcome -> {
            Timer.builder("tiergate.l2.latency").description("L2 command latency").tag("op", operation)
                    .tag("outcome", outcome.succeeded() ? "ok" : "error").register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
            if (outcome.failed()) {
                count(operation, "error");
            }
        });
    }

    private void count(String operation, String result) {
        Counter.builder("tiergate.l2.requests").description("L2 calls by operation and result").tag("op", operation)
                .tag("result", result).register(registry).increment();
    }
}
