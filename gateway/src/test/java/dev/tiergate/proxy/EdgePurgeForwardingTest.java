package dev.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tiergate.admin.AdminAccess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin purges forwarded to Cloudflare's purge API, with WireMock standing in for the API: the exact calls, batching,
 * retries, failures in {@code /stats} and the metrics, and a token that shows nowhere but in the call's header.
 */
class EdgePurgeForwardingTest {

    private static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String PURGE_PATH = "/client/v4/zones/" + ZONE + "/purge_cache";
    private static final String TOKEN = "cf-test-token-Zk3vT9q2wXh8LmNpQrSt";
    private static final UnaryOperator<String> ENVIRONMENT = name -> Map.of("TEST_CLOUDFLARE_TOKEN", TOKEN).get(name);
    private static final String ACCEPTED = "{\"success\": true, \"errors\": [], \"messages\": [], \"result\": {\"id\": \"9a7806061c88ada191ed06f989cc3dac\"}}";
    private static final String POLICY = """
            version: 1
            origin: { url: "http://127.0.0.1:1", connectTimeout: 2s, firstByteTimeout: 3s, idleTimeout: 3s }
            edge:
              cloudflare:
                zoneId: %s
                apiTokenEnv: TEST_CLOUDFLARE_TOKEN
                apiBase: http://127.0.0.1:%d/client/v4
                requestTimeout: %s
                retries: { attempts: 2, backoff: 10ms, maxBackoff: 50ms }
                batchSize: 2
            routes:
              - name: product
                match: { path: "/sim/respond/products/{id}" }
                cache: { tags: [products, "product:{id}"] }
              - name: item
                match: { path: "/sim/respond/items/{id}" }
                cache: { tags: ["item:{id}"] }
            """;

    private static WireMockServer cloudflare;
    private GatewayHarness harness;
    private AdminRequests admin;

    @BeforeAll
    static void startCloudflare() {
        cloudflare = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudflare.start();
    }

    @AfterAll
    static void stopCloudflare() {
        cloudflare.stop();
    }

    @BeforeEach
    void startGateway() throws Exception {
        cloudflare.resetAll();
        start("5s");
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }

    private void start(String requestTimeout) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = GatewayHarness.start(POLICY.formatted(ZONE, cloudflare.port(), requestTimeout), AdminAccess.LOOPBACK_ONLY, ENVIRONMENT);
        admin = new AdminRequests(harness.client, harness.gateway, null);
    }

    private static void answer(ResponseDefinitionBuilder response) {
        cloudflare.stubFor(post(urlEqualTo(PURGE_PATH)).willReturn(response));
    }

    private static List<JsonObject> calls() {
        return cloudflare.findAll(postRequestedFor(urlEqualTo(PURGE_PATH))).stream()
                .map(LoggedRequest::getBodyAsString).map(JsonObject::new).toList();
    }

    @Test
    void aUrlPurgeIsSentAsFilesToTheZoneWithTheToken() throws Exception {
        answer(okJson(ACCEPTED));

        JsonObject purged = admin.purge("{\"url\": \"https://shop.example/sim/respond/products/42?lang=en\"}");

        assertThat(purged.getString("status")).isEqualTo("purged");
        assertThat(purged.getString("edge")).isEqualTo("forwarded");
        cloudflare.verify(1, postRequestedFor(urlEqualTo(PURGE_PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"files\": [\"https://shop.example/sim/respond/products/42?lang=en\"]}")));
    }

    @Test
    void aUrlPurgeAlsoNamesTheCanonicalUrlTheEdgeWorkerStoresItsEntryUnder() throws Exception {
        answer(okJson(ACCEPTED));

        admin.purge("{\"url\": \"https://Shop.Example/sim/respond/products/./42?lang=en\"}");

        assertThat(calls()).containsExactly(new JsonObject().put("files", new JsonArray()
                .add("https://shop.example/sim/respond/products/42?lang=en")
                .add("https://Shop.Example/sim/respond/products/./42?lang=en")));
    }

    @Test
    void aPrefixPurgeIsSentWithoutSchemeQueryOrDefaultPort() throws Exception {
        assertForwardedAsOneCall("{\"prefix\": \"https://Shop.Example:443/sim/respond/products/?lang=en\"}",
                new JsonObject().put("prefixes", new JsonArray().add("shop.example/sim/respond/products/")), "edge: purged there without the query");
    }

    @Test
    void tagPurgesAreSentAsTagsAndOneCallCarriesSeveral() throws Exception {
        answer(okJson(ACCEPTED));

        admin.purge("{\"tag\": \"product:42\"}");
        admin.purge("{\"tag\": [\"products\", \"product:7\"]}");

        assertThat(calls()).containsExactly(new JsonObject().put("tags", new JsonArray().add("product:42")),
                new JsonObject().put("tags", new JsonArray().add("products").add("product:7")));
    }

    @Test
    void aSoftAllPurgeIsSentAsPurgeEverything() throws Exception {
        assertForwardedAsOneCall("{\"all\": true, \"soft\": true}", new JsonObject().put("purge_everything", true),
                "edge: soft here, hard there");
    }

    @Test
    void aRoutePurgeIsSentAsTheRoutesLiteralTags() throws Exception {
        assertForwardedAsOneCall("{\"route\": \"product\"}", new JsonObject().put("tags", new JsonArray().add("products")),
                "edge: purged there as the route's tags products");
    }

    @Test
    void aRouteWithoutLiteralTagsIsReportedNotForwarded() throws Exception {
        JsonObject item = admin.purge("{\"route\": \"item\"}");
        JsonObject unknown = admin.purge("{\"route\": \"gone\"}");

        assertThat(item.getString("edge")).isEqualTo("not-forwarded");
        assertThat(item.getString("note")).contains("edge: not forwarded: the edge has no routes, and route \"item\" has no tag without a {param}");
        assertThat(unknown.getString("edge")).isEqualTo("not-forwarded");
        assertThat(unknown.getString("note")).contains("no route of that name", "edge: not forwarded: the route's tags are unknown");
        assertThat(calls()).isEmpty();
        assertThat(edgeStats().getLong("notForwarded")).isEqualTo(2);
        assertThat(metrics()).contains("tiergate_edge_purges_total{provider=\"cloudflare\",result=\"not-forwarded\"} 2.0");
    }

    @Test
    void largePurgesAreSplitIntoCallsOfTheBatchSizeInOrder() throws Exception {
        answer(okJson(ACCEPTED));
        JsonArray urls = new JsonArray();
        for (int i = 1; i <= 5; i++) {
            urls.add("https://shop.example/sim/respond/products/" + i);
        }

        JsonObject purged = admin.purge(new JsonObject().put("url", urls).encode());

        assertThat(purged.getString("edge")).isEqualTo("forwarded");
        assertThat(calls()).containsExactly(
                new JsonObject().put("files", new JsonArray(urls.getList().subList(0, 2))),
                new JsonObject().put("files", new JsonArray(urls.getList().subList(2, 4))),
                new JsonObject().put("files", new JsonArray(urls.getList().subList(4, 5))));
        assertThat(edgeStats().getLong("forwarded")).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedAndThenSucceeds() throws Exception {
        cloudflare.stubFor(post(urlEqualTo(PURGE_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        cloudflare.stubFor(post(urlEqualTo(PURGE_PATH)).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(okJson(ACCEPTED)));

        admin.purge("{\"tag\": \"products\"}");

        JsonObject stats = awaitEdgeStats(edge -> edge.getLong("pending") == 0);
        assertThat(stats.getLong("forwarded")).isEqualTo(1);
        assertThat(stats.getLong("failed")).isZero();
        assertThat(stats.getLong("retries")).isEqualTo(1);
        assertThat(calls()).hasSize(2).allMatch(call -> call.equals(new JsonObject().put("tags", new JsonArray().add("products"))));
    }

    @Test
    void aPersistentFailureShowsInStatsAndTheMetric() throws Exception {
        answer(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"success\": false, \"errors\": [{\"code\": 1234, \"message\": \"purge service unavailable\"}]}"));

        admin.purge("{\"tag\": \"products\"}");

        JsonObject stats = awaitEdgeStats(edge -> edge.getLong("failed") == 1);
        assertThat(stats.getLong("forwarded")).isZero();
        assertThat(stats.getLong("retries")).isEqualTo(2);
        assertThat(stats.getJsonObject("lastError").getString("message"))
                .isEqualTo("HTTP 503: purge service unavailable (code 1234) (3 tries)");
        assertThat(stats.getJsonObject("lastError").getString("at")).isEqualTo(harness.clock.instant().toString());
        assertThat(calls()).hasSize(3);
        assertThat(metrics()).contains("tiergate_edge_purges_total{provider=\"cloudflare\",result=\"failed\"} 1.0",
                "tiergate_edge_purges_total{provider=\"cloudflare\",result=\"forwarded\"} 0.0",
                "tiergate_edge_purge_retries_total{provider=\"cloudflare\"} 2.0");
    }

    @Test
    void aRefusedCallIsNotRetriedAndTheAdminResponseSaysWhy() throws Exception {
        answer(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"success\": false, \"errors\": [{\"code\": 10000, \"message\": \"Authentication error\"}]}"));

        JsonObject purged = admin.purge("{\"url\": \"https://shop.example/sim/respond/products/1\"}");

        assertThat(purged.getString("status")).isEqualTo("purged");
        assertThat(purged.getString("edge")).isEqualTo("failed");
        assertThat(purged.getString("note")).contains("edge: Cloudflare: HTTP 403: Authentication error (code 10000)");
        assertThat(calls()).hasSize(1);
    }

    @Test
    void aPurgeStillRetryingWhenTheWaitEndsIsPendingAndFinishesLater() throws Exception {
        start("1s");
        cloudflare.stubFor(post(urlEqualTo(PURGE_PATH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("refilled"));
        cloudflare.stubFor(post(urlEqualTo(PURGE_PATH)).inScenario("limited").whenScenarioStateIs("refilled").willReturn(okJson(ACCEPTED)));

        JsonObject purged = admin.purge("{\"tag\": \"products\"}");

        assertThat(purged.getString("edge")).isEqualTo("pending");
        assertThat(purged.getString("note")).contains("edge: no answer within 1000 ms yet; GET /stats shows how it ends");
        JsonObject stats = awaitEdgeStats(edge -> edge.getLong("forwarded") == 1);
        assertThat(stats.getLong("pending")).isZero();
        assertThat(calls()).hasSize(2);
    }

    @Test
    void theTokenAppearsNowhereButInTheAuthorizationHeader() throws Exception {
        // The stand-in quotes the request's Authorization header back in its error, as a careless proxy might.
        answer(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"success\": false, \"errors\": [{\"code\": 1012, \"message\": \"bad request from {{request.headers.Authorization}}\"}]}"));
        String logs;
        JsonObject purged;
        try (LogCapture capture = LogCapture.everything()) {
            purged = admin.purge("{\"url\": \"https://shop.example/sim/respond/products/1\"}");
            answer(okJson(ACCEPTED));
            admin.purge("{\"all\": true}");
            logs = capture.text();
        }

        assertThat(purged.getString("note")).contains("bad request from Bearer [token]");
        assertThat(logs).contains("purge not forwarded to Cloudflare zone " + ZONE).doesNotContain(TOKEN);
        assertThat(admin.get("/stats").body()).contains("[token]").doesNotContain(TOKEN);
        assertThat(metrics()).doesNotContain(TOKEN);
        assertThat(purged.encode()).doesNotContain(TOKEN);
    }

    @Test
    void startingWithoutTheTokenFailsNamingTheVariable() {
        String policy = POLICY.formatted(ZONE, cloudflare.port(), "5s");

        assertThatThrownBy(() -> GatewayHarness.start(policy, AdminAccess.LOOPBACK_ONLY, name -> null))
                .hasMessageContaining("edge.cloudflare: the environment variable TEST_CLOUDFLARE_TOKEN is not set")
                .hasMessageContaining(ZONE);
        assertThatThrownBy(() -> GatewayHarness.start(policy, AdminAccess.LOOPBACK_ONLY, name -> "  "))
                .hasMessageContaining("TEST_CLOUDFLARE_TOKEN is not set");
    }

    @Test
    void withoutAnEdgeSectionNothingIsForwardedAndStatsSaySo() throws Exception {
        harness.close();
        harness = GatewayHarness.start("version: 1\norigin: http://127.0.0.1:1\n", AdminAccess.LOOPBACK_ONLY, ENVIRONMENT);
        admin = new AdminRequests(harness.client, harness.gateway, null);

        JsonObject purged = admin.purge("{\"all\": true}");

        assertThat(purged.containsKey("edge")).isFalse();
        assertThat(edgeStats()).isEqualTo(new JsonObject().put("configured", false));
        assertThat(calls()).isEmpty();
    }

    /** The edge accepts what {@code request} purges, sent as one call with {@code body}; the note says {@code note}. */
    private void assertForwardedAsOneCall(String request, JsonObject body, String note) throws Exception {
        answer(okJson(ACCEPTED));

        JsonObject purged = admin.purge(request);

        assertThat(purged.getString("edge")).isEqualTo("forwarded");
        assertThat(purged.getString("note")).contains(note);
        assertThat(calls()).containsExactly(body);
    }

    private JsonObject edgeStats() throws Exception {
        return new JsonObject(admin.get("/stats").body()).getJsonObject("edge");
    }

    /** Retries run on their own after the admin response; their end shows in {@code /stats}. */
    private JsonObject awaitEdgeStats(Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonObject stats = edgeStats();
        while (!condition.test(stats)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("edge stats never matched: " + stats.encodePrettily());
            }
            Thread.sleep(20);
            stats = edgeStats();
        }
        return stats;
    }

    private String metrics() throws Exception {
        return admin.get("/metrics").body();
    }
}
