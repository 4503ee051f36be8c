package dev.tiergate.guard;

import static dev.tiergate.guard.SharedLimitFixture.await;
import static dev.tiergate.guard.SharedLimitFixture.fallbacks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.guard.SharedLimitFixture.MovableClock;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import dev.tiergate.store.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateways' shared limiters on one real Redis count against one bucket per (route, client). */
class SharedRateLimiterTest {

    /** One request a minute, bursts of 4: nothing refills unless the test moves the clock a minute. */
    private static final RateLimitSpec SPEC = new RateLimitSpec(1, Duration.ofMinutes(1), 4, By.CLIENT_IP, "", true);

    private static RedisServerProcess server;
    private static Vertx vertx;
    private static Redis raw;

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SharedRateLimiter gatewayA;
    private SharedRateLimiter gatewayB;

    @BeforeAll
    static void startRedis() throws IOException {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        raw = Redis.createClient(vertx, server.uri());
    }

    @AfterAll
    static void stopRedis() {
        try {
            if (vertx != null) {
                await(vertx.close());
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @BeforeEach
    void startGateways() {
        await(raw.send(Request.cmd(Command.FLUSHALL)));
        RedisOptions options = new RedisOptions().setConnectionString(server.uri());
        gatewayA = SharedLimitFixture.gateway(vertx, options, Duration.ofSeconds(2), clock, registry);
        gatewayB = SharedLimitFixture.gateway(vertx, options, Duration.ofSeconds(2), clock, registry);
    }

    @AfterEach
    void stopGateways() {
        await(gatewayA.close());
        await(gatewayB.close());
    }

    @Test
    void theBurstIsSharedAcrossGatewaysThenBothRefuse() {
        List<RateLimitDecision> decisions = List.of(
                consume(gatewayA, "10.0.0.1"), consume(gatewayB, "10.0.0.1"),
                consume(gatewayA, "10.0.0.1"), consume(gatewayB, "10.0.0.1"));

        assertThat(decisions).allMatch(RateLimitDecision::allowed);
        assertThat(decisions).extracting(RateLimitDecision::remaining).containsExactly(3L, 2L, 1L, 0L);
        assertThat(decisions).extracting(RateLimitDecision::limit).containsOnly(4L);
        for (SharedRateLimiter gateway : List.of(gatewayA, gatewayB)) {
            RateLimitDecision refused = consume(gateway, "10.0.0.1");
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfterSeconds()).isGreaterThanOrEqualTo(1).isEqualTo(60);
            assertThat(refused.resetSeconds()).isEqualTo(240);
        }
        assertThat(fallbacks(registry, "fault") + fallbacks(registry, "cooldown") + fallbacks(registry, "contention")).isZero();
    }

    @Test
    void refillsFollowTheInjectedClock() {
        for (int i = 0; i < 4; i++) {
            consume(i % 2 == 0 ? gatewayA : gatewayB, "10.0.0.1");
        }
        assertThat(consume(gatewayA, "10.0.0.1").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(consume(gatewayB, "10.0.0.1").allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        RateLimitDecision refilled = consume(gatewayB, "10.0.0.1");
        assertThat(refilled.allowed()).isTrue();
        assertThat(refilled.remaining()).isZero();
        assertThat(consume(gatewayA, "10.0.0.1").allowed()).isFalse();
    }

    @Test
    void clientsAndRoutesHaveSeparateBuckets() {
        for (int i = 0; i < 4; i++) {
            consume(gatewayA, "10.0.0.1");
        }
        assertThat(consume(gatewayB, "10.0.0.1").allowed()).isFalse();

        assertThat(consume(gatewayB, "10.0.0.2").remaining()).isEqualTo(3);
        assertThat(await(gatewayB.tryConsume("other", SPEC, "10.0.0.1")).remaining()).isEqualTo(3);
    }

    @Test
    void aChangedLimitStartsFreshBuckets() {
        for (int i = 0; i < 4; i++) {
            consume(gatewayA, "10.0.0.1");
        }
        RateLimitSpec raised = new RateLimitSpec(1, Duration.ofMinutes(1), 10, By.CLIENT_IP, "", true);

        RateLimitDecision decision = await(gatewayB.tryConsume("api", raised, "10.0.0.1"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(9);
    }

    @Test
    void aBucketIsOneKeyThatExpiresAfterTwiceTheFillTime() {
        consume(gatewayA, "ip:2001:db8::1");

        String key = "test:rl:api:1/PT1M/4:ip:2001:db8::1";
        assertThat(await(raw.send(Request.cmd(Command.KEYS).arg("test:*"))).stream().map(Object::toString).toList())
                .containsExactly(key);
        // Empty to full takes 4 minutes; the key outlives that twice over, and no longer.
        assertThat(await(raw.send(Request.cmd(Command.PTTL).arg(key))).toLong()).isBetween(470_000L, 480_000L);
    }

    @Test
    void concurrentRequestsFromBothGatewaysNeverOverspend() {
        RateLimitSpec spec = new RateLimitSpec(1, Duration.ofMinutes(1), 10, By.CLIENT_IP, "", true);
        List<Future<RateLimitDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            decisions.add(gatewayA.tryConsume("api", spec, "hot"));
            decisions.add(gatewayB.tryConsume("api", spec, "hot"));
        }

        long allowed = decisions.stream().map(SharedLimitFixture::await).filter(RateLimitDecision::allowed).count();

        assertThat(fallbacks(registry, "contention")).isZero();
        assertThat(allowed).isEqualTo(10);
    }

    @Test
    void theExpiryIsBoundedForExtremeLimits() {
        RateLimitSpec fast = new RateLimitSpec(1000, Duration.ofMillis(1), 1000, By.CLIENT_IP, "", true);
        RateLimitSpec glacial = new RateLimitSpec(1, Duration.ofDays(1), 1_000_000_000L, By.CLIENT_IP, "", true);

        assertThat(SharedRateLimiter.ttlMillis(fast)).isEqualTo(1_000);
        assertThat(SharedRateLimiter.ttlMillis(glacial)).isEqualTo(Duration.ofDays(365).toMillis());
        assertThat(SharedRateLimiter.ttlMillis(SPEC)).isEqualTo(Duration.ofMinutes(8).toMillis());
    }

    private static RateLimitDecision consume(SharedRateLimiter gateway, String client) {
        return await(gateway.tryConsume("api", SPEC, client));
    }
}
