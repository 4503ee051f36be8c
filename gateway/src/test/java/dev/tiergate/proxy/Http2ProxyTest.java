package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Promise;
import io.vertx.core.http.GoAway;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clear-text HTTP/2 ({@code server.h2c: true}): prior knowledge and {@code Upgrade: h2c} get the same misses, hits and
 * {@code Cache-Status} as HTTP/1.1, the {@code :authority} routes and keys, no connection-specific field reaches an h2
 * client, and a drain sends GOAWAY.
 */
class Http2ProxyTest extends GatewayTestBase {

    @Override
    protected String policy() {
        return """
                version: 1
                origin:
                  url: http://127.0.0.1:1
                server: { h2c: true }
                routes:
                  - name: pinned
                    match: { path: /sim/respond/pinned/** }
                    cache: { ttl: 2m }
                  - name: elsewhere
                    match: { host: shop.test, path: /sim/respond/shop/** }
                    cache: { ttl: 1m }
                """;
    }

    @Test
    void priorKnowledgeH2cGetsTheSameMissAndHitAsHttp11() throws Exception {
        HttpClientAgent h2 = Http2Clients.h2c(harness.vertx, false);
        Http2Clients.Reply miss = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/pinned/h2");
        Http2Clients.Reply hit = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/pinned/h2");
        var http11 = harness.get("/sim/respond/pinned/h1");
        var http11Hit = harness.get("/sim/respond/pinned/h1");

        assertThat(miss.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.cacheStatus()).isEqualTo(http11.headers().firstValue("Cache-Status").orElseThrow());
        assertThat(hit.cacheStatus()).isEqualTo(http11Hit.headers().firstValue("Cache-Status").orElseThrow())
                .startsWith("Tiergate; hit");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.connection()).isSameAs(miss.connection());
        assertThat(harness.originCount("/sim/respond/pinned/h2")).isEqualTo(1);
    }

    @Test
    void upgradeToH2cIsServedOverHttp2() throws Exception {
        HttpClientAgent upgrading = Http2Clients.h2c(harness.vertx, true);
        Http2Clients.Reply first = Http2Clients.get(upgrading, harness.gateway.port(), "/sim/respond/pinned/upgrade");
        Http2Clients.Reply second = Http2Clients.get(upgrading, harness.gateway.port(), "/sim/respond/pinned/upgrade");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(second.cacheStatus()).startsWith("Tiergate; hit");
    }

    @Test
    void theAuthorityRoutesAndKeysAnHttp2Request() throws Exception {
        HttpClientAgent h2 = Http2Clients.h2c(harness.vertx, false);
        RequestOptions toShop = new RequestOptions().setServer(SocketAddress.inetSocketAddress(harness.gateway.port(), "127.0.0.1"))
                .setHost("shop.test").setPort(harness.gateway.port()).setURI("/sim/respond/shop/a");
        Http2Clients.Reply shop = Http2Clients.send(h2, toShop);
        Http2Clients.Reply other = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/shop/a");

        assertThat(shop.status()).isEqualTo(200);
        assertThat(shop.cacheStatus()).contains("stored; ttl=60");
        assertThat(other.cacheStatus()).doesNotContain("hit");
    }

    @Test
    void http2ResponsesCarryNoConnectionSpecificFields() throws Exception {
        HttpClientAgent h2 = Http2Clients.h2c(harness.vertx, false);
        // The origin sends hop-by-hop fields; a draining gateway adds Connection: close to HTTP/1.1 responses.
        Http2Clients.Reply forwarded = Http2Clients.get(h2, harness.gateway.port(),
                "/sim/respond/pinned/hop?header=Keep-Alive:timeout%3D5&header=Upgrade:websocket");
        harness.gateway.drain(Duration.ofMinutes(1), Duration.ofSeconds(1), stage -> { });
        Http2Clients.Reply draining = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/pinned/during-drain");

        for (Http2Clients.Reply reply : List.of(forwarded, draining)) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().names()).map(name -> name.toLowerCase(Locale.ROOT))
                    .doesNotContain("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");
        }
    }

    @Test
    void aDrainSendsGoawayToHttp2Connections() throws Exception {
        HttpClientAgent h2 = Http2Clients.h2c(harness.vertx, false);
        Http2Clients.Reply before = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/pinned/goaway");
        Promise<GoAway> goAway = Promise.promise();
        before.connection().goAwayHandler(goAway::tryComplete);

        harness.gateway.drain(Duration.ofMinutes(1), Duration.ofSeconds(5), stage -> { });
        Http2Clients.Reply during = Http2Clients.get(h2, harness.gateway.port(), "/sim/respond/pinned/goaway");

        assertThat(during.status()).isEqualTo(200);
        assertThat(during.connection()).isSameAs(before.connection());
        assertThat(goAway.future().await(30, TimeUnit.SECONDS).getErrorCode()).isZero();
    }

    @Test
    void curlWithHttp2PriorKnowledgeGetsTheSameMissAndHit() throws Exception {
        assumeThat(curlSpeaksHttp2()).as("curl with HTTP2 support").isTrue();
        String url = "http://127.0.0.1:" + harness.gateway.port() + "/sim/respond/pinned/curl";
        String miss = curl(url);
        String hit = curl(url);

        assertThat(miss).startsWith("HTTP/2 200").contains("cache-status: Tiergate; fwd=uri-miss");
        assertThat(hit).startsWith("HTTP/2 200").contains("cache-status: Tiergate; hit");
        assertThat(harness.originCount("/sim/respond/pinned/curl")).isEqualTo(1);
    }

    private static boolean curlSpeaksHttp2() {
        try {
            Process version = new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(10, TimeUnit.SECONDS);
            if (!text.contains("HTTP2")) {
                System.out.println("curl has no HTTP2 feature; skipping the curl --http2-prior-knowledge test");
                return false;
            }
            return true;
        } catch (IOException | InterruptedException e) {
            System.out.println("no curl (" + e.getMessage() + "); skipping the curl --http2-prior-knowledge test");
            return false;
        }
    }

    /** The response head curl received, lower-case field names. */
    private static String curl(String url) throws Exception {
        Process process = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-D", "-", "--max-time", "20", url)
                .redirectErrorStream(true).start();
        String head = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(head).isZero();
        return head;
    }
}
