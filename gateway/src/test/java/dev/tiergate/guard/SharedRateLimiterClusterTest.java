package dev.tiergate.guard;

import static dev.tiergate.guard.SharedLimitFixture.await;
import static dev.tiergate.guard.SharedLimitFixture.fallbacks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.guard.SharedLimitFixture.MovableClock;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import dev.tiergate.store.RedisClusterProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On a Redis Cluster every bucket is one key, so its script runs on the one node that owns the key's slot. */
class SharedRateLimiterClusterTest {

    private static final RateLimitSpec SPEC = new RateLimitSpec(1, Duration.ofMinutes(1), 3, By.CLIENT_IP, "", true);

    private static RedisClusterProcess cluster;
    private static Vertx vertx;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = RedisClusterProcess.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (vertx != null) {
                await(vertx.close());
            }
        } finally {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @Test
    void gatewaysShareBucketsSpreadOverTheSlots() {
        MovableClock clock = new MovableClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(cluster.uris());
        SharedRateLimiter gatewayA = SharedLimitFixture.gateway(vertx, options, Duration.ofSeconds(2), clock, registry);
        SharedRateLimiter gatewayB = SharedLimitFixture.gateway(vertx, options, Duration.ofSeconds(2), clock, registry);
        try {
            // Enough clients that their keys land on every master.
            for (int client = 0; client < 20; client++) {
                String key = "10.0.0." + client;
                assertThat(await(gatewayA.tryConsume("api", SPEC, key)).remaining()).isEqualTo(2);
                assertThat(await(gatewayB.tryConsume("api", SPEC, key)).remaining()).isEqualTo(1);
                assertThat(await(gatewayA.tryConsume("api", SPEC, key)).remaining()).isZero();
                assertThat(await(gatewayB.tryConsume("api", SPEC, key)).allowed()).isFalse();
            }
            assertThat(fallbacks(registry, "fault") + fallbacks(registry, "cooldown") + fallbacks(registry, "contention")).isZero();
        } finally {
            await(gatewayA.close());
            await(gatewayB.close());
        }
    }
}
