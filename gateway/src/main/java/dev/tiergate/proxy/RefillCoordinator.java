package dev.tiergate.proxy;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.store.RefillLocks;
import dev.tiergate.store.TieredStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which instance of a region refills a key. Per-instance collapsing leaves one fetch per
 * instance; this leaves one per region: the instance leading the fetch takes the key's refill lock
 * ({@link RefillLocks}), and an instance that finds it taken polls L2, with backoff, until the holder's
 * entry appears there. Polling (rather than a notification) keeps it to two plain commands that work
 * the same on standalone, Sentinel and Cluster Redis, and the wait is short and bounded.
 *
 * <p>Correctness never depends on the lock: a fault, an open breaker, or a wait that runs out means
 * "fetch yourself". A holder that dies frees the key when its lock expires; a holder whose response
 * cannot be shared releases at once, and the next waiter takes the lock and fetches.
 */
final class RefillCoordinator {

    /** The longest a lock is held: a fetch slower than this may be duplicated, never blocked. */
    static final Duration MAX_LOCK_TTL = Duration.ofSeconds(30);
    /** The longest a request waits for another instance's fill before fetching itself. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final String WAIT_EXCEEDED = "lock-wait-exceeded";
    private static final long MAX_BACKOFF_MILLIS = 100;

    /** What this instance does about the fetch it leads. */
    sealed interface Turn {
        /** This instance holds the lock: fetch, store, then release {@code lock}. */
        record Lead(String lock) implements Turn {
        }

        /** Another instance stored a usable entry while this one waited. */
        record Filled(StoredResponse entry) implements Turn {
        }

        /** Fetch without the lock: no Redis, a fault, or the wait ran out. */
        record Alone(String why) implements Turn {
        }
    }

    /**
     * The fetch to coordinate.
     *
     * @param key the family's stored key
     * @param canonical the family's canonical URL (for the L1 copy an L2 read makes)
     * @param lock the lock's name (see {@link #lockName})
     * @param fillL1 whether an entry read from L2 may be copied into L1
     * @param usable what of a variant set read from L2 this request may serve without a fetch: the
     *     matching variant when it is fresh (and, for a refresh, newer than the entry being refreshed)
     */
    record Refill(String key, String canonical, String lock, CacheRule rule, boolean fillL1, Duration lockTtl, Duration maxWait,
                  Function<VariantSet, Optional<StoredResponse>> usable) {
    }

    private final Vertx vertx;
    private final TieredStore store;
    private final InstantSource clock;
    private final GatewayMetrics metrics;

    RefillCoordinator(Vertx vertx, TieredStore store, InstantSource clock, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Twice the first-byte timeout, so that a slow but healthy fetch keeps its lock; at most {@link #MAX_LOCK_TTL}. */
    static Duration lockTtl(Duration firstByteTimeout) {
        Duration doubled = firstByteTimeout.multipliedBy(2);
        return doubled.compareTo(MAX_LOCK_TTL) > 0 ? MAX_LOCK_TTL : doubled;
    }

    /** The first-byte timeout: a waiter waits about as long as the holder's origin may take to answer; at most {@link #MAX_WAIT}. */
    static Duration waitBound(Duration firstByteTimeout) {
        return firstByteTimeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : firstByteTimeout;
    }

    /**
     * The lock's name for a collapse key: fetches of different segments or keyed variants of one family
     * are different fetches. The variant text is hashed to keep Redis keys short and free of client text.
     */
    static String lockName(String key, String variant) {
        if (variant.isEmpty()) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(variant.getBytes(StandardCharsets.UTF_8));
            return key + ":" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Whose turn it is to fetch; never fails. */
    Future<Turn> take(Refill refill) {
        if (!store.locks().available()) {
            return Future.succeededFuture(new Turn.Alone("no-lock"));
        }
        Promise<Turn> turn = Promise.promise();
        long deadline = System.nanoTime() + refill.maxWait().toNanos();
        store.locks().tryAcquire(refill.lock(), refill.lockTtl()).onComplete(first -> {
            RefillLocks.Attempt attempt = first.succeeded() ? first.result() : RefillLocks.Attempt.UNAVAILABLE;
            switch (attempt) {
                case ACQUIRED -> leadUnlessFilled(refill, turn);
                case UNAVAILABLE -> turn.complete(new Turn.Alone("lock-unavailable"));
                case HELD -> timedWait(refill, deadline, turn);
            }
        });
        return turn.future();
    }

    /** Waits for the holder (see {@link #waitThenRetry}), timing the wait by how it ended. */
    private void timedWait(Refill refill, long deadline, Promise<Turn> turn) {
        long startNanos = System.nanoTime();
        Promise<Turn> waited = Promise.promise();
        waited.future().onComplete(ended -> {
            metrics.refillLockWait(ended.succeeded() ? waitResult(ended.result()) : "unavailable", System.nanoTime() - startNanos);
            turn.handle(ended);
        });
        waitThenRetry(refill, deadline, FIRST_BACKOFF_MILLIS, waited);
    }

    private static String waitResult(Turn turn) {
        if (turn instanceof Turn.Filled) {
            return "filled";
        }
        if (turn instanceof Turn.Lead) {
            return "acquired";
        }
        return ((Turn.Alone) turn).why().equals(WAIT_EXCEEDED) ? "timed-out" : "unavailable";
    }

    /**
     * With the lock taken, reads L2 once more before fetching: the previous holder may have stored and
     * released between the caller's last read and this lock, and its entry must not be fetched again.
     */
    private void leadUnlessFilled(Refill refill, Promise<Turn> turn) {
        readL2(refill).onComplete(found -> {
            Optional<StoredResponse> usable = found.succeeded() ? found.result() : Optional.empty();
            if (usable.isPresent()) {
                store.locks().release(refill.lock());
                turn.complete(new Turn.Filled(usable.get()));
            } else {
                turn.complete(new Turn.Lead(refill.lock()));
            }
        });
    }

    /** After a pause, take the lock if it was freed, else look for the holder's entry; until the deadline. */
    private void waitThenRetry(Refill refill, long deadline, long backoffMillis, Promise<Turn> turn) {
        long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (remainingMillis <= 0) {
            turn.complete(new Turn.Alone(WAIT_EXCEEDED));
            return;
        }
        vertx.setTimer(Math.max(1, Math.min(backoffMillis, remainingMillis)), timer ->
                store.locks().tryAcquire(refill.lock(), refill.lockTtl()).onComplete(attempt -> {
                    RefillLocks.Attempt result = attempt.succeeded() ? attempt.result() : RefillLocks.Attempt.UNAVAILABLE;
                    switch (result) {
                        case UNAVAILABLE -> turn.complete(new Turn.Alone("lock-unavailable"));
                        case ACQUIRED -> leadUnlessFilled(refill, turn);
                        case HELD -> readL2(refill).onComplete(found -> {
                            Optional<StoredResponse> usable = found.succeeded() ? found.result() : Optional.empty();
                            if (usable.isPresent()) {
                                turn.complete(new Turn.Filled(usable.get()));
                            } else {
                                waitThenRetry(refill, deadline, Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS), turn);
                            }
                        });
                    }
                }));
    }

    private Future<Optional<StoredResponse>> readL2(Refill refill) {
        return store.l2(refill.key(), refill.canonical(), refill.rule(), clock.instant(), refill.fillL1())
                .map(found -> found.flatMap(refill.usable()));
    }
}
