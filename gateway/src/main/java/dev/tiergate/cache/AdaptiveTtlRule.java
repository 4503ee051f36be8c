package dev.tiergate.cache;

/**
 * A route's {@code adaptiveTtl}: freshness learned from how often the route's content was seen to change
 * (see {@link AdaptiveTtl}).
 *
 * @param minSeconds the least freshness it gives, also the freshness before anything has been observed
 * @param maxSeconds the most freshness it gives, however long the content has not changed
 * @param fraction the share of the estimated time between changes given as freshness: 0.5 means that,
 *     on average, a change is served stale for at most half its interval
 */
public record AdaptiveTtlRule(long minSeconds, long maxSeconds, double fraction) {

    /** Half the estimated change interval: a change is then, on average, seen within half of it. */
    public static final double DEFAULT_FRACTION = 0.5;

    public AdaptiveTtlRule {
        if (minSeconds < 1) {
            throw new IllegalArgumentException("min: " + minSeconds + " (expected: >= 1 second)");
        }
        if (maxSeconds < minSeconds) {
            throw new IllegalArgumentException("max: " + maxSeconds + " (expected: >= min " + minSeconds + ")");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction: " + fraction + " (expected: > 0 and <= 1)");
        }
    }

    /** {@code seconds} held between {@link #minSeconds} and {@link #maxSeconds}. */
    public long clamp(double seconds) {
        if (!(seconds >= minSeconds)) {
            return minSeconds;
        }
        return seconds >= maxSeconds ? maxSeconds : (long) seconds;
    }
}
