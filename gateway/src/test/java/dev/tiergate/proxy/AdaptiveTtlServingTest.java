package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.originsim.SimHeaders;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route with {@code adaptiveTtl} against origin-sim content that never changes or changes on a schedule
 * ({@code change_every}), beside a route with a fixed {@code ttl}; the test clock stands in for two hours passing.
 */
class AdaptiveTtlServingTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:1
            routes:
              - name: fixed
                match: { path: /sim/respond/fixed/** }
                cache: { ttl: 10s }
              - name: adaptive
                match: { path: /sim/respond/adaptive/** }
                cache: { ttl: 10s, adaptiveTtl: { min: 10s, max: 1h } }
            """;
    private static final String TOKEN = "adaptive-admin-token";
    private static final long STEP_SECONDS = 4;
    private static final long CHANGE_SECONDS = 7;
    private static final long MIN_SECONDS = 10;

    private GatewayHarness harness;
    private AdminRequests admin;

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start(POLICY, AdminAccess.withToken(TOKEN));
        admin = new AdminRequests(harness.client, harness.gateway, TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void stableContentIsFetchedFarLessOftenWhileChangingContentStaysWithinItsClamp() throws Exception {
        String fixedStable = "/sim/respond/fixed/stable?etag=auto&body=fixed";
        String adaptiveStable = "/sim/respond/adaptive/stable?etag=auto&body=fixed";
        String changing = "/sim/respond/adaptive/news?etag=auto&change_every=" + CHANGE_SECONDS;
        long maxStaleSeconds = 0;
        for (long elapsed = 0; elapsed < 2 * 3600; elapsed += STEP_SECONDS) {
            assertThat(harness.get(fixedStable).statusCode()).isEqualTo(200);
            assertThat(harness.get(adaptiveStable).statusCode()).isEqualTo(200);
            HttpResponse<String> news = harness.get(changing);
            long served = version(news.body());
            if (news.headers().firstValue("Cache-Status").orElseThrow().contains("fwd-status=200")) {
                // Fetched now: origin-sim's version header and body agree.
                assertThat(news.headers().firstValue(SimHeaders.VERSION)).contains(Long.toString(served));
            }
            long current = Math.floorDiv(harness.clock.instant().getEpochSecond(), CHANGE_SECONDS);
            if (served < current) {
                // Stale since the next version began.
                maxStaleSeconds = Math.max(maxStaleSeconds, harness.clock.instant().getEpochSecond() - (served + 1) * CHANGE_SECONDS);
            }
            harness.clock.advance(Duration.ofSeconds(STEP_SECONDS));
        }
        long fixedFetches = harness.originCount(fixedStable);
        long adaptiveFetches = harness.originCount(adaptiveStable);

        assertThat(fixedFetches).isGreaterThanOrEqualTo(5 * adaptiveFetches);
        assertThat(adaptiveFetches).isLessThan(30);
        assertThat(maxStaleSeconds).isLessThanOrEqualTo(MIN_SECONDS);

        JsonObject stable = learned(adaptiveStable);
        assertThat(stable.getString("route")).isEqualTo("adaptive");
        assertThat(stable.getJsonArray("variants").getJsonObject(0).getLong("learnedTtlSeconds")).isEqualTo(3600);
        JsonObject news = learned(changing);
        assertThat(news.getJsonArray("variants").getJsonObject(0).getLong("learnedTtlSeconds")).isEqualTo(MIN_SECONDS);
        assertThat(news.getJsonArray("variants").getJsonObject(0).getLong("changes")).isGreaterThan(100);
    }

    @Test
    void cacheStatusShowsTheLearnedLifetimeOnTheResponseThatStoredIt() throws Exception {
        String target = "/sim/respond/adaptive/status?etag=auto&body=fixed";
        HttpResponse<String> first = harness.get(target);
        assertThat(first.headers().firstValue("Cache-Status")).contains("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=10; adaptive-ttl=10");

        harness.clock.advance(Duration.ofSeconds(11));
        HttpResponse<String> revalidated = harness.get(target);
        // One 304 without a change: twice the minimum.
        assertThat(revalidated.headers().firstValue("Cache-Status"))
                .contains("Tiergate; fwd=stale; fwd-status=304; stored; ttl=20; detail=stale; tier=l1; adaptive-ttl=20");
        assertThat(harness.get(target).headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit; ttl=20");
    }

    @Test
    void aFixedRouteShowsNothingAdaptive() throws Exception {
        HttpResponse<String> response = harness.get("/sim/respond/fixed/plain?etag=auto&body=fixed");
        assertThat(response.headers().firstValue("Cache-Status").orElseThrow()).doesNotContain("adaptive-ttl");
        JsonObject report = learned("/sim/respond/fixed/plain?etag=auto&body=fixed");
        assertThat(report.getValue("adaptiveTtl")).isNull();
        assertThat(report.getJsonArray("variants")).isEmpty();
    }

    @Test
    void theAdminViewNeedsTheTokenAndAnAbsoluteUrl() throws Exception {
        AdminRequests anonymous = new AdminRequests(harness.client, harness.gateway, null);
        assertThat(anonymous.get("/adaptive?url=" + encoded("http://shop.example/x")).statusCode()).isEqualTo(401);
        assertThat(new AdminRequests(harness.client, harness.gateway, "wrong").get("/adaptive?url=x").statusCode()).isEqualTo(401);
        HttpResponse<String> relative = admin.get("/adaptive?url=" + encoded("/sim/respond/adaptive/x"));
        assertThat(relative.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(relative.body()).getString("reason")).contains("expected an absolute URL");
        assertThat(admin.get("/adaptive").statusCode()).isEqualTo(400);
    }

    private JsonObject learned(String target) throws Exception {
        HttpResponse<String> response = admin.get("/adaptive?url=" + encoded("http://127.0.0.1:" + harness.gateway.port() + target));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static String encoded(String url) {
        return java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The version in an origin-sim {@code change_every} body: "origin-sim version 123 for ...". */
    private static long version(String body) {
        assertThat(body).startsWith("origin-sim version ");
        return Long.parseLong(body.substring("origin-sim version ".length(), body.indexOf(" for ")));
    }
}
