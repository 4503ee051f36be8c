package dev.tiergate.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the hits of each stored entry for refresh-ahead ({@code refreshAhead.minHits}). Bounded and
 * approximate on purpose: a count that is evicted or lost only delays a refresh to the entry's expiry,
 * as if refresh-ahead were off.
 */
final class HitCounter {

    private static final long MAX_KEYS = 100_000;

    /** Hits of one entry; a new entry (another response time) starts again from zero. */
    private record Count(Instant responseTime, AtomicLong hits) {
    }

    private final Cache<String, Count> counts = Caffeine.newBuilder().maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /** Records a hit of the entry stored at {@code responseTime} under {@code key}; returns its hits so far. */
    long hit(String key, Instant responseTime) {
        Count count = counts.asMap().compute(key, (ignored, current) ->
                current != null && current.responseTime().equals(responseTime) ? current : new Count(responseTime, new AtomicLong()));
        return count.hits().incrementAndGet();
    }
}
