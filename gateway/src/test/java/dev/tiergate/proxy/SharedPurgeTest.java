package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.store.RedisServerProcess;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Purges and invalidations across two gateway instances sharing one real Redis: generations in
 * Redis, the purge bus, and what an instance does after losing the bus.
 */
class SharedPurgeTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:1
            l2: { url: redis://127.0.0.1:1, keyPrefix: "purge:", commandTimeout: 200ms }
            routes:
              - name: product
                match: { path: "/sim/respond/products/{id}" }
                cache: { tags: [products, "product:{id}"] }
            """;
    private static final String HOST = Region.HOST;
    private static final String FRESH = "?cache-control=max-age=60";

    private RedisServerProcess redis;
    private GatewayHarness harness;
    private Gateway a;
    private Gateway b;
    private AdminRequests adminA;

    @BeforeAll
    static void requireRedis() {
        RedisServerProcess.requireInstalled();
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        harness = GatewayHarness.start(POLICY);
        harness.gateway.close().await();
        a = startInstance();
        b = startInstance();
        harness.gateway = a;
        adminA = new AdminRequests(harness.client, a, null);
        await("both instances subscribed to the purge bus", () -> a.store().stats().busSubscribed() && b.store().stats().busSubscribed());
    }

    @AfterEach
    void stop() throws Exception {
        if (b != null) {
            b.close().await();
        }
        harness.close();
        redis.stop();
    }

    @Test
    void urlPurgeOnOneInstanceIsAMissOnBoth() throws Exception {
        String target = "/sim/respond/u" + FRESH;
        cachedOnBoth(target);

        JsonObject purged = adminA.purge(new JsonObject().put("url", "https://" + HOST + target).encode());

        assertThat(purged.getString("reach")).isEqualTo("all-instances");
        assertThat(purged.containsKey("note")).isFalse();
        awaitStatus(b, target, "Tiergate; fwd=uri-miss");
        awaitWritten(b);
        // A's copy went with the purge; B's refetch, stamped after it, is what A finds in L2.
        assertThat(status(a, target)).startsWith("Tiergate; hit");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void tagPurgeReachesRouteTagsAndOriginTagsOnEveryInstance() throws Exception {
        String product = "/sim/respond/products/42" + FRESH;
        String keyed = "/sim/respond/keyed" + FRESH + "&surrogate-key=blue";
        String tagged = "/sim/respond/tagged" + FRESH + "&header=Cache-Tag:red";
        String untouched = "/sim/respond/products/43" + FRESH;
        for (String target : List.of(product, keyed, tagged, untouched)) {
            cachedOnBoth(target);
        }

        adminA.purge("{\"tag\": \"product:42\"}");
        adminA.purge("{\"tag\": \"blue\"}");
        adminA.purge("{\"tag\": \"red\"}");

        for (String target : List.of(product, keyed, tagged)) {
            awaitStatus(b, target, "Tiergate; fwd=uri-miss");
            await("B stored its refetch", () -> b.store().stats().l1Entries() > 0);
            awaitWritten(b);
            assertThat(status(a, target)).startsWith("Tiergate; hit");
        }
        assertThat(status(b, untouched)).startsWith("Tiergate; hit");
    }

    @Test
    void routeAndAllPurgesReachEveryInstance() throws Exception {
        String product = "/sim/respond/products/1" + FRESH;
        String other = "/sim/respond/other" + FRESH;
        cachedOnBoth(product);
        cachedOnBoth(other);

        adminA.purge("{\"route\": \"product\"}");
        awaitStatus(b, product, "Tiergate; fwd=uri-miss");
        assertThat(status(b, other)).startsWith("Tiergate; hit");

        adminA.purge("{\"all\": true}");
        awaitStatus(b, other, "Tiergate; fwd=uri-miss");
    }

    @Test
    void anInstanceThatNeverHeardThePurgeReadsTheGenerationFromRedis() throws Exception {
        String target = "/sim/respond/late" + FRESH;
        storedOn(a, target);
        adminA.purge("{\"all\": true, \"soft\": false}");
        Gateway late = startInstance();
        try {
            // The L2 entry predates the purge: the new instance must not serve it.
            assertThat(status(late, target)).startsWith("Tiergate; fwd=uri-miss");
        } finally {
            late.close().await();
        }
    }

    @Test
    void softPurgeIsServedStaleWhileEveryInstanceRefreshes() throws Exception {
        String target = "/sim/respond/soft?cache-control=max-age=60,stale-while-revalidate=30";
        cachedOnBoth(target);

        adminA.purge(new JsonObject().put("url", "https://" + HOST + target).put("soft", true).encode());

        awaitStatus(b, target, "Tiergate; hit; ttl=0; detail=stale-while-revalidate");
        await("B refreshed from the origin", () -> harness.originCount(target) >= 2);
        awaitStatus(b, target, "Tiergate; hit; ttl=60; detail=fresh");
    }

    @Test
    void anUnsafeRequestOnOneInstanceInvalidatesTheOthersCopy() throws Exception {
        String target = "/sim/respond/invalidated" + FRESH;
        cachedOnBoth(target);

        HttpRequest putRequest = HttpRequest.newBuilder(Region.request(a, target), (name, value) -> true)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> put = harness.client.send(putRequest, HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).isLessThan(400);
        awaitStatus(b, target, "Tiergate; fwd=uri-miss");
    }

    @Test
    void anInstanceThatLostTheBusDropsItsL1WhenItReconnects() throws Exception {
        String target = "/sim/respond/bus" + FRESH;
        storedOn(a, target);
        assertThat(a.l1().estimatedSize()).isEqualTo(1);

        redis.kill();
        await("A noticed the bus is gone", () -> !a.store().stats().busSubscribed());
        assertThat(status(a, target)).as("L1 keeps serving while Redis is down").startsWith("Tiergate; hit");
        redis.restart();

        await("A subscribed again", () -> a.store().stats().busSubscribed() && a.store().stats().busResyncs() >= 1);
        a.l1().cleanUp();
        assertThat(a.l1().estimatedSize()).isZero();
        assertThat(status(a, target)).startsWith("Tiergate; fwd=uri-miss");
    }

    @Test
    void whenRedisIsDownAPurgeReachesThisInstanceOnlyAndSaysSo() throws Exception {
        String target = "/sim/respond/down" + FRESH;
        storedOn(a, target);
        redis.kill();

        JsonObject purged = adminA.purge(new JsonObject().put("url", "https://" + HOST + target).encode());

        assertThat(purged.getString("reach")).isEqualTo("this-instance");
        assertThat(purged.getString("note")).contains("Redis unreachable");
        assertThat(status(a, target)).startsWith("Tiergate; fwd=uri-miss");
    }

    /** Fills A (and L2), then B from L2, so both hold the entry in L1. */
    private void cachedOnBoth(String target) throws Exception {
        storedOn(a, target);
        assertThat(status(b, target)).startsWith("Tiergate; hit");
    }

    private Gateway startInstance() throws Exception {
        return Region.startInstance(harness, POLICY, Region.standalone(redis.uri(), "purge:"));
    }

    private HttpResponse<String> get(Gateway gateway, String target) throws Exception {
        return Region.get(harness, gateway, target);
    }

    private String status(Gateway gateway, String target) throws Exception {
        return get(gateway, target).headers().firstValue("Cache-Status").orElseThrow();
    }

    /** Bus messages arrive asynchronously: poll (bounded) until a request sees the effect. */
    private void awaitStatus(Gateway gateway, String target, String prefix) throws Exception {
        String last = "";
        for (int attempt = 0; attempt < 200; attempt++) {
            last = status(gateway, target);
            if (last.startsWith(prefix)) {
                return;
            }
            Thread.sleep(10);
        }
        assertThat(last).startsWith(prefix);
    }

    /**
     * A miss on {@code gateway} that it stores: the client can have the whole body before the origin's
     * end (Content-Length), and stamping may read Redis first, so wait for the entry and its L2 write.
     */
    private void storedOn(Gateway gateway, String target) throws Exception {
        long before = gateway.l1().keys().size();
        get(gateway, target);
        await("entry stored", () -> gateway.l1().keys().size() > before);
        awaitWritten(gateway);
    }

    private static void awaitWritten(Gateway gateway) throws InterruptedException {
        Region.awaitWritten(gateway);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Region.await(what, condition);
    }
}
