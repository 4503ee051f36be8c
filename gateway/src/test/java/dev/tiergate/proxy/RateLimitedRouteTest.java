package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-route rate limits through the running gateway. */
class RateLimitedRouteTest {

    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                routes:
                  - name: search
                    match: { path: /sim/respond/search }
                    rateLimit: { rate: 2/10s, burst: 3, by: client-ip }
                """);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void limitedRouteAnswers429AfterItsBurstAndOtherRoutesAreUnaffected() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> allowed = harness.get("/sim/respond/search?q=" + i);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"search\";q=3;w=15");
        }

        HttpResponse<String> refused = harness.get("/sim/respond/search?q=9");
        HttpResponse<String> elsewhere = harness.get("/sim/respond/other");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"search\";r=0;");
        assertThat(harness.originCount("/sim/respond/search?q=9")).isZero();
        assertThat(elsewhere.statusCode()).isEqualTo(200);
    }

    @Test
    void refilledBucketAdmitsRequestsAgain() throws Exception {
        for (int i = 0; i < 4; i++) {
            harness.get("/sim/respond/search?q=" + i);
        }
        harness.clock.advance(Duration.ofSeconds(5));

        assertThat(harness.get("/sim/respond/search?q=again").statusCode()).isEqualTo(200);
    }
}
