package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.store.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code server} section's TLS and HTTP/2 settings and {@code origins.<name>.http2} and {@code ca}: read, defaulted, validated. */
class TransportPolicyTest {

    private static TestCertificates.Shared certificates;
    private static Path notPem;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.shared();
        notPem = Files.createTempFile("tiergate-not-pem", ".txt");
        Files.writeString(notPem, "not a certificate\n");
    }

    @Test
    void serverSectionReadsTheCertificateAndTheHttpVersions() throws Exception {
        TestCertificates.Pair pair = certificates.loopbackServer();
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  port: 8443
                  tls: { cert: %s, key: %s, checkEvery: 1m }
                  http2: true
                  maxConcurrentStreams: 50
                  redirectHttp: 8080
                  adminTls: true
                """.formatted(pair.cert(), pair.key()));

        assertThat(policy.server().transport()).isEqualTo(new TransportSettings(Optional.of(new ListenerTls.Pem(pair.cert(), pair.key())),
                true, false, 50, Duration.ofMinutes(1), OptionalInt.of(8080), true));
    }

    @Test
    void aKeystoreNamesTheVariableHoldingItsPassword() throws Exception {
        Path keystore = Files.createTempFile("tiergate-store", ".p12");
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                server: { tls: { keystore: %s, passwordEnv: TLS_PASSWORD } }
                """.formatted(keystore));

        assertThat(policy.server().transport().tls()).contains(new ListenerTls.Pkcs12(keystore.toAbsolutePath(), "TLS_PASSWORD"));
    }

    @Test
    void withoutTransportFieldsTheListenerIsPlainHttp11WithHttp2OfferedOverTlsOnly() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                """);

        assertThat(policy.server().transport()).isEqualTo(TransportSettings.PLAIN);
        assertThat(TransportSettings.PLAIN.http2()).isTrue();
        assertThat(TransportSettings.PLAIN.h2c()).isFalse();
        assertThat(TransportSettings.PLAIN.maxConcurrentStreams()).isEqualTo(100);
    }

    @Test
    void originsReadHttp2AndTheirCa() throws Exception {
        Path ca = certificates.ca().caCert();
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origins:
                  api: { url: https://api.internal:8443, http2: true, ca: %s }
                  plain: http://127.0.0.1:8081
                """.formatted(ca));

        assertThat(policy.origins().get("api").transport()).isEqualTo(new OriginTransport(true, Optional.of(ca.toAbsolutePath())));
        assertThat(policy.origins().get("plain").transport()).isEqualTo(OriginTransport.DEFAULT);
    }

    @Test
    void listenerOverridesKeepTheTransport() throws Exception {
        TransportSettings transport = TransportSettings.PLAIN.withRedirectHttpPort(OptionalInt.of(80));
        ServerSettings server = ServerSettings.DEFAULTS.withTransport(transport);

        assertThat(server.withListeners("0.0.0.0", 443, "127.0.0.1", 0).transport()).isEqualTo(transport);
        assertThat(server.withDrain(Duration.ZERO, Duration.ofSeconds(1)).transport()).isEqualTo(transport);
    }

    @Test
    void badTransportSettingsAreReportedWithTheirLines() {
        TestCertificates.Pair pair = certificates.loopbackServer();
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  tls: { cert: %s }
                  http2: maybe
                  maxConcurrentStreams: 0
                """.formatted(pair.cert()))).containsExactly(
                "test.yaml:4 server.tls: cert without key (expected: key, the PEM private key of the certificate)",
                "test.yaml:5 server.http2: \"maybe\" (expected: true or false)",
                "test.yaml:6 server.maxConcurrentStreams: \"0\" (expected: a positive whole number)");
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  tls: { cert: %s, key: %s }
                """.formatted(notPem, pair.cert()))).containsExactly(
                "test.yaml:4 server.tls.cert: \"" + notPem + "\" (expected: a readable PEM file with a CERTIFICATE block; " + notPem
                        + " has none)",
                "test.yaml:4 server.tls.key: \"" + pair.cert() + "\" (expected: a readable PEM file with a PRIVATE KEY block; "
                        + pair.cert() + " has none)");
    }

    @Test
    void settingsThatCouldNeverApplyAreRefused() {
        TestCertificates.Pair pair = certificates.loopbackServer();
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  h2c: true
                  http2: false
                  redirectHttp: 8080
                  adminTls: true
                """)).containsExactly(
                "test.yaml:4 server.h2c: true with http2: false (expected: http2: true, or no h2c)",
                "test.yaml:6 server.redirectHttp: set without tls (expected: a tls section: it redirects to the HTTPS listener)",
                "test.yaml:7 server.adminTls: true without tls (expected: a tls section, whose certificate the admin API presents)");
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  tls: { cert: %s, key: %s, keystore: store.p12 }
                  h2c: true
                """.formatted(pair.cert(), pair.key()))).containsExactly(
                "test.yaml:4 server.tls: both cert/key and keystore are set (expected: cert and key as PEM files, or a PKCS#12 keystore "
                        + "and its passwordEnv)",
                "test.yaml:5 server.h2c: true on a TLS listener (expected: no h2c; with tls, HTTP/2 is negotiated by ALPN)");
        assertThat(PolicyProblems.of("""
                version: 1
                origin:
                  url: http://127.0.0.1:8081
                  ca: %s
                server:
                  tls: { keystore: %s }
                """.formatted(certificates.ca().caCert(), notPem))).containsExactly(
                "test.yaml:4 origin.ca: set for an http:// url (expected: url https://..., or no ca)",
                "test.yaml:6 server.tls: keystore without passwordEnv (expected: passwordEnv, the environment variable holding its password)");
    }
}
