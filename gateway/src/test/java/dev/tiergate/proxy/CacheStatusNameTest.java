package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.cacheStatusName} names the gateway's member on every kind of response it sends. */
class CacheStatusNameTest extends GatewayTestBase {

    private static final String POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 2s }
            server: { cacheStatusName: Regional }
            routes:
              - name: account
                match: { path: /sim/respond/account/** }
                cache: bypass
              - name: limited
                match: { path: /sim/respond/limited/** }
                rateLimit: { rate: 1/1m, burst: 1, by: client-ip }
            """;

    @Override
    protected String policy() {
        return POLICY;
    }

    @Test
    void missesHitsAndConditionalHitsCarryTheConfiguredName() throws Exception {
        String target = "/sim/respond/named?cache-control=max-age=60&etag=%22v1%22";

        HttpResponse<String> miss = harness.get(target);
        HttpResponse<String> hit = harness.get(target);
        HttpResponse<String> notModified = harness.get(target, "If-None-Match", "\"v1\"");

        assertThat(cacheStatus(miss)).isEqualTo("Regional; fwd=uri-miss; fwd-status=200; stored; ttl=60");
        assertThat(cacheStatus(hit)).isEqualTo("Regional; hit; ttl=60; detail=fresh; tier=l1");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(notModified)).isEqualTo("Regional; hit; ttl=60; detail=fresh; tier=l1");
    }

    @Test
    void passThroughsCarryTheConfiguredName() throws Exception {
        HttpResponse<String> post = harness.send("POST", "/sim/respond/named-post");
        HttpResponse<String> bypassed = harness.get("/sim/respond/account/me");

        assertThat(cacheStatus(post)).isEqualTo("Regional; fwd=method; fwd-status=" + post.statusCode() + "; detail=method");
        assertThat(cacheStatus(bypassed)).isEqualTo("Regional; fwd=bypass; fwd-status=200; detail=route-bypass");
    }

    @Test
    void refusalsAndErrorsCarryTheConfiguredName() throws Exception {
        harness.get("/sim/respond/limited/a");
        HttpResponse<String> limited = harness.get("/sim/respond/limited/a");
        HttpResponse<String> timedOut = harness.get("/sim/respond/hang?fault=hang");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(cacheStatus(limited)).isEqualTo("Regional; fwd=bypass; detail=rate-limited");
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(cacheStatus(timedOut)).isEqualTo("Regional; fwd=uri-miss; detail=origin-timeout");
        assertThat(rawResponseHead("GET * HTTP/1.1\r\nHost: example.test\r\n\r\n"))
                .anySatisfy(line -> assertThat(line).startsWith("HTTP/1.1 400"))
                .contains("Cache-Status: Regional; fwd=bypass; detail=bad-request");
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Status").orElseThrow();
    }

    /** The status line and fields of a request the JDK client would not send. */
    private List<String> rawResponseHead(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }
}
