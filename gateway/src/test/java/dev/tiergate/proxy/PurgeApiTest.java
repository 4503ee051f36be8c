package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /purge} on a gateway without L2 (purges are local), the admin token, and {@code GET /stats}. */
class PurgeApiTest {

    private static final String POLICY = """
            version: 1
            origin: { url: "http://127.0.0.1:1", connectTimeout: 2s, firstByteTimeout: 3s, idleTimeout: 3s }
            routes:
              - name: product
                match: { path: "/sim/respond/products/{id}" }
                cache: { tags: [products, "product:{id}"] }
            """;
    private static final String FRESH = "?cache-control=max-age=60";

    private GatewayHarness harness;
    private AdminRequests admin;

    private void start(AdminAccess access, String token) throws Exception {
        harness = GatewayHarness.start(POLICY, access);
        admin = new AdminRequests(harness.client, harness.gateway, token);
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private String status(String target) throws Exception {
        return harness.get(target).headers().firstValue("Cache-Status").orElseThrow();
    }

    private String url(String target) {
        return "http://127.0.0.1:" + harness.gateway.port() + target;
    }

    @Test
    void urlPurgeMakesTheNextRequestAMissAndSaysItReachedThisInstanceOnly() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String target = "/sim/respond/a" + FRESH;
        harness.get(target);
        assertThat(status(target)).startsWith("Tiergate; hit");

        JsonObject purged = admin.purge(new JsonObject().put("url", url(target)).encode());

        assertThat(purged.getString("status")).isEqualTo("purged");
        assertThat(purged.getString("mode")).isEqualTo("hard");
        assertThat(purged.getString("reach")).isEqualTo("this-instance");
        assertThat(purged.getString("note")).contains("no regional tier");
        assertThat(purged.getJsonObject("purged").getString("family")).hasSize(64);
        assertThat(status(target)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void tagPurgeReachesRouteTagsAndTheOriginsSurrogateKeyAndCacheTag() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String one = "/sim/respond/products/1" + FRESH;
        String two = "/sim/respond/products/2" + FRESH;
        String keyed = "/sim/respond/keyed" + FRESH + "&surrogate-key=blue%20green";
        String tagged = "/sim/respond/tagged" + FRESH + "&header=Cache-Tag:red,%20amber";
        for (String target : new String[] {one, two, keyed, tagged}) {
            harness.get(target);
        }

        admin.purge("{\"tag\": \"product:1\"}");
        admin.purge("{\"tag\": \"green\"}");
        admin.purge("{\"tag\": \"amber\"}");

        assertThat(status(one)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(two)).startsWith("Tiergate; hit");
        assertThat(status(keyed)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(tagged)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(tagged)).startsWith("Tiergate; hit");
    }

    @Test
    void routePurgeReachesOnlyThatRoute() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String product = "/sim/respond/products/7" + FRESH;
        String other = "/sim/respond/other" + FRESH;
        harness.get(product);
        harness.get(other);

        JsonObject purged = admin.purge("{\"route\": \"product\"}");

        assertThat(purged.getJsonArray("scopes").getList()).containsExactly("r:product");
        assertThat(purged.containsKey("note") && purged.getString("note").contains("no route of that name")).isFalse();
        assertThat(status(product)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(other)).startsWith("Tiergate; hit");
    }

    @Test
    void allPurgeReachesEverythingAndNewEntriesAreCachedAgain() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String product = "/sim/respond/products/7" + FRESH;
        String other = "/sim/respond/other" + FRESH;
        harness.get(product);
        harness.get(other);

        admin.purge("{\"all\": true}");

        assertThat(status(product)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(other)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(other)).startsWith("Tiergate; hit");
    }

    @Test
    void prefixPurgeReachesTheFamiliesUnderThePrefix() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String first = "/sim/respond/p/1" + FRESH;
        String second = "/sim/respond/p/2?x=1";
        String outside = "/sim/respond/q/1" + FRESH;
        harness.get(first);
        harness.get(second + "&cache-control=max-age=60");
        harness.get(outside);

        JsonObject purged = admin.purge(new JsonObject().put("prefix", url("/sim/respond/p/")).encode());

        assertThat(purged.getJsonObject("purged").getInteger("families")).isEqualTo(2);
        assertThat(status(first)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(second + "&cache-control=max-age=60")).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(outside)).startsWith("Tiergate; hit");
    }

    @Test
    void aListOfUrlsPurgesEachOfThem() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String first = "/sim/respond/list/1" + FRESH;
        String second = "/sim/respond/list/2" + FRESH;
        String kept = "/sim/respond/list/3" + FRESH;
        for (String target : new String[] {first, second, kept}) {
            harness.get(target);
        }

        JsonObject purged = admin.purge(new JsonObject().put("url", new JsonArray().add(url(first)).add(url(second))).encode());

        assertThat(purged.getJsonArray("scopes")).hasSize(2);
        assertThat(purged.getJsonObject("purged").containsKey("family")).isFalse();
        assertThat(status(first)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(second)).startsWith("Tiergate; fwd=uri-miss");
        assertThat(status(kept)).startsWith("Tiergate; hit");
    }

    @Test
    void softPurgeServesTheEntryStaleWhileItRefreshes() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String target = "/sim/respond/soft?cache-control=max-age=60,stale-while-revalidate=30";
        harness.get(target);

        JsonObject purged = admin.purge(new JsonObject().put("url", url(target)).put("soft", true).encode());
        HttpResponse<String> stale = harness.get(target);

        assertThat(purged.getString("mode")).isEqualTo("soft");
        assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).isEqualTo("Tiergate; hit; ttl=0; detail=stale-while-revalidate; tier=l1");
        awaitOriginCount(target, 2);
        awaitStatus(target, "Tiergate; hit; ttl=60; detail=fresh; tier=l1");
    }

    @Test
    void softPurgeOfAnEntryWithoutStaleWhileRevalidateRevalidatesIt() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        String target = "/sim/respond/strict?cache-control=max-age=60,stale-while-revalidate=0";
        harness.get(target);

        admin.purge("{\"tag\": \"nothing\"}");
        admin.purge("{\"all\": true, \"soft\": true}");

        assertThat(status(target)).startsWith("Tiergate; fwd=stale; fwd-status=200");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void invalidRequestsAreRejectedWithTheReason() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);

        assertThat(admin.post("/purge", "{}").statusCode()).isEqualTo(400);
        assertThat(admin.post("/purge", "not json").statusCode()).isEqualTo(400);
        assertThat(admin.post("/purge", "{\"url\": \"/relative\"}").body()).contains("absolute URL");
        assertThat(admin.post("/purge", "{\"tag\": \"a\", \"route\": \"b\"}").statusCode()).isEqualTo(400);
        assertThat(admin.post("/purge", "{\"all\": false}").statusCode()).isEqualTo(400);
        assertThat(admin.post("/purge", "{\"tags\": \"a\"}").body()).contains("name exactly one");
        assertThat(admin.post("/purge", "{\"tag\": []}").body()).contains("tag: expected a string or a list of 1 to 100 strings");
        assertThat(admin.post("/purge", "{\"url\": [\"https://a.example/\", \"/relative\"]}").body()).contains("absolute URL");
    }

    @Test
    void withATokenMutatingEndpointsAnswer401WithoutItOrWithAWrongOne() throws Exception {
        start(AdminAccess.withToken("s3cret-token"), "s3cret-token");
        AdminRequests anonymous = new AdminRequests(harness.client, harness.gateway, null);
        AdminRequests wrong = new AdminRequests(harness.client, harness.gateway, "s3cret-tokem");

        HttpResponse<String> missing = anonymous.post("/purge", "{\"all\": true}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tiergate-admin\"");
        assertThat(wrong.post("/purge", "{\"all\": true}").statusCode()).isEqualTo(401);
        assertThat(anonymous.post("/policy/reload", "").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/stats").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(admin.post("/purge", "{\"all\": true}").statusCode()).isEqualTo(200);
        assertThat(admin.get("/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void aNonLoopbackAdminAddressWithoutATokenRefusesToStart() throws Exception {
        harness = GatewayHarness.start(POLICY);
        Policy policy = PolicyLoader.parse("test.yaml", POLICY);
        Policy exposed = policy.with(policy.origin(), policy.server().withListeners("127.0.0.1", GatewayHarness.freePort(), "0.0.0.0", 0));

        assertThatThrownBy(() -> Gateway.start(harness.vertx, exposed, InstantSource.system(), 1, Optional.empty(), UnaryOperator.identity(),
                0, AdminAccess.LOOPBACK_ONLY).await())
                .hasMessageContaining("0.0.0.0, which is not a loopback address, without a token")
                .hasMessageContaining("TIERGATE_ADMIN_TOKEN");

        Gateway protectedGateway = Gateway.start(harness.vertx, exposed, InstantSource.system(), 1, Optional.empty(), UnaryOperator.identity(),
                0, AdminAccess.withToken("t")).await();
        protectedGateway.close().await();
    }

    @Test
    void statsReportTheTiers() throws Exception {
        start(AdminAccess.LOOPBACK_ONLY, null);
        harness.get("/sim/respond/s" + FRESH);
        harness.get("/sim/respond/s" + FRESH);

        JsonObject stats = new JsonObject(admin.get("/stats").body());

        assertThat(stats.getJsonObject("l1").getLong("entries")).isEqualTo(1);
        assertThat(stats.getJsonObject("l1").getLong("bytes")).isPositive();
        assertThat(stats.getJsonObject("l1").getLong("hits")).isPositive();
        assertThat(stats.getJsonObject("l2").getBoolean("configured")).isFalse();
        assertThat(stats.getJsonObject("purgeBus").getBoolean("subscribed")).isFalse();
    }

    private void awaitOriginCount(String target, long expected) throws InterruptedException {
        for (int attempt = 0; attempt < 200 && harness.originCount(target) < expected; attempt++) {
            Thread.sleep(10);
        }
        assertThat(harness.originCount(target)).isEqualTo(expected);
    }

    /** The background refresh stores asynchronously: poll (bounded) until a request sees it. */
    private void awaitStatus(String target, String expected) throws Exception {
        String last = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            last = status(target);
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(10);
        }
        assertThat(last).isEqualTo(expected);
    }
}
