package dev.tiergate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tiergate.cache.VariantSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The in-process tier (L1): Caffeine bounded by bytes, each entry expiring after its own
 * retention, timed by the gateway's clock so tests can advance time instead of sleeping.
 */
public final class MemoryTier implements Tier {

    /** A value with the retention it was stored for. */
    private record Held(VariantSet variants, Duration retention) {
    }

    private final Cache<String, Held> cache;

    /**
     * @param maxBytes capacity, weighed as headers plus body of every variant
     * @param clock the gateway's clock, also Caffeine's ticker
     */
    public MemoryTier(long maxBytes, InstantSource clock) {
        Ticker ticker = () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Held held) -> key.length() + held.variants().sizeBytes())
                .expireAfter(Expiry.<String, Held>writing((key, held) -> held.retention()))
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /** Publishes size, hits, misses and evictions as {@code cache_*} metrics tagged {@code cache=l1}. */
    public void bindMetrics(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, cache, "l1");
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
        if (retention.isZero() || retention.isNegative()) {
            cache.invalidate(key);
        } else {
            cache.put(key, new Held(variants, retention));
        }
        return Future.succeededFuture();
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
