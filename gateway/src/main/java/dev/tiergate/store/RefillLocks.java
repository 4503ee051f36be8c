package dev.tiergate.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Cross-instance refill locks: before an instance asks the origin for a key that other instances
 * may be missing too, it takes the key's lock in Redis, so that one instance in the region fetches and
 * the others wait for its L2 fill.
 *
 * <p>The lock is an optimisation, never a condition for serving: every call runs under the L2 circuit
 * breaker and command timeout, and a fault, an open breaker or the absence of Redis is reported as
 * {@link Attempt#UNAVAILABLE}, on which the caller simply fetches. A holder that dies loses the lock
 * when its TTL runs out.
 */
public final class RefillLocks {

    /** What an attempt to take a lock found. */
    public enum Attempt {
        /** This instance holds the lock now. */
        ACQUIRED,
        /** Another instance (or an earlier attempt of this one) holds it. */
        HELD,
        /** No Redis, a fault or an open breaker: go without the lock. */
        UNAVAILABLE
    }

    /** The value stored in a lock, so that only its holder releases it. */
    private final String owner = "tiergate-" + UUID.randomUUID();
    private final Optional<RedisTier> redis;
    private final Purges.Guarded guarded;

    RefillLocks(Optional<RedisTier> redis, Purges.Guarded guarded) {
        this.redis = redis;
        this.guarded = guarded;
    }

    /** True when locks can be taken at all (the L2 is Redis). */
    public boolean available() {
        return redis.isPresent();
    }

    /** Tries once to take {@code name} for {@code ttl}; never fails. */
    public Future<Attempt> tryAcquire(String name, Duration ttl) {
        if (redis.isEmpty()) {
            return Future.succeededFuture(Attempt.UNAVAILABLE);
        }
        return guarded.call("lock", () -> redis.get().lock(name, owner, ttl.toMillis()))
                .map(taken -> taken ? Attempt.ACQUIRED : Attempt.HELD)
                .otherwise(Attempt.UNAVAILABLE);
    }

    /** Releases {@code name} if this instance still holds it; never fails (the TTL is the fallback). */
    public Future<Void> release(String name) {
        if (redis.isEmpty()) {
            return Future.succeededFuture();
        }
        return guarded.call("unlock", () -> redis.get().unlock(name, owner)).<Void>mapEmpty().otherwise((Void) null);
    }

    /** This instance's lock value. */
    String owner() {
        return owner;
    }
}
