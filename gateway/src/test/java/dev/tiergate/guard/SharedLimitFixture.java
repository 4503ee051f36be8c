package dev.tiergate.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** What the shared rate limit tests have in common: a movable clock, gateways on one Redis, and waiting. */
final class SharedLimitFixture {

    static final String PREFIX = "test:";

    private SharedLimitFixture() {
    }

    /**
     * One gateway's limiter: its own Redis client and its own local fallback, as a separate process would have.
     * The command timeout is generous where the test is about behaviour, not latency.
     */
    static SharedRateLimiter gateway(Vertx vertx, RedisOptions redis, Duration commandTimeout, InstantSource clock,
                                     MeterRegistry registry) {
        return new SharedRateLimiter(vertx, Redis.createClient(vertx, new RedisOptions(redis)), PREFIX, commandTimeout,
                new RateLimiter(clock), clock, registry);
    }

    static double fallbacks(MeterRegistry registry, String reason) {
        return registry.find("tiergate.ratelimit.shared.fallbacks").tag("reason", reason).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future not complete within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class MovableClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration duration) {
            now.updateAndGet(current -> current.plus(duration));
        }
    }
}
