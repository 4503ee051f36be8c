package dev.tiergate.guard;

import static dev.tiergate.guard.SharedLimitFixture.await;
import static dev.tiergate.guard.SharedLimitFixture.fallbacks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.guard.SharedLimitFixture.MovableClock;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import dev.tiergate.store.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that is gone or slow costs the gateway at most one command timeout per cooldown, never a refusal the
 * local limit would not make: the per-instance limiter decides meanwhile.
 */
class SharedRateLimiterFaultTest {

    private static final RateLimitSpec SPEC = new RateLimitSpec(1, Duration.ofMinutes(1), 4, By.CLIENT_IP, "", true);
    /** The production default, so the bound on a fault's cost is the real one. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(50);

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RedisServerProcess server;
    private Vertx vertx;
    private SharedRateLimiter gateway;

    @BeforeEach
    void start() throws IOException {
        // A server of its own: these tests kill and pause it.
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        gateway = SharedLimitFixture.gateway(vertx, new RedisOptions().setConnectionString(server.uri()), COMMAND_TIMEOUT, clock, registry);
        awaitRedisAnswering();
    }

    @AfterEach
    void stop() {
        try {
            await(gateway.close());
            await(vertx.close());
        } finally {
            server.stop();
        }
    }

    @Test
    void aKilledRedisFallsBackToTheLocalLimitThenRecovers() throws IOException {
        assertThat(consume().remaining()).isEqualTo(3);
        assertThat(consume().remaining()).isEqualTo(2);
        assertThat(totalFallbacks()).as("counted in Redis").isZero();

        server.kill();

        // The local bucket knows nothing of the shared one: the whole local burst is allowed, then refused.
        for (long remaining = 3; remaining >= 0; remaining--) {
            RateLimitDecision decision = consume();
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(remaining);
        }
        RateLimitDecision refused = consume();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
        assertThat(fallbacks(registry, "fault")).isEqualTo(1);
        assertThat(fallbacks(registry, "cooldown")).isEqualTo(4);

        server.restart();
        clock.advance(SharedRateLimiter.FAULT_COOLDOWN);
        // The pool may first try a connection to the dead process; that is one more fault and cooldown.
        awaitRedisAnswering();

        // Redis again, and a new server without persistence: a full shared bucket.
        assertThat(consume().remaining()).isEqualTo(3);
        assertThat(totalFallbacks()).isZero();
    }

    @Test
    void aSlowRedisIsGivenUpOnWithinTheDecisionTimeout() {
        Redis admin = Redis.createClient(vertx, server.uri());
        // Writes (the compare-and-swap script) hang; reads still answer, so the timeout is the one that saves us.
        await(admin.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(5_000).arg("WRITE")));
        try {
            long started = System.nanoTime();
            RateLimitDecision decision = consume();
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(3);
            // Two command timeouts, plus slack for a busy machine; far below the 5 s pause.
            assertThat(elapsedMillis).isLessThan(1_500);
            assertThat(fallbacks(registry, "fault")).isEqualTo(1);

            started = System.nanoTime();
            assertThat(consume().remaining()).isEqualTo(2);
            assertThat((System.nanoTime() - started) / 1_000_000).as("no Redis call during the cooldown").isLessThan(500);
            assertThat(fallbacks(registry, "cooldown")).isEqualTo(1);
        } finally {
            await(admin.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")));
            await(admin.close());
        }
    }

    /**
     * Opening the first connection can take longer than the 50 ms command timeout on a cold JVM, which is a fault
     * like any other: try until a decision comes from Redis, then start counting fallbacks from zero.
     */
    private void awaitRedisAnswering() {
        for (int attempt = 0; attempt < 50; attempt++) {
            double before = totalFallbacks();
            await(gateway.tryConsume("warm-up", SPEC, "warm-up"));
            if (totalFallbacks() == before) {
                registry.clear();
                return;
            }
            clock.advance(SharedRateLimiter.FAULT_COOLDOWN);
        }
        throw new AssertionError("Redis never answered within the command timeout");
    }

    private double totalFallbacks() {
        return fallbacks(registry, "fault") + fallbacks(registry, "cooldown") + fallbacks(registry, "contention");
    }

    private RateLimitDecision consume() {
        return await(gateway.tryConsume("api", SPEC, "10.0.0.1"));
    }
}
