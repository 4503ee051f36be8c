package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static dev.tiergate.store.Samples.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis tier against the tier contract on a three-master Redis Cluster, and keys spread across slots. */
class RedisClusterTierTest extends RedisTierContractTest {

    private static RedisClusterProcess cluster;
    private static Vertx vertx;
    private static RedisTier tier;

    @BeforeAll
    static void start() throws IOException {
        cluster = RedisClusterProcess.start();
        vertx = Vertx.vertx();
        tier = new RedisTier(vertx, new RedisTierOptions().setType(RedisTierOptions.Type.CLUSTER)
                .setEndpoints(cluster.uris()).setCommandTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        RedisTierContractTest.shutDown(tier, vertx, () -> {
            if (cluster != null) {
                cluster.stop();
            }
        });
    }

    @Override
    protected Tier tier() {
        return tier;
    }

    private static long keysOn(RedisServerProcess node) {
        try (RespClient client = new RespClient(node.port())) {
            return (Long) client.call("DBSIZE");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void keysOnDifferentSlotsAndMastersAreStoredAndServedAndCleared() {
        for (int i = 0; i < 60; i++) {
            await(tier.put("spread-" + i, Samples.entry("v" + i), Duration.ofSeconds(60)));
        }
        // 60 keys over 16384 slots on three masters: every master holds some.
        for (RedisServerProcess node : cluster.nodes()) {
            assertThat(keysOn(node)).as("keys on port %d", node.port()).isPositive();
        }
        for (int i = 0; i < 60; i++) {
            assertSameVariants(await(tier.get("spread-" + i)), Samples.entry("v" + i));
        }
        await(tier.clear(), Duration.ofSeconds(10));
        for (RedisServerProcess node : cluster.nodes()) {
            assertThat(keysOn(node)).as("keys on port %d after clear", node.port()).isZero();
        }
    }
}
