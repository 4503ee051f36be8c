package dev.tiergate.proxy;

import dev.tiergate.guard.RateLimiter;
import dev.tiergate.guard.SharedRateLimiter;
import java.util.Optional;

/**
 * The gateway's rate limiters: the per-instance one, and the Redis-shared one when an L2 is
 * configured. The shared one falls back to the same local buckets when Redis fails.
 *
 * @param local per-instance buckets
 * @param shared buckets shared by every instance, for routes with {@code rateLimit.shared}
 */
record RateLimits(RateLimiter local, Optional<SharedRateLimiter> shared) {
}
