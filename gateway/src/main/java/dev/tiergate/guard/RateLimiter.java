package dev.tiergate.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.RateLimitSpec;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Token-bucket request limits, one Bucket4j bucket per (route, client key).
 *
 * <p>Buckets are created on first use from the route's {@link RateLimitSpec}: capacity {@code burst}, refilled
 * greedily by {@code limit} tokens per {@code period}. They live in a bounded Caffeine cache that forgets a key
 * once it has been idle for twice the time a full refill takes (at least a minute), when its bucket would be full
 * anyway, and that never holds more than a fixed number of keys, so a scan of random client keys cannot exhaust
 * memory. Evicting a busy key early under such a scan only resets that client's bucket, which errs on the side of
 * allowing requests.
 *
 * <p>Limits are per gateway instance: N instances behind a load balancer allow up to N times the configured rate.
 * A limit shared through Redis is a later feature.
 *
 * <p>All time, for the buckets and for the cache's expiry, comes from the injected {@link InstantSource}, so tests
 * move a clock instead of sleeping. Thread-safe.
 */
public final class RateLimiter {

    /** Keys kept at most when the caller does not say otherwise. */
    public static final long DEFAULT_MAXIMUM_BUCKETS = 100_000;

    static final Duration MINIMUM_IDLE = Duration.ofMinutes(1);
    static final int MAXIMUM_HEADER_KEY_LENGTH = 256;

    private final TimeMeter timeMeter;
    private final Cache<Key, Entry> buckets;

    public RateLimiter(InstantSource clock) {
        this(clock, DEFAULT_MAXIMUM_BUCKETS);
    }

    /** A limiter that keeps at most {@code maximumBuckets} (route, client) buckets. */
    public RateLimiter(InstantSource clock, long maximumBuckets) {
        Objects.requireNonNull(clock, "clock");
        this.timeMeter = new InstantSourceTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(new IdleExpiry())
                .maximumSize(maximumBuckets)
                // Maintenance on the calling thread: nothing is listened for, and tests stay deterministic.
                .executor(Runnable::run)
                .build();
    }

    /** Counts one request by {@code clientKey} on the route, refusing it when the client's bucket is empty. */
    public RateLimitDecision tryConsume(String routeName, RateLimitSpec spec, String clientKey) {
        Objects.requireNonNull(spec, "spec");
        Key key = new Key(routeName, clientKey);
        Entry entry = buckets.get(key, k -> new Entry(spec, newBucket(spec)));
        if (!entry.spec().equals(spec)) {
            entry = respec(key, spec);
        }
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        long resetSeconds = ceilSeconds(Duration.ofNanos(probe.getNanosToWaitForReset()));
        if (probe.isConsumed()) {
            return new RateLimitDecision(true, spec.burst(), probe.getRemainingTokens(), 0, resetSeconds);
        }
        long retryAfter = Math.max(1, ceilSeconds(Duration.ofNanos(probe.getNanosToWaitForRefill())));
        return new RateLimitDecision(false, spec.burst(), probe.getRemainingTokens(), retryAfter, resetSeconds);
    }

    /**
     * The key that identifies a client under the spec: the address for {@code CLIENT_IP}; {@code sub:<subject>}
     * for {@code JWT_SUBJECT}; {@code h:<value>} (trimmed, cut to 256 characters) for {@code HEADER}. Callers
     * without a subject or header fall back to {@code ip:<address>}, so anonymous traffic is limited per address
     * instead of sharing one bucket that any single client could drain for everyone.
     */
    public static String clientKey(RateLimitSpec spec, String clientIp, Optional<String> jwtSubject, Headers headers) {
        return switch (spec.by()) {
            case CLIENT_IP -> clientIp;
            case JWT_SUBJECT -> jwtSubject.filter(subject -> !subject.isBlank())
                    .map(subject -> "sub:" + subject)
                    .orElse("ip:" + clientIp);
            case HEADER -> Optional.ofNullable(spec.header())
                    .flatMap(headers::first)
                    .map(String::trim)
                    .filter(value -> !value.isEmpty())
                    .map(value -> "h:" + truncate(value))
                    .orElse("ip:" + clientIp);
        };
    }

    /** Runs the cache's pending evictions now instead of on later accesses. */
    public void cleanUp() {
        buckets.cleanUp();
    }

    /** How many (route, client) buckets are held, approximately; for metrics and tests. */
    public long bucketCount() {
        return buckets.estimatedSize();
    }

    /** How long a greedy refill takes to fill an empty bucket: {@code burst / limit × period}. */
    static Duration timeToFill(RateLimitSpec spec) {
        return spec.period().multipliedBy(spec.burst()).dividedBy(spec.limit());
    }

    static long ceilSeconds(Duration duration) {
        return duration.getNano() == 0 ? duration.getSeconds() : duration.getSeconds() + 1;
    }

    /** A policy reload changed the route's limit: keep the client's progress, scaled to the new capacity. */
    private Entry respec(Key key, RateLimitSpec spec) {
        return buckets.asMap().compute(key, (k, old) -> {
            if (old == null) {
                return new Entry(spec, newBucket(spec));
            }
            if (old.spec().equals(spec)) {
                return old;
            }
            old.bucket().replaceConfiguration(configuration(spec), TokensInheritanceStrategy.PROPORTIONALLY);
            return new Entry(spec, old.bucket());
        });
    }

    private Bucket newBucket(RateLimitSpec spec) {
        return Bucket.builder()
                .addLimit(bandwidth(spec))
                .withCustomTimePrecision(timeMeter)
                .build();
    }

    private static BucketConfiguration configuration(RateLimitSpec spec) {
        return BucketConfiguration.builder().addLimit(bandwidth(spec)).build();
    }

    private static Bandwidth bandwidth(RateLimitSpec spec) {
        return Bandwidth.builder().capacity(spec.burst()).refillGreedy(spec.limit(), spec.period()).build();
    }

    private static String truncate(String value) {
        return value.length() <= MAXIMUM_HEADER_KEY_LENGTH ? value : value.substring(0, MAXIMUM_HEADER_KEY_LENGTH);
    }

    /** Nanoseconds since the epoch; a long holds them until the year 2262. */
    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private record Key(String route, String client) {
        Key {
            Objects.requireNonNull(route, "routeName");
            Objects.requireNonNull(client, "clientKey");
        }
    }

    private record Entry(RateLimitSpec spec, Bucket bucket) {
    }

    /** Bucket4j's clock, read from the gateway's instead of System.nanoTime so tests control refills. */
    private record InstantSourceTimeMeter(InstantSource clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return nanos(clock.instant());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    /** Forgets a bucket after it has sat idle long enough to be full again, so forgetting changes nothing. */
    private static final class IdleExpiry implements Expiry<Key, Entry> {
        @Override
        public long expireAfterCreate(Key key, Entry entry, long currentTime) {
            return idleNanos(entry.spec());
        }

        @Override
        public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
            return idleNanos(entry.spec());
        }

        @Override
        public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
            return idleNanos(entry.spec());
        }

        private static long idleNanos(RateLimitSpec spec) {
            Duration idle = timeToFill(spec).multipliedBy(2);
            if (idle.compareTo(MINIMUM_IDLE) < 0) {
                idle = MINIMUM_IDLE;
            }
            try {
                return idle.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }
}
