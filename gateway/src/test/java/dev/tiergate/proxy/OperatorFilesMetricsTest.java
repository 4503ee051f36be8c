package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.store.RedisServerProcess;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sharing a real Redis: the purge bus's lag measured between them, and every series the
 * Prometheus rules and the Grafana dashboard under deploy/ read found on a real scrape after real traffic (hits,
 * misses, a purge, a bus message, a refill-lock wait, a bulkhead refusal), so that the files cannot drift from the
 * gateway's metrics.
 */
class OperatorFilesMetricsTest {

    private static final String POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 3s }
            l2: { url: redis://127.0.0.1:1, keyPrefix: "ops:", commandTimeout: 1s }
            routes:
              - name: product
                match: { path: "/sim/respond/products/{id}" }
                cache: { ttl: 2m, tags: [products] }
              - name: slow
                match: { path: /sim/respond/slow/** }
                bulkhead: { maxConcurrent: 1 }
            """;
    private static final String LAG_COUNT = "tiergate_purge_bus_lag_seconds_count";
    private static final String NO_LAG_BUCKET = "tiergate_purge_bus_lag_seconds_bucket{le=\"0.001\"}";

    private RedisServerProcess redis;
    private GatewayHarness harness;
    private Gateway a;
    private Gateway b;

    @BeforeAll
    static void requireRedis() {
        RedisServerProcess.requireInstalled();
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        harness = GatewayHarness.start(POLICY);
        harness.gateway.close().await();
        a = Region.startInstance(harness, POLICY, Region.standalone(redis.uri(), "ops:"));
        b = Region.startInstance(harness, POLICY, Region.standalone(redis.uri(), "ops:"));
        harness.gateway = a;
        Region.await("both instances subscribed to the purge bus", () -> a.store().stats().busSubscribed() && b.store().stats().busSubscribed());
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
    void aPurgeOnOneInstanceIsTimedOnTheOtherFromItsSendStamp() throws Exception {
        new AdminRequests(harness.client, a, null).purge("{\"tag\": \"products\"}");
        Region.await("B received the purge", () -> scrape(b).value(LAG_COUNT) == 1.0);

        Scrape atB = scrape(b);
        assertThat(atB.value("tiergate_purge_bus_messages_total{kind=\"generation\"}")).isEqualTo(1.0);
        assertThat(atB.value("tiergate_purge_bus_lag_seconds_sum")).isNotNegative();
        assertThat(atB.value("tiergate_purge_bus_subscribed")).isEqualTo(1.0);
        assertThat(scrape(a).value(LAG_COUNT)).as("an instance skips its own messages").isZero();
        assertThat(scrape(a).value("tiergate_purges_total{kind=\"tag\",reach=\"all-instances\"}")).isEqualTo(1.0);
    }

    @Test
    void aStampFromAClockAheadIsNoLagAndAMessageWithoutAStampIsNotTimed() throws Exception {
        long aheadMicros = (System.currentTimeMillis() + 3_600_000L) * 1_000L;
        double before = scrape(b).value(NO_LAG_BUCKET);

        publish("other@" + aheadMicros + " d f00d");
        Region.await("B timed the stamped message", () -> scrape(b).value(LAG_COUNT) == 1.0);
        assertThat(scrape(b).value(NO_LAG_BUCKET)).as("clamped to 0, not negative").isEqualTo(before + 1);

        publish("older-version d f00d");
        Region.await("B received the unstamped message",
                () -> scrape(b).value("tiergate_purge_bus_messages_total{kind=\"drop\"}") == 2.0);
        assertThat(scrape(b).value(LAG_COUNT)).isEqualTo(1.0);
    }

    @Test
    void everySeriesTheRulesAndTheDashboardReadIsExported() throws Exception {
        trafficTouchingEverySeries();
        Scrape scrape = Scrape.of(harness.metrics() + "\n" + metrics(b));

        OperatorFiles.Rules rules = OperatorFiles.rules(OperatorFiles.RULES);
        Map<String, String> dashboard = new LinkedHashMap<>(OperatorFiles.dashboardExpressions(OperatorFiles.DASHBOARD));
        OperatorFiles.dashboardVariableNames(OperatorFiles.DASHBOARD).forEach(name -> dashboard.put("variable/" + name, name));

        assertThat(rules.expressions()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(dashboard).hasSizeGreaterThanOrEqualTo(20);
        assertThat(OperatorFiles.missing(rules.expressions(), rules.recorded(), scrape)).as("rules reading series not exported").isEmpty();
        assertThat(OperatorFiles.missing(dashboard, rules.recorded(), scrape)).as("dashboard queries reading series not exported").isEmpty();
    }

    /** Misses, hits, coalesced waiters, a refill-lock wait, a bulkhead refusal, a purge and its bus message. */
    private void trafficTouchingEverySeries() throws Exception {
        Region.get(harness, a, "/sim/respond/products/1");
        Region.awaitWritten(a);
        Region.get(harness, a, "/sim/respond/products/1");
        Region.get(harness, b, "/sim/respond/products/1");
        List<CompletableFuture<HttpResponse<String>>> stampede = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stampede.add(harness.client.sendAsync(Region.request(a, "/sim/respond/products/2?delay_ms=500"), HttpResponse.BodyHandlers.ofString()));
        }
        stampede.forEach(CompletableFuture::join);

        // An instance that died holding the lock: the next fetch waits until the lock expires.
        holdLock("/sim/respond/products/3", 300);
        Region.get(harness, a, "/sim/respond/products/3");

        CompletableFuture<HttpResponse<String>> occupying = harness.client.sendAsync(Region.request(a, "/sim/respond/slow/a?delay_ms=1000"),
                HttpResponse.BodyHandlers.ofString());
        Region.await("the slow route is occupied", () -> harness.originCount("/sim/respond/slow/a?delay_ms=1000") == 1);
        assertThat(Region.get(harness, a, "/sim/respond/slow/b").statusCode()).isEqualTo(503);
        occupying.join();

        new AdminRequests(harness.client, a, null).purge("{\"tag\": \"products\"}");
        Region.await("B received the purge", () -> scrape(b).value(LAG_COUNT) >= 1.0);
        Region.await("the lock wait was timed", () -> scrape(a).sum("tiergate_refill_lock_wait_seconds_count") >= 1.0);
    }

    private void holdLock(String target, long ttlMillis) {
        Policy policy = a.policy();
        CacheKey key = KeyDerivation.derive(policy.route(Region.HOST, "GET", RequestParts.path(target)), policy.segments(), Region.HOST, target,
                Headers.of("Host", Region.HOST), TokenResult.NONE).key().orElseThrow();
        redisCommand(Request.cmd(Command.SET).arg("ops:lock:" + RefillCoordinator.lockName(key.hash(), key.variant()))
                .arg("dead-instance").arg("PX").arg(ttlMillis));
    }

    private void publish(String message) {
        redisCommand(Request.cmd(Command.PUBLISH).arg("ops:bus").arg(message));
    }

    private void redisCommand(Request request) {
        Redis client = Redis.createClient(harness.vertx, redis.uri());
        try {
            client.send(request).await();
        } finally {
            client.close();
        }
    }

    private Scrape scrape(Gateway gateway) {
        try {
            return Scrape.of(metrics(gateway));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String metrics(Gateway gateway) throws Exception {
        return new AdminRequests(harness.client, gateway, null).get("/metrics").body();
    }
}
