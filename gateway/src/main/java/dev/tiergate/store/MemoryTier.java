package dev.tiergate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tiergate.cache.VariantSet;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process tier (L1): Caffeine bounded by bytes, each entry expiring after its own
 * retention, timed by the gateway's clock so tests can advance time instead of sleeping.
 */
public final class MemoryTier implements Tier {

    /**
     * A value with the retention it was stored for and its canonical URL family (host, path, keyed
     * query), which is what a prefix purge matches; empty when the writer did not know it.
     */
    private record Held(VariantSet variants, long retentionNanos, String canonical, boolean rewritten) {
        Held(VariantSet variants, long retentionNanos, String canonical) {
            this(variants, retentionNanos, canonical, false);
        }

        /** The same entry with purged variants removed or expired: it keeps its expiry rather than starting a new one. */
        Held rewrite(VariantSet updated) {
            return new Held(updated, retentionNanos, canonical, true);
        }
    }

    private final Cache<String, Held> cache;
    private final long maxBytes;
    private final SharedNames names = new SharedNames(SharedNames.DEFAULT_MAX_NAMES);
    /** Entries removed, by Caffeine's cause: counted from the start, published once metrics are bound. */
    private final Map<RemovalCause, LongAdder> removals = new EnumMap<>(RemovalCause.class);

    /**
     * @param maxBytes capacity, weighed as the heap each entry takes ({@link HeapWeigher})
     * @param clock the gateway's clock, also Caffeine's ticker
     */
    public MemoryTier(long maxBytes, InstantSource clock) {
        Ticker ticker = () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        HeapWeigher weigher = new HeapWeigher(names);
        this.maxBytes = maxBytes;
        for (RemovalCause cause : RemovalCause.values()) {
            removals.put(cause, new LongAdder());
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Held held) -> weigher.weigh(key, held.canonical(), held.variants()))
                .expireAfter(new Expiry<String, Held>() {
                    @Override
                    public long expireAfterCreate(String key, Held held, long currentTime) {
                        return held.retentionNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Held held, long currentTime, long currentDuration) {
                        return held.rewritten() ? currentDuration : held.retentionNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Held held, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .removalListener((String key, Held held, RemovalCause cause) -> removals.get(cause).increment())
                .recordStats()
                .build();
    }

    /**
     * Publishes size, hits, misses and evictions as {@code cache_*} metrics tagged {@code cache=l1}, and the gateway's
     * own L1 series: {@code tiergate_l1_evictions_total{cause}} (every removal, by Caffeine's cause: {@code size},
     * {@code expired}, {@code explicit} for purges, invalidations and clears, {@code replaced} for an entry overwritten
     * or rewritten, {@code collected}), {@code tiergate_l1_bytes}, {@code tiergate_l1_entries} and
     * {@code tiergate_l1_capacity_bytes}.
     */
    public void bindMetrics(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, cache, "l1");
        removals.forEach((cause, count) -> FunctionCounter.builder("tiergate.l1.evictions", count, LongAdder::doubleValue)
                .description("L1 entries removed, by cause").tag("cause", cause.name().toLowerCase(Locale.ROOT)).register(registry));
        Gauge.builder("tiergate.l1", this, MemoryTier::weightedBytes).baseUnit("bytes")
                .description("Heap held by L1 entries, as weighed for its capacity").register(registry);
        Gauge.builder("tiergate.l1.entries", this, MemoryTier::estimatedSize).description("Entries held in L1 (approximate)")
                .register(registry);
        Gauge.builder("tiergate.l1.capacity", this, tier -> tier.maxBytes).baseUnit("bytes").description("L1's capacity")
                .register(registry);
    }

    /** Entries removed so far for {@code cause}. */
    public long removals(RemovalCause cause) {
        return removals.get(cause).sum();
    }

    /** The entry without a future, for the hit path. */
    public Optional<VariantSet> getNow(String key) {
        Held held = cache.getIfPresent(key);
        return held == null ? Optional.empty() : Optional.of(held.variants());
    }

    @Override
    public Future<Optional<VariantSet>> get(String key) {
        return Future.succeededFuture(getNow(key));
    }

    @Override
    public Future<Void> put(String key, VariantSet variants, Duration retention) {
        return put(key, "", variants, retention);
    }

    /** Stores {@code variants} under {@code key}, remembering the family's canonical URL for prefix purges. */
    public Future<Void> put(String key, String canonical, VariantSet variants, Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            cache.invalidate(key);
        } else {
            cache.put(key, new Held(names.compact(variants), retention.toNanos(), canonical));
        }
        return Future.succeededFuture();
    }

    /** The keys whose canonical URL starts with {@code canonicalPrefix} (a scan of every entry: an admin operation). */
    public java.util.Set<String> keysWithCanonicalPrefix(String canonicalPrefix) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        cache.asMap().forEach((key, held) -> {
            if (!held.canonical().isEmpty() && held.canonical().startsWith(canonicalPrefix)) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * Replaces every entry by what {@code update} makes of it (empty removes it), keeping its retention.
     * A scan of every entry: used only when a purge cannot be recorded in a shared generation.
     */
    public void rewriteAll(java.util.function.BiFunction<String, VariantSet, Optional<VariantSet>> update) {
        for (String key : java.util.Set.copyOf(cache.asMap().keySet())) {
            cache.asMap().computeIfPresent(key, (k, held) -> update.apply(k, held.variants())
                    .map(variants -> variants == held.variants() ? held : held.rewrite(variants))
                    .orElse(null));
        }
    }

    /** Replaces the variants under {@code key}, if still held, keeping its expiry and canonical URL; empty removes it. */
    public void replace(String key, Optional<VariantSet> variants) {
        cache.asMap().computeIfPresent(key, (k, held) -> variants.map(held::rewrite).orElse(null));
    }

    /** The weight of what is held: the heap its entries take, as {@link HeapWeigher} estimates it. */
    public long weightedBytes() {
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    /** Lookups that found an entry / found none, since start. */
    public long hitCount() {
        return cache.stats().hitCount();
    }

    public long missCount() {
        return cache.stats().missCount();
    }

    @Override
    public Future<Void> remove(String key) {
        cache.invalidate(key);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> clear() {
        cache.invalidateAll();
        return Future.succeededFuture();
    }

    /** The keys held now (a snapshot, for diagnostics and tests). */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(cache.asMap().keySet());
    }

    /** Approximate number of keys. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /** Runs pending maintenance (evictions), so tests observe a settled state. */
    public void cleanUp() {
        cache.cleanUp();
    }
}
