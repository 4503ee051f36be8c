package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A slow route cannot take every origin connection: its bulkhead refuses with 503 and Retry-After. */
class OriginOverloadTest {

    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                routes:
                  - name: slow
                    match: { path: /sim/respond/slow/** }
                    bulkhead: { maxConcurrent: 1 }
                """);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void fullBulkheadAnswers503WithRetryAfterAndOtherRoutesAreServed() throws Exception {
        CompletableFuture<HttpResponse<String>> occupying = harness.getAsync("/sim/respond/slow/a?delay_ms=1500");
        awaitInFlight();

        HttpResponse<String> refused = harness.get("/sim/respond/slow/b");
        HttpResponse<String> elsewhere = harness.get("/sim/respond/fast");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=uri-miss; detail=bulkhead-full");
        assertThat(harness.originCount("/sim/respond/slow/b")).isZero();
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(occupying.get().statusCode()).isEqualTo(200);
    }

    /** The first request holds the route's only slot once the origin has it. */
    private void awaitInFlight() throws InterruptedException {
        for (int attempt = 0; attempt < 2000 && harness.originCount("/sim/respond/slow/a?delay_ms=1500") == 0; attempt++) {
            Thread.sleep(5);
        }
    }
}
