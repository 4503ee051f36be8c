package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Concurrent requests for one cold key share one origin fetch. */
class CollapsingTest extends GatewayTestBase {

    private static final int CLIENTS = 200;

    @Test
    void concurrentColdRequestsReachOriginOnce() throws Exception {
        // The origin answers slowly, so every request arrives while the first fetch is in flight.
        String target = "/sim/respond/cold?cache-control=max-age=60&delay_ms=1500&body=fixed";

        List<HttpResponse<String>> responses = sendConcurrently(target);

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(responses.get(0).body());
        });
        assertThat(harness.originCount(target)).isEqualTo(1);
        assertThat(responses).filteredOn(response -> response.headers().firstValue("Cache-Status").orElseThrow().contains("collapsed"))
                .isNotEmpty();
    }

    @Test
    void waitersFetchThemselvesWhenTheResponseCannotBeShared() throws Exception {
        String target = "/sim/respond/private?cache-control=private,max-age=60&delay_ms=1000";

        List<HttpResponse<String>> responses = sendConcurrently(target, 5);

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        // Every client got its own origin response: bodies carry the origin's per-URL counter.
        assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(5);
        assertThat(harness.originCount(target)).isEqualTo(5);
    }

    private List<HttpResponse<String>> sendConcurrently(String target) throws Exception {
        return sendConcurrently(target, CLIENTS);
    }

    private List<HttpResponse<String>> sendConcurrently(String target, int clients) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            pending.add(harness.getAsync(target));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            responses.add(response.get());
        }
        return responses;
    }
}
