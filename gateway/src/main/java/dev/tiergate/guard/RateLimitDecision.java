package dev.tiergate.guard;

/**
 * The outcome of counting one request against a route's limit.
 *
 * @param allowed whether the request may proceed
 * @param limit the bucket's capacity, that is the route's burst: the quota the response headers advertise
 * @param remaining requests the client may still make right now
 * @param retryAfterSeconds whole seconds, rounded up, until a refused request could succeed; at least 1 when
 *     refused and 0 when allowed
 * @param resetSeconds whole seconds, rounded up, until the bucket is full again if the client sends nothing;
 *     an approximation, since greedy refill adds tokens continuously rather than all at once
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long retryAfterSeconds, long resetSeconds) {

    public RateLimitDecision {
        if (limit < 0 || remaining < 0 || retryAfterSeconds < 0 || resetSeconds < 0) {
            throw new IllegalArgumentException("negative field in " + limit + "/" + remaining + "/" + retryAfterSeconds
                    + "/" + resetSeconds);
        }
        if (!allowed && retryAfterSeconds < 1) {
            throw new IllegalArgumentException("a refusal needs retryAfterSeconds >= 1, got " + retryAfterSeconds);
        }
    }
}
