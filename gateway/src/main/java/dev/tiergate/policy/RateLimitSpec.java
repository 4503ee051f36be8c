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
 */
public record RateLimitSpec(long limit, Duration period, long burst, By by, String header) {

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
