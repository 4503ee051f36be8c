package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.admin.Probes;
import dev.tiergate.policy.PolicyCompiler;
import dev.tiergate.store.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /health/live} and {@code GET /health/ready} over HTTP, against a real redis-server and real blocked threads. */
class HealthProbesTest {

    private static final String POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 3s }
            l2: { url: redis://127.0.0.1:1, keyPrefix: "probe:", commandTimeout: 200ms }
            routes:
              - name: regional
                match: { path: /sim/respond/regional/** }
                cache: { tiers: [l2] }
            """;

    private GatewayHarness harness;
    private RedisServerProcess redis;
    private Gateway regional;

    @AfterEach
    void stop() throws Exception {
        if (regional != null) {
            regional.close().await();
        }
        if (harness != null) {
            harness.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void redisOutageIsReportedWhileTheGatewayStaysReadyAndLive() throws Exception {
        redis = RedisServerProcess.start();
        harness = GatewayHarness.start(POLICY);
        regional = Region.startInstance(harness, POLICY, Region.standalone(redis.uri(), "probe:"));
        JsonObject healthy = await(regional, "/health/ready", ready -> ready.getJsonObject("l2").getJsonObject("purgeBus").getBoolean("subscribed"));

        assertThat(healthy.getString("status")).isEqualTo("UP");
        assertThat(healthy.getJsonObject("l2").getMap()).containsEntry("configured", true).containsEntry("connected", true)
                .containsEntry("breaker", "CLOSED");
        assertThat(healthy.getJsonArray("degraded")).isEmpty();
        assertThat(healthy.getJsonObject("policy").getString("hash")).isEqualTo(PolicyCompiler.hash(regional.policy()));
        assertThat(healthy.getJsonObject("origins").getJsonObject("default").getString("breaker")).isEqualTo("CLOSED");

        redis.kill();
        // Requests to an L2 route meet the dead Redis until the L2 breaker opens.
        for (int i = 0; i < 8; i++) {
            assertThat(Region.get(harness, regional, "/sim/respond/regional/" + i + "?cache-control=max-age=60").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> ready = admin(regional, "/health/ready");
        HttpResponse<String> live = admin(regional, "/health/live");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject readiness = new JsonObject(ready.body());
        assertThat(readiness.getString("status")).isEqualTo("UP");
        assertThat(readiness.getJsonObject("l2").getMap()).containsEntry("connected", false).containsEntry("breaker", "OPEN");
        assertThat(readiness.getJsonArray("degraded").getList()).containsExactly("l2");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        JsonObject liveness = new JsonObject(live.body());
        assertThat(liveness.getJsonObject("l2").getBoolean("connected")).isFalse();
        assertThat(liveness.getJsonObject("eventLoops").getInteger("answered"))
                .isEqualTo(liveness.getJsonObject("eventLoops").getInteger("count")).isPositive();
    }

    @Test
    void readinessFailsOnceTheDrainStartsWhileLivenessHolds() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_POLICY);
        assertThat(admin(harness.gateway, "/health/ready").statusCode()).isEqualTo(200);

        harness.gateway.drain(Duration.ofMinutes(1), Duration.ofSeconds(1), stage -> { });
        HttpResponse<String> ready = admin(harness.gateway, "/health/ready");
        HttpResponse<String> live = admin(harness.gateway, "/health/live");
        HttpResponse<String> proxied = harness.get("/sim/respond/during-drain");

        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject readiness = new JsonObject(ready.body());
        assertThat(readiness.getString("status")).isEqualTo("DOWN");
        assertThat(readiness.getJsonArray("reasons").getList()).containsExactly("draining");
        assertThat(readiness.getJsonObject("listeners").getMap()).containsEntry("bound", true).containsEntry("stage", "DRAINING");
        assertThat(readiness.getJsonObject("l2").getBoolean("configured")).isFalse();
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(proxied.statusCode()).as("the listeners accept until the delay is over").isEqualTo(200);
    }

    @Test
    void blockedThreadFailsLivenessForTheWindow() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxWorkerExecuteTime(100).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS));
        harness = new GatewayHarness(vertx).begin(GatewayHarness.DEFAULT_POLICY, AdminAccess.LOOPBACK_ONLY, System::getenv);
        assertThat(admin(harness.gateway, "/health/live").statusCode()).isEqualTo(200);
        CountDownLatch release = new CountDownLatch(1);

        vertx.executeBlocking(() -> release.await(30, TimeUnit.SECONDS));
        JsonObject blocked;
        try {
            blocked = await(harness.gateway, "/health/live", live -> live.getJsonObject("blockedThreads").getBoolean("recent"));
        } finally {
            release.countDown();
        }

        assertThat(admin(harness.gateway, "/health/live").statusCode()).as("still within the window").isEqualTo(503);
        assertThat(blocked.getString("status")).isEqualTo("DOWN");
        assertThat(blocked.getJsonObject("blockedThreads").getJsonObject("last").getString("thread")).startsWith("vert.x-worker-thread");
        assertThat(blocked.getJsonArray("reasons").getString(0)).startsWith("thread vert.x-worker-thread");
        assertThat(admin(harness.gateway, "/health/ready").statusCode()).as("readiness is not about threads").isEqualTo(200);

        harness.clock.advance(Probes.DEFAULT_BLOCKED_WINDOW.plusSeconds(1));
        HttpResponse<String> later = admin(harness.gateway, "/health/live");

        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(new JsonObject(later.body()).getJsonObject("blockedThreads").getBoolean("recent")).isFalse();
    }

    @Test
    void probesNeedNoAdminToken() throws Exception {
        harness = GatewayHarness.start(GatewayHarness.DEFAULT_POLICY, AdminAccess.withToken("secret"));

        assertThat(admin(harness.gateway, "/health/live").statusCode()).isEqualTo(200);
        assertThat(admin(harness.gateway, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(admin(harness.gateway, "/stats").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> admin(Gateway gateway, String path) throws Exception {
        return new AdminRequests(harness.client, gateway, null).get(path);
    }

    /** Polls a probe, bounded, until its JSON satisfies {@code condition}. */
    private JsonObject await(Gateway gateway, String path, Predicate<JsonObject> condition) throws Exception {
        JsonObject[] last = new JsonObject[1];
        Region.await(path + " satisfies the condition (last: " + path + ")", () -> {
            try {
                last[0] = new JsonObject(admin(gateway, path).body());
                return condition.test(last[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return last[0];
    }
}
