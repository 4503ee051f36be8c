package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The admin port: health and the Prometheus metrics a dashboard needs. */
class AdminApiTest extends GatewayTestBase {

    @Test
    void healthReportsUp() throws Exception {
        HttpResponse<String> health = admin("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void metricsCountRequestsByRouteAndResultAndTimeTheOrigin() throws Exception {
        harness.get("/api/products/1");
        harness.get("/api/products/1");
        harness.get("/api/account");

        String metrics = admin("/metrics").body();

        assertThat(metrics).contains("tiergate_requests_total{result=\"miss\",route=\"default\",segment=\"\"} 1.0")
                .contains("tiergate_requests_total{result=\"hit\",route=\"default\",segment=\"\"} 1.0")
                .contains("tiergate_requests_total{result=\"bypass\",route=\"account\",segment=\"\"} 1.0")
                .contains("tiergate_origin_latency_seconds_count{outcome=\"200\",route=\"default\"}")
                .contains("tiergate_stored_total{route=\"default\"} 1.0")
                .contains("cache_size{cache=\"l1\"")
                .contains("cache_evictions_total{cache=\"l1\"");
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return harness.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.gateway.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
