package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code l2.tls} proves about the server and about the gateway: mutual TLS, a server from an
 * unknown CA, and a certificate that does not name the host, each against a real {@code redis-server},
 * with the diagnosis the gateway logs for each refusal.
 */
class RedisTlsTest {

    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static TestCertificates.Pair loopbackServer;
    private static TestCertificates.Pair elsewhereServer;
    private static TestCertificates.Pair client;

    private final Vertx vertx = Vertx.vertx();
    private final List<RedisTier> tiers = new ArrayList<>();
    private RedisServerProcess server;

    @BeforeAll
    static void certificates() throws IOException {
        TestCertificates.Shared shared = TestCertificates.shared();
        ca = shared.ca();
        otherCa = shared.otherCa();
        loopbackServer = shared.loopbackServer();
        elsewhereServer = shared.elsewhereServer();
        client = shared.client();
    }

    @AfterEach
    void stop() {
        try {
            tiers.forEach(tier -> Samples.await(tier.close()));
            Samples.await(vertx.close());
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void mutualTlsServesAClientWithItsCertificateAndRefusesOneWithout() throws IOException {
        server = RedisServerProcess.start(List.of(), false, new RedisServerProcess.Tls(loopbackServer, ca.caCert(), true));
        RedisTier withCertificate = tier(new L2Settings.Tls(Optional.of(ca.caCert()), Optional.of(client.cert()),
                Optional.of(client.key()), true));
        RedisTier withoutCertificate = tier(trusting(ca.caCert(), true));

        Samples.await(withCertificate.put("k", Samples.entry("mutual"), Duration.ofMinutes(1)));

        Samples.assertSameVariants(Samples.await(withCertificate.get("k")), Samples.entry("mutual"));
        Throwable refused = Samples.awaitFailure(withoutCertificate.get("k"), Duration.ofSeconds(5));
        assertThat(TlsFaults.describe(refused)).contains("the server requires a client certificate (expected: l2.tls.cert and l2.tls.key)");
    }

    @Test
    void serverWhoseCertificateIsFromAnotherCaIsRefused() throws IOException {
        server = RedisServerProcess.start(List.of(), false, new RedisServerProcess.Tls(loopbackServer, ca.caCert(), false));
        RedisTier trustingAnother = tier(trusting(otherCa.caCert(), true));

        Throwable refused = Samples.awaitFailure(trustingAnother.get("k"), Duration.ofSeconds(5));

        assertThat(causes(refused)).anyMatch(SSLException.class::isInstance);
        assertThat(TlsFaults.describe(refused)).hasValueSatisfying(diagnosis -> assertThat(diagnosis)
                .startsWith("the server's certificate does not chain to a trusted CA (expected: l2.tls.ca"));
    }

    @Test
    void certificateThatDoesNotNameTheHostIsRefusedUnlessVerificationIsOff() throws IOException {
        server = RedisServerProcess.start(List.of(), false, new RedisServerProcess.Tls(elsewhereServer, ca.caCert(), false));
        RedisTier verifying = tier(trusting(ca.caCert(), true));
        RedisTier notVerifying = tier(trusting(ca.caCert(), false));

        Throwable refused = Samples.awaitFailure(verifying.get("k"), Duration.ofSeconds(5));
        Samples.await(notVerifying.put("k", Samples.entry("insecure"), Duration.ofMinutes(1)));

        assertThat(causes(refused)).anyMatch(SSLException.class::isInstance);
        assertThat(TlsFaults.describe(refused)).hasValueSatisfying(diagnosis -> assertThat(diagnosis)
                .startsWith("the server's certificate does not name the host in the URL"));
        Samples.assertSameVariants(Samples.await(notVerifying.get("k")), Samples.entry("insecure"));
    }

    @Test
    void verificationOffStillRefusesAnUnknownCa() throws IOException {
        server = RedisServerProcess.start(List.of(), false, new RedisServerProcess.Tls(loopbackServer, ca.caCert(), false));
        RedisTier notVerifyingNames = tier(trusting(otherCa.caCert(), false));

        assertThat(causes(Samples.awaitFailure(notVerifyingNames.get("k"), Duration.ofSeconds(5))))
                .anyMatch(SSLException.class::isInstance);
    }

    private static L2Settings.Tls trusting(Path caCert, boolean verifyHostname) {
        return new L2Settings.Tls(Optional.of(caCert), Optional.empty(), Optional.empty(), verifyHostname);
    }

    private RedisTier tier(L2Settings.Tls tls) {
        RedisTier tier = new RedisTier(vertx, new RedisTierOptions().setConnectionString(server.tlsUri())
                .setCommandTimeout(Duration.ofSeconds(2)).setTls(tls));
        tiers.add(tier);
        return tier;
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
