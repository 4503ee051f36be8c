package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RequestCountingTest extends OriginSimTestSupport {

    @Test
    void eachResponseCarriesHowOftenItsExactPathAndQueryWasRequested() throws Exception {
        assertThat(countHeader(get("/api/products"))).isEqualTo(1);
        assertThat(countHeader(get("/api/products"))).isEqualTo(2);
        assertThat(countHeader(get("/api/products?page=2"))).isEqualTo(1);

        assertThat(sim.requestCount("/api/products")).isEqualTo(2);
        assertThat(sim.requestCount("/api/products?page=2")).isEqualTo(1);
        assertThat(sim.requestCount("/api/never")).isZero();
        assertThat(sim.totalRequests()).isEqualTo(3);
    }

    @Test
    void requestIdsAreUniqueAndIncreasing() throws Exception {
        long first = Long.parseLong(header(get("/api/products"), SimHeaders.REQUEST_ID));
        long second = Long.parseLong(header(get("/api/products/1"), SimHeaders.REQUEST_ID));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void errorAndNotModifiedResponsesAreCountedToo() throws Exception {
        HttpResponse<String> notFound = get("/api/products/5000");
        String etag = header(get("/api/products/1"), "ETag");
        HttpResponse<String> notModified = get("/api/products/1", "If-None-Match", etag);

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(countHeader(notFound)).isEqualTo(1);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(countHeader(notModified)).isEqualTo(2);
    }

    @Test
    void statsReportTotalAndPerUrlCountsButNotAdminRequests() throws Exception {
        get("/api/products");
        get("/api/products");
        get("/static/app.js");
        get("/__sim/health");

        JsonObject stats = new JsonObject(get("/__sim/stats").body());

        assertThat(stats.getLong("total")).isEqualTo(3);
        assertThat(stats.getJsonObject("byUrl").getMap())
                .containsOnlyKeys("/api/products", "/static/app.js")
                .containsEntry("/api/products", 2)
                .containsEntry("/static/app.js", 1);
    }

    @Test
    void adminResponsesCarryNoCounterHeaders() throws Exception {
        HttpResponse<String> health = get("/__sim/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(health.headers().firstValue(SimHeaders.REQUEST_COUNT)).isEmpty();
    }

    @Test
    void resetEndpointClearsAllCounters() throws Exception {
        get("/api/products");

        HttpResponse<String> reset = send(request("/__sim/reset").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(sim.totalRequests()).isZero();
        assertThat(sim.requestCount("/api/products")).isZero();
        assertThat(countHeader(get("/api/products"))).isEqualTo(1);
    }

    @Test
    void javaResetClearsAllCounters() throws Exception {
        get("/api/products");

        sim.reset();

        assertThat(sim.totalRequests()).isZero();
        assertThat(new JsonObject(get("/__sim/stats").body()).getJsonObject("byUrl")).isEmpty();
    }

    @Test
    void baseUrlPointsAtTheBoundPort() {
        assertThat(sim.port()).isPositive();
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
    }
}
