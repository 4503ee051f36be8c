package dev.tiergate.guard;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.policy.RateLimitSpec;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token-bucket request limits shared by every gateway instance: the bucket for (route, client key) lives in Redis
 * under {@code <prefix>rl:<route>:<limit>/<period>/<burst>:<client key>} and is updated with Bucket4j's
 * compare-and-swap protocol ({@link RedisBucketStore}), so N instances together allow the configured rate, not N
 * times it. The limit's numbers are part of the key so that a policy change starts fresh (full) buckets instead of
 * leaving clients on the old limit until they go idle; instances on different policies during a rollout count
 * apart, which errs on the side of allowing requests.
 *
 * <p>A key expires {@code 2 × burst / limit × period} (at least a second) after its last write: by then the bucket
 * would be full again, so forgetting it changes nothing, and idle clients do not accumulate.
 *
 * <p>Redis is never allowed to cost availability. Every command is bounded by the command timeout and a whole
 * decision by twice that; on any fault (error, timeout, too many lost races) the request is counted by the
 * per-instance {@link RateLimiter} instead, and the fallback is counted in {@code tiergate.ratelimit.shared.fallbacks}
 * (tags {@code route} and {@code reason}: {@code fault}, {@code cooldown} or {@code contention}). After an error or
 * timeout Redis is left alone for {@link #FAULT_COOLDOWN}, so an outage costs one timeout per cooldown, not one per
 * request.
 *
 * <p>Time, for refills and for the cooldown, comes from the injected {@link InstantSource}; the instances' clocks
 * must agree to within a small fraction of the refill period. Thread-safe.
 */
public final class SharedRateLimiter {

    /** How long Redis is bypassed after a fault. */
    public static final Duration FAULT_COOLDOWN = Duration.ofSeconds(1);
    /**
     * Lost compare-and-swap races tolerated per decision before falling back; each costs two round trips. Enough
     * for a few dozen concurrent requests by one client across the fleet within the decision timeout.
     */
    static final int MAX_RETRIES = 16;
    static final Duration MINIMUM_TTL = Duration.ofSeconds(1);
    /** Redis rejects expiries that overflow its clock; a bucket idle this long is forgotten even if not yet full. */
    static final Duration MAXIMUM_TTL = Duration.ofDays(365);

    private final Vertx vertx;
    private final Redis redis;
    private final String keyPrefix;
    private final long decisionTimeoutMillis;
    private final RateLimiter local;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final AsyncProxyManager<RedisBucketStore.BucketKey> buckets;
    /** Clock millis before which Redis is skipped; 0 while healthy. */
    private final AtomicLong skipRedisUntil = new AtomicLong();

    /**
     * A limiter on an existing client, which it owns from now on ({@link #close()} closes it).
     *
     * @param keyPrefix the deployment's namespace, as for the cache tier
     * @param commandTimeout the longest one Redis command may take
     * @param local the per-instance limiter that counts requests while Redis cannot
     */
    public SharedRateLimiter(Vertx vertx, Redis redis, String keyPrefix, Duration commandTimeout, RateLimiter local,
                             InstantSource clock, MeterRegistry registry) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        long commandMillis = Math.max(1, commandTimeout.toMillis());
        this.decisionTimeoutMillis = 2 * commandMillis;
        this.local = Objects.requireNonNull(local, "local");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        ClientSideConfig config = ClientSideConfig.getDefault()
                .withClientClock(new ClockTimeMeter(clock))
                .withMaxRetries(MAX_RETRIES);
        this.buckets = new RedisBucketStore(redis, commandMillis, config).asAsync();
    }

    /** A limiter on the policy's {@code l2} Redis, with its key prefix and command timeout; connects lazily. */
    public static SharedRateLimiter create(Vertx vertx, L2Settings l2, RateLimiter local, InstantSource clock, MeterRegistry registry) {
        Redis redis = Redis.createClient(vertx, SharedLimitRedis.options(l2));
        return new SharedRateLimiter(vertx, redis, l2.keyPrefix(), l2.commandTimeout(), local, clock, registry);
    }

    /**
     * Counts one request by {@code clientKey} on the route against the bucket all instances share. The future never
     * fails: a Redis fault yields the local limiter's decision. It completes on the calling Vert.x context, when
     * there is one.
     */
    public Future<RateLimitDecision> tryConsume(String routeName, RateLimitSpec spec, String clientKey) {
        Objects.requireNonNull(routeName, "routeName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(clientKey, "clientKey");
        if (clock.millis() < skipRedisUntil.get()) {
            return Future.succeededFuture(fallBack(routeName, spec, clientKey, "cooldown"));
        }
        Context context = vertx.getOrCreateContext();
        RedisBucketStore.BucketKey key = new RedisBucketStore.BucketKey(redisKey(keyPrefix, routeName, spec, clientKey), ttlMillis(spec));
        CompletableFuture<ConsumptionProbe> probe;
        try {
            probe = buckets.builder()
                    .build(key, () -> CompletableFuture.completedFuture(configuration(spec)))
                    .tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            probe = CompletableFuture.failedFuture(e);
        }
        return Future.fromCompletionStage(probe, context)
                .timeout(decisionTimeoutMillis, TimeUnit.MILLISECONDS)
                .map(answer -> ProbeDecisions.of(spec, answer))
                .recover(fault -> {
                    if (lostTooManyRaces(fault)) {
                        // Redis is fine, the client is hot: only this request goes local.
                        return Future.succeededFuture(fallBack(routeName, spec, clientKey, "contention"));
                    }
                    skipRedisUntil.set(clock.millis() + FAULT_COOLDOWN.toMillis());
                    return Future.succeededFuture(fallBack(routeName, spec, clientKey, "fault"));
                });
    }

    /** Closes the Redis client; the limiter must not be used afterwards. */
    public Future<Void> close() {
        try {
            return redis.close();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * The bucket's key. One key per bucket keeps every command on one cluster slot. The client key goes last
     * because it is the only part that may contain anything, colons included.
     */
    static String redisKey(String keyPrefix, String routeName, RateLimitSpec spec, String clientKey) {
        return keyPrefix + "rl:" + routeName + ":" + spec.limit() + "/" + spec.period() + "/" + spec.burst() + ":" + clientKey;
    }

    /** Twice the time an empty bucket takes to fill, so an expired key would have been full anyway. */
    static long ttlMillis(RateLimitSpec spec) {
        Duration ttl = RateLimiter.timeToFill(spec).multipliedBy(2);
        if (ttl.compareTo(MINIMUM_TTL) < 0) {
            return MINIMUM_TTL.toMillis();
        }
        return ttl.compareTo(MAXIMUM_TTL) > 0 ? MAXIMUM_TTL.toMillis() : ttl.toMillis();
    }

    /** Bucket4j gave up after {@link #MAX_RETRIES} lost compare-and-swaps; its other failures carry a cause. */
    private static boolean lostTooManyRaces(Throwable fault) {
        Throwable cause = fault instanceof CompletionException && fault.getCause() != null ? fault.getCause() : fault;
        return cause instanceof BucketExceptions.BucketExecutionException && cause.getCause() == null;
    }

    private RateLimitDecision fallBack(String routeName, RateLimitSpec spec, String clientKey, String reason) {
        Counter.builder("tiergate.ratelimit.shared.fallbacks")
                .description("Shared rate-limit decisions made by the local limiter because Redis could not answer")
                .tag("route", routeName).tag("reason", reason)
                .register(registry).increment();
        return local.tryConsume(routeName, spec, clientKey);
    }

    private static BucketConfiguration configuration(RateLimitSpec spec) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(spec.burst()).refillGreedy(spec.limit(), spec.period()).build())
                .build();
    }
}
