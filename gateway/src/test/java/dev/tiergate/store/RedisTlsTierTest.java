package dev.tiergate.store;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tier contract over {@code rediss://}: a standalone server speaking TLS on its own port, its
 * certificate from a test CA the tier is given as {@code ca}, with hostname verification on.
 */
class RedisTlsTierTest extends RedisTierContractTest {

    private static RedisServerProcess server;
    private static Vertx vertx;
    private static RedisTier tier;

    @BeforeAll
    static void start() throws IOException {
        TestCertificates.Shared certificates = TestCertificates.shared();
        TestCertificates ca = certificates.ca();
        server = RedisServerProcess.start(List.of(), false, new RedisServerProcess.Tls(certificates.loopbackServer(), ca.caCert(), false));
        vertx = Vertx.vertx();
        tier = new RedisTier(vertx, new RedisTierOptions().setConnectionString(server.tlsUri()).setKeyPrefix("tls:")
                .setCommandTimeout(Duration.ofSeconds(2))
                .setTls(new L2Settings.Tls(Optional.of(ca.caCert()), Optional.empty(), Optional.empty(), true)));
    }

    @AfterAll
    static void stop() {
        RedisTierContractTest.shutDown(tier, vertx, () -> {
            if (server != null) {
                server.stop();
            }
        });
    }

    @Override
    protected Tier tier() {
        return tier;
    }
}
