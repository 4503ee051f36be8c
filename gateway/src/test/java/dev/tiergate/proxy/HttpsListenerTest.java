package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.store.TestCertificates;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS listener: h2 by ALPN and HTTP/1.1 over TLS get the same misses, hits and {@code Cache-Status}; the
 * certificate is reloaded when its files change without breaking open connections, a bad new file keeps the old one;
 * a PKCS#12 keystore; the plain listener that redirects to HTTPS; the admin API over TLS.
 */
class HttpsListenerTest {

    private static final java.util.concurrent.atomic.AtomicLong TOUCHES = new java.util.concurrent.atomic.AtomicLong();

    private static TestCertificates ca;
    private static TestCertificates.Pair first;
    private static TestCertificates.Pair second;

    private GatewayHarness harness;
    private Path cert;
    private Path key;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.shared().ca();
        first = TestCertificates.shared().loopbackServer();
        second = ca.issue("tiergate-rotated", TestCertificates.LOOPBACK_NAMES);
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A gateway presenting the first certificate from files the test may replace. */
    private void start(String serverExtra) throws Exception {
        Path dir = Files.createTempDirectory("tiergate-listener-tls");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Files.copy(first.cert(), cert);
        Files.copy(first.key(), key);
        harness = GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                server:
                  tls: { cert: %s, key: %s, checkEvery: 0s }
                %s
                routes:
                  - name: pinned
                    match: { path: /sim/respond/pinned/** }
                    cache: { ttl: 2m }
                """.formatted(cert, key, serverExtra));
    }

    @Test
    void h2ByAlpnGetsTheSameMissAndHitAsHttp11OverTls() throws Exception {
        start("");
        HttpClientAgent h2 = Http2Clients.h2OverTls(harness.vertx, ca.caCert());
        HttpClientAgent http11 = Http2Clients.http11OverTls(harness.vertx, ca.caCert());
        int port = harness.gateway.port();

        Http2Clients.Reply miss = Http2Clients.get(h2, port, "/sim/respond/pinned/tls");
        Http2Clients.Reply hit = Http2Clients.get(h2, port, "/sim/respond/pinned/tls");
        Http2Clients.Reply http11Miss = Http2Clients.get(http11, port, "/sim/respond/pinned/tls-h1");
        Http2Clients.Reply http11Hit = Http2Clients.get(http11, port, "/sim/respond/pinned/tls-h1");

        assertThat(miss.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(http11Miss.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(miss.cacheStatus()).isEqualTo(http11Miss.cacheStatus()).contains("fwd=uri-miss");
        assertThat(hit.cacheStatus()).isEqualTo(http11Hit.cacheStatus()).startsWith("Tiergate; hit");
        assertThat(hit.headers().names()).map(name -> name.toLowerCase(Locale.ROOT))
                .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade");
        assertThat(harness.originCount("/sim/respond/pinned/tls")).isEqualTo(1);
    }

    @Test
    void aRotatedCertificateReachesNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        start("");
        HttpClientAgent open = Http2Clients.h2OverTls(harness.vertx, ca.caCert());
        int port = harness.gateway.port();
        Http2Clients.Reply before = Http2Clients.get(open, port, "/sim/respond/pinned/rotate");

        replace(second);
        assertThat(harness.gateway.checkCertificates().await()).isEqualTo(CertificateReloader.Outcome.RELOADED);
        Http2Clients.Reply sameConnection = Http2Clients.get(open, port, "/sim/respond/pinned/rotate");
        Http2Clients.Reply newConnection = Http2Clients.get(Http2Clients.h2OverTls(harness.vertx, ca.caCert()), port,
                "/sim/respond/pinned/rotate");

        assertThat(before.peerSubject()).isEqualTo("CN=redis");
        assertThat(sameConnection.connection()).isSameAs(before.connection());
        assertThat(sameConnection.status()).isEqualTo(200);
        assertThat(sameConnection.peerSubject()).isEqualTo("CN=redis");
        assertThat(newConnection.peerSubject()).isEqualTo("CN=tiergate-rotated");
        assertThat(harness.gateway.checkCertificates().await()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
    }

    @Test
    void aBadNewCertificateIsLoggedAndTheOldOneStays() throws Exception {
        start("");
        int port = harness.gateway.port();
        try (LogCapture logs = LogCapture.everything()) {
            // A renewal caught half-way: the new certificate, with the old key.
            Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
            touch(cert);
            assertThat(harness.gateway.checkCertificates().await()).isEqualTo(CertificateReloader.Outcome.REJECTED);
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            touch(key);
            assertThat(harness.gateway.checkCertificates().await()).isEqualTo(CertificateReloader.Outcome.REJECTED);

            assertThat(logs.text()).contains("TLS certificate reload rejected, the listener keeps its certificate: the private key in "
                    + cert + " and " + key + " does not belong to its certificate \"CN=tiergate-rotated\"");
        }
        Http2Clients.Reply after = Http2Clients.get(Http2Clients.h2OverTls(harness.vertx, ca.caCert()), port, "/sim/respond/pinned/bad");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.peerSubject()).isEqualTo("CN=redis");
    }

    @Test
    void aPkcs12KeystoreOpensWithThePasswordFromTheEnvironment() throws Exception {
        // keytool's own store for the first certificate: the key with a self-signed certificate, password changeit.
        Path keystore = first.cert().resolveSibling("redis.p12");
        harness = GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                server: { tls: { keystore: %s, passwordEnv: TEST_TLS_PASSWORD } }
                """.formatted(keystore), AdminAccess.LOOPBACK_ONLY, name -> name.equals("TEST_TLS_PASSWORD") ? "changeit" : null);
        HttpClientAgent trusting = harness.vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true));

        Http2Clients.Reply reply = Http2Clients.get(trusting, harness.gateway.port(), "/sim/respond/p12");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(reply.peerSubject()).isEqualTo("CN=redis");
    }

    @Test
    void aKeystoreWhosePasswordIsUnsetFailsTheStart() throws Exception {
        Path keystore = first.cert().resolveSibling("redis.p12");
        assertThatThrownBy(() -> GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                server: { tls: { keystore: %s, passwordEnv: TEST_TLS_PASSWORD } }
                """.formatted(keystore), AdminAccess.LOOPBACK_ONLY, name -> null))
                .hasMessage("server.tls.passwordEnv: TEST_TLS_PASSWORD is not set (expected: the password of " + keystore + ")");
    }

    @Test
    void thePlainListenerRedirectsToHttps() throws Exception {
        int redirectPort = GatewayHarness.freePort();
        start("  redirectHttp: " + redirectPort);
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> redirected = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort + "/a/b?c=d"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(redirected.statusCode()).isEqualTo(308);
        assertThat(redirected.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + harness.gateway.port() + "/a/b?c=d");
        assertThat(harness.originCount("/a/b?c=d")).isZero();
    }

    @Test
    void theAdminApiCanServeTlsWithTheProxysCertificate() throws Exception {
        start("  adminTls: true");
        HttpClientAgent admin = Http2Clients.http11OverTls(harness.vertx, ca.caCert());

        Http2Clients.Reply health = Http2Clients.get(admin, harness.gateway.adminPort(), "/health/live");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.peerSubject()).isEqualTo("CN=redis");
    }

    private void replace(TestCertificates.Pair with) throws Exception {
        for (Path[] copy : List.of(new Path[] {with.cert(), cert}, new Path[] {with.key(), key})) {
            Files.copy(copy[0], copy[1], StandardCopyOption.REPLACE_EXISTING);
            touch(copy[1]);
        }
    }

    /** A new modification time, whatever the file system's clock granularity. */
    private static void touch(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(TOUCHES.incrementAndGet())));
    }
}
