package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static dev.tiergate.store.Samples.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tier contract on a three-master Redis Cluster over TLS with client certificates: the bus speaks
 * TLS, the tier is given one TLS seed and finds the other masters (and their TLS ports) itself.
 */
class RedisClusterTlsTierTest extends RedisTierContractTest {

    private static RedisClusterProcess cluster;
    private static Vertx vertx;
    private static RedisTier tier;

    @BeforeAll
    static void start() throws IOException {
        TestCertificates.Shared certificates = TestCertificates.shared();
        cluster = RedisClusterProcess.start(new RedisServerProcess.Tls(certificates.loopbackServer(), certificates.ca().caCert(),
                true, true));
        vertx = Vertx.vertx();
        tier = new RedisTier(vertx, new RedisTierOptions().setType(RedisTierOptions.Type.CLUSTER)
                .setConnectionString(cluster.tlsUris().get(0)).setCommandTimeout(Duration.ofSeconds(2))
                .setTls(new L2Settings.Tls(Optional.of(certificates.ca().caCert()), Optional.of(certificates.client().cert()),
                        Optional.of(certificates.client().key()), true)));
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

    @Test
    void keysOnEveryMasterAreReadBackOverTls() throws IOException {
        for (int i = 0; i < 30; i++) {
            await(tier.put("tls-spread-" + i, Samples.entry("v" + i), Duration.ofMinutes(1)));
        }
        for (int i = 0; i < 30; i++) {
            assertSameVariants(await(tier.get("tls-spread-" + i)), Samples.entry("v" + i));
        }
        for (RedisServerProcess node : cluster.nodes()) {
            try (RespClient client = new RespClient(node.port())) {
                assertThat((Long) client.call("DBSIZE")).as("keys on the master at " + node.tlsUri()).isPositive();
            }
        }
    }
}
