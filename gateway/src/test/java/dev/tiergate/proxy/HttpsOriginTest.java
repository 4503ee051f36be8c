package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.store.TestCertificates;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS origins: the certificate is verified against the origin's {@code ca}, the host is sent as SNI, a wrong CA is
 * refused with {@code 502} and one clear warning, and {@code http2: true} speaks h2 to the origin.
 */
class HttpsOriginTest {

    private static TestCertificates.Shared certificates;

    private GatewayHarness harness;
    private HttpServer origin;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.shared();
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A gateway whose {@code /secure/**} route goes to an HTTPS origin trusting {@code ca}. */
    private void start(Path ca, boolean http2) throws Exception {
        start("localhost", ca, http2);
    }

    private void start(String host, Path ca, boolean http2) throws Exception {
        harness = new GatewayHarness();
        TestCertificates.Pair pair = certificates.loopbackServer();
        origin = harness.vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setUseAlpn(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pair.cert().toString()).setKeyPath(pair.key().toString())))
                .requestHandler(request -> {
                    seen.add(request.version() + " sni=" + request.connection().indicatedServerName());
                    request.response().putHeader("Cache-Control", "max-age=60").end("secure " + request.path());
                })
                .listen(0, "127.0.0.1").await();
        harness.begin("""
                version: 1
                origins:
                  default: http://127.0.0.1:1
                  secure: { url: "https://%s:%d", ca: %s, http2: %s }
                routes:
                  - name: secure
                    match: { path: /secure/** }
                    origin: secure
                    cache: { ttl: 1m }
                """.formatted(host, origin.actualPort(), ca, http2), dev.tiergate.admin.AdminAccess.LOOPBACK_ONLY, System::getenv);
    }

    @Test
    void anOriginCertificateSignedByTheConfiguredCaIsVerifiedAndTheHostSentAsSni() throws Exception {
        start(certificates.ca().caCert(), false);

        HttpResponse<String> miss = harness.get("/secure/a");
        HttpResponse<String> hit = harness.get("/secure/a");

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.body()).isEqualTo("secure /secure/a");
        assertThat(hit.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(seen).containsExactly("HTTP_1_1 sni=localhost");
    }

    @Test
    void anIpLiteralOriginIsVerifiedAgainstTheCertificatesAddress() throws Exception {
        start("127.0.0.1", certificates.ca().caCert(), false);

        HttpResponse<String> response = harness.get("/secure/ip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).hasSize(1);
    }

    @Test
    void http2ToTheOriginIsNegotiatedByAlpn() throws Exception {
        start(certificates.ca().caCert(), true);

        HttpResponse<String> response = harness.get("/secure/h2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly(HttpVersion.HTTP_2 + " sni=localhost");
    }

    @Test
    void anOriginCertificateFromAnotherCaIsRefusedWithOneClearWarning() throws Exception {
        start(certificates.otherCa().caCert(), false);
        try (LogCapture logs = LogCapture.everything()) {
            HttpResponse<String> refused = harness.get("/secure/untrusted");
            HttpResponse<String> again = harness.get("/secure/untrusted-again");

            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(again.statusCode()).isEqualTo(502);
            assertThat(seen).isEmpty();
            String warning = "origin https://localhost:" + origin.actualPort()
                    + ": TLS handshake failed, requests get 502: the certificate is not trusted (check origins.<name>.ca, the CA file that "
                    + "signed it)";
            assertThat(logs.text()).contains(warning);
            assertThat(logs.text().split(java.util.regex.Pattern.quote(warning), -1)).hasSize(2);
        }
    }
}
