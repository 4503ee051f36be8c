package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.store.RedisServerProcess;
import dev.tiergate.store.TestCertificates;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway instances over a Redis that speaks only TLS and requires client certificates (mutual TLS). */
class RedisTlsGatewayTest {

    /** Read from L2 at once, or after waiting for the first instance's refill lock, which it may still hold. */
    private static final String FROM_L2 = "Tiergate; (hit; .*|fwd=uri-miss; collapsed; .*detail=peer-fill); tier=l2";

    private TestCertificates.Shared certificates;
    private RedisServerProcess redis;
    private GatewayHarness harness;
    private Gateway second;

    @BeforeEach
    void start() throws Exception {
        certificates = TestCertificates.shared();
        redis = RedisServerProcess.start(List.of(), false,
                new RedisServerProcess.Tls(certificates.loopbackServer(), certificates.ca().caCert(), true));
        harness = GatewayHarness.start();
        harness.gateway.close().await();
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close().await();
        }
        harness.close();
        redis.stop();
    }

    @Test
    void entryStoredByOneInstanceIsAHitOnAnotherOverMutualTls() throws Exception {
        harness.gateway = startInstance(certificates.ca().caCert());
        second = startInstance(certificates.ca().caCert());
        String target = "/sim/respond/tls?cache-control=max-age=60";

        HttpResponse<String> onFirst = Region.get(harness, harness.gateway, target);
        Region.awaitWritten(harness.gateway);
        HttpResponse<String> onSecond = Region.get(harness, second, target);

        assertThat(onSecond.headers().firstValue("Cache-Status").orElseThrow()).matches(FROM_L2);
        assertThat(onSecond.body()).isEqualTo(onFirst.body());
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    @Test
    void serverFromAnUntrustedCaIsOneWarningAndEveryRequestAMiss() throws Exception {
        String untrusted;
        try (LogCapture logs = LogCapture.everything()) {
            harness.gateway = startInstance(certificates.otherCa().caCert());
            for (int i = 0; i < 3; i++) {
                String target = "/sim/respond/untrusted/" + i + "?cache-control=max-age=60";
                HttpResponse<String> response = Region.get(harness, harness.gateway, target);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; fwd=uri-miss");
            }
            Region.awaitWritten(harness.gateway);
            untrusted = logs.text();
        }

        assertThat(harness.gateway.store().stats().l2Errors()).isPositive();
        List<String> diagnoses = untrusted.lines().filter(line -> line.contains("L2 TLS to")).toList();
        assertThat(diagnoses).as(untrusted).singleElement().asString()
                .startsWith("WARNING: L2 TLS to " + redis.tlsUri() + " failed: the server's certificate does not chain to a "
                        + "trusted CA (expected: l2.tls.ca naming the CA that signed it)");
        assertThat(untrusted).as("no stack traces").doesNotContain("SEVERE").doesNotContain("\tat io.netty");
    }

    @Test
    void withHostnameVerificationOffAMisnamedServerIsUsedAndTheGatewayWarnsAtStart() throws Exception {
        redis.stop();
        redis = RedisServerProcess.start(List.of(), false,
                new RedisServerProcess.Tls(certificates.elsewhereServer(), certificates.ca().caCert(), true));
        String started;
        try (LogCapture logs = LogCapture.everything()) {
            harness.gateway = startInstance(certificates.ca().caCert(), false);
            started = logs.text();
        }
        second = startInstance(certificates.ca().caCert(), false);
        String target = "/sim/respond/insecure?cache-control=max-age=60";

        Region.get(harness, harness.gateway, target);
        Region.awaitWritten(harness.gateway);
        HttpResponse<String> onSecond = Region.get(harness, second, target);

        assertThat(started).contains("WARNING: l2.tls.verifyHostname is false: the Redis server's certificate is not checked "
                + "against the host name connected to");
        assertThat(onSecond.headers().firstValue("Cache-Status").orElseThrow()).matches(FROM_L2);
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    private Gateway startInstance(Path trustedCa) throws Exception {
        return startInstance(trustedCa, true);
    }

    private Gateway startInstance(Path trustedCa, boolean verifyHostname) throws Exception {
        L2Settings.Tls tls = new L2Settings.Tls(Optional.of(trustedCa), Optional.of(certificates.client().cert()),
                Optional.of(certificates.client().key()), verifyHostname);
        return Region.startInstance(harness, GatewayHarness.DEFAULT_POLICY, new L2Settings(redis.tlsUri(), "standalone",
                Optional.empty(), List.of(), "tls-test:", Duration.ofMillis(500), Optional.of(tls)));
    }
}
