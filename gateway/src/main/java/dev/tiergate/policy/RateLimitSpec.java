package dev.tiergate.policy;

import java.time.Duration;

/**
 * A route's request limit: {@code limit} requests per {@code period}, with bursts up to {@code burst},
 * counted separately per client key.
 *
 * @param limit requests refilled every period
 * @param period the refill period
 * @param burst the bucket's capacity (at least {@code limit})
 * @param by what identifies a client
 * @param header the header name when {@code by} is {@link By#HEADER}
 * @param shared whether the buckets live in the L2 Redis, so every gateway instance counts against the same
 *     limit, instead of in each instance's memory
 */
public record RateLimitSpec(long limit, Duration period, long burst, By by, String header, boolean shared) {

    /** A per-instance limit, as every limit was before shared limits existed. */
    public RateLimitSpec(long limit, Duration period, long burst, By by, String header) {
        this(limit, period, burst, by, header, false);
    }

    /** What identifies a client for counting. */
    public enum By {
        /** The connection's address. */
        CLIENT_IP,
        /** The verified JWT's {@code sub} claim (anonymous requests share one bucket per address). */
        JWT_SUBJECT,
        /** A request header's value. */
        HEADER
    }
}
