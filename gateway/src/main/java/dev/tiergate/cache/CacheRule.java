package dev.tiergate.cache;

import java.util.OptionalLong;

/**
 * What a route asks of the cache, as far as the pure decisions need it.
 *
 * @param bypass never look up nor store; forward as is
 * @param ttlSeconds a freshness lifetime that overrides the origin's, when present
 * @param staleWhileRevalidateSeconds the window used when the origin sends no {@code stale-while-revalidate}
 * @param staleIfErrorSeconds the window used when the origin sends no {@code stale-if-error}
 * @param maxObjectBytes bodies larger than this are streamed through and not stored
 * @param allowSetCookie store responses that carry {@code Set-Cookie} (the field itself is never stored)
 * @param keepSeconds how long an expired entry with validators is kept for conditional revalidation
 * @param minTtlSeconds the least freshness given to a response whose origin sets one (explicit or heuristic)
 * @param maxTtlSeconds the most freshness given to a response whose origin sets one; a route's own
 *     {@code ttl} and {@code negativeTtl} are the operator's explicit choice and are not clamped
 * @param negativeTtlSeconds freshness for a 404 or 410 that carries none of its own
 * @param refresh whether fresh hits may refresh the entry early ({@code earlyRefresh}, {@code refreshAhead})
 * @param adaptiveTtl freshness learned from how often the content changes ({@link AdaptiveTtl}); empty when off
 */
public record CacheRule(boolean bypass, OptionalLong ttlSeconds, OptionalLong staleWhileRevalidateSeconds,
                        OptionalLong staleIfErrorSeconds, long maxObjectBytes, boolean allowSetCookie, long keepSeconds,
                        OptionalLong minTtlSeconds, OptionalLong maxTtlSeconds, OptionalLong negativeTtlSeconds,
                        RefreshRule refresh, java.util.Optional<AdaptiveTtlRule> adaptiveTtl) {

    /** 8 MiB: large enough for API responses, small enough that one object cannot crowd out the tier. */
    public static final long DEFAULT_MAX_OBJECT_BYTES = 8L * 1024 * 1024;
    /** One hour: entries that can be revalidated with a 304 stay that long past their stale windows. */
    public static final long DEFAULT_KEEP_SECONDS = 3600;

    /** Follow the origin's headers exactly, with no stale windows of our own. */
    public static final CacheRule RESPECT_ORIGIN = new CacheRule(false, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), DEFAULT_MAX_OBJECT_BYTES, false, DEFAULT_KEEP_SECONDS);

    /** A rule without an adaptive TTL. */
    public CacheRule(boolean bypass, OptionalLong ttlSeconds, OptionalLong staleWhileRevalidateSeconds,
                     OptionalLong staleIfErrorSeconds, long maxObjectBytes, boolean allowSetCookie, long keepSeconds,
                     OptionalLong minTtlSeconds, OptionalLong maxTtlSeconds, OptionalLong negativeTtlSeconds, RefreshRule refresh) {
        this(bypass, ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds, maxObjectBytes, allowSetCookie, keepSeconds,
                minTtlSeconds, maxTtlSeconds, negativeTtlSeconds, refresh, java.util.Optional.empty());
    }

    /** A rule without early refresh. */
    public CacheRule(boolean bypass, OptionalLong ttlSeconds, OptionalLong staleWhileRevalidateSeconds,
                     OptionalLong staleIfErrorSeconds, long maxObjectBytes, boolean allowSetCookie, long keepSeconds,
                     OptionalLong minTtlSeconds, OptionalLong maxTtlSeconds, OptionalLong negativeTtlSeconds) {
        this(bypass, ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds, maxObjectBytes, allowSetCookie, keepSeconds,
                minTtlSeconds, maxTtlSeconds, negativeTtlSeconds, RefreshRule.NONE);
    }

    /** A rule without TTL clamps or negative caching. */
    public CacheRule(boolean bypass, OptionalLong ttlSeconds, OptionalLong staleWhileRevalidateSeconds,
                     OptionalLong staleIfErrorSeconds, long maxObjectBytes, boolean allowSetCookie, long keepSeconds) {
        this(bypass, ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds, maxObjectBytes, allowSetCookie, keepSeconds,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** Forward everything, cache nothing. */
    /** A copy that bypasses the cache. */
    public CacheRule asBypass() {
        return new CacheRule(true, ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds, maxObjectBytes, allowSetCookie,
                keepSeconds, minTtlSeconds, maxTtlSeconds, negativeTtlSeconds, refresh, adaptiveTtl);
    }

    /** A copy with {@code adaptive} as its adaptive TTL (empty: off). */
    public CacheRule withAdaptiveTtl(java.util.Optional<AdaptiveTtlRule> adaptive) {
        return new CacheRule(bypass, ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds, maxObjectBytes, allowSetCookie,
                keepSeconds, minTtlSeconds, maxTtlSeconds, negativeTtlSeconds, refresh, adaptive);
    }

    public static final CacheRule BYPASS = new CacheRule(true, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), DEFAULT_MAX_OBJECT_BYTES, false, DEFAULT_KEEP_SECONDS);

    public CacheRule {
        java.util.Objects.requireNonNull(refresh, "refresh");
        java.util.Objects.requireNonNull(adaptiveTtl, "adaptiveTtl");
        if (maxObjectBytes <= 0) {
            throw new IllegalArgumentException("maxObjectBytes: " + maxObjectBytes + " (expected: > 0)");
        }
        if (keepSeconds < 0) {
            throw new IllegalArgumentException("keepSeconds: " + keepSeconds + " (expected: >= 0)");
        }
        for (OptionalLong seconds : new OptionalLong[] {ttlSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds,
                minTtlSeconds, maxTtlSeconds, negativeTtlSeconds}) {
            if (seconds.isPresent() && seconds.getAsLong() < 0) {
                throw new IllegalArgumentException("durations: " + seconds.getAsLong() + " (expected: >= 0)");
            }
        }
        if (minTtlSeconds.isPresent() && maxTtlSeconds.isPresent() && minTtlSeconds.getAsLong() > maxTtlSeconds.getAsLong()) {
            throw new IllegalArgumentException("minTtl: " + minTtlSeconds.getAsLong() + " (expected: <= maxTtl "
                    + maxTtlSeconds.getAsLong() + ")");
        }
    }
}
