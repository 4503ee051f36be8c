package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.originsim.OriginSim;
import dev.tiergate.policy.L2Settings;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.ServerSettings;
import dev.tiergate.store.RedisServerProcess;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** L1 → L2 (a real redis-server) → origin, with two gateway instances sharing one Redis. */
class TieredCachingTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:1
            l2: { url: redis://127.0.0.1:1, keyPrefix: "test:", commandTimeout: 200ms }
            routes:
              - name: local
                match: { path: /sim/respond/local/** }
                cache: { tiers: [l1] }
              - name: regional
                match: { path: /sim/respond/regional/** }
                cache: { tiers: [l2] }
            """;

    private RedisServerProcess redis;
    private GatewayHarness first;
    private Gateway second;

    @BeforeAll
    static void requireRedis() {
        RedisServerProcess.requireInstalled();
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        first = GatewayHarness.start(POLICY);
        // GatewayHarness points the policy at its origin; both instances share that origin and the Redis.
        first.gateway.close().await();
        first.gateway = startInstance();
        second = startInstance();
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close().await();
        }
        first.close();
        redis.stop();
    }

    @Test
    void l2AnswersAfterAnL1EvictionAndFillsL1Again() throws Exception {
        String target = "/sim/respond/evicted?cache-control=max-age=60";
        get(target);
        awaitL2Written(first.gateway);
        first.gateway.l1().clear().await();

        HttpResponse<String> fromL2 = get(target);
        first.gateway.store().memory().cleanUp();

        assertThat(fromL2.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(first.gateway.l1().getNow(keyOf(first.gateway))).isPresent();
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void entryFilledOnOneInstanceIsAHitOnTheOther() throws Exception {
        String target = "/sim/respond/shared?cache-control=max-age=60";
        HttpResponse<String> onFirst = get(target);
        awaitL2Written(first.gateway);

        HttpResponse<String> onSecond = get(second, target);

        assertThat(onSecond.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(onSecond.body()).isEqualTo(onFirst.body());
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void entrySurvivesAGatewayRestart() throws Exception {
        String target = "/sim/respond/restart?cache-control=max-age=60";
        get(target);
        awaitL2Written(first.gateway);
        first.gateway.close().await();
        first.gateway = startInstance();

        HttpResponse<String> afterRestart = get(target);

        assertThat(afterRestart.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void routeLimitedToL1IsNotSharedThroughRedis() throws Exception {
        String target = "/sim/respond/local/a?cache-control=max-age=60";
        get(target);

        HttpResponse<String> onSecond = get(second, target);

        assertThat(onSecond.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; fwd=uri-miss");
        assertThat(first.originCount(target)).isEqualTo(2);
    }

    @Test
    void routeLimitedToL2IsServedFromRedisAndNeverHeldInProcess() throws Exception {
        String target = "/sim/respond/regional/a?cache-control=max-age=60";
        get(target);
        awaitL2Written(first.gateway);

        HttpResponse<String> again = get(target);

        assertThat(again.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(first.gateway.l1().keys()).isEmpty();
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void killedRedisDegradesToL1AndOriginThenTheBreakerClosesWhenItReturns() throws Exception {
        redis.kill();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(get("/sim/respond/during-outage/" + i + "?cache-control=max-age=60"));
            responses.add(get("/sim/respond/during-outage/" + i + "?cache-control=max-age=60"));
        }

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(responses.get(1).headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(first.gateway.store().breakerState()).isEqualTo(CircuitBreakerState.OPEN);

        redis.restart();
        awaitBreakerClosed(first.gateway);
        String target = "/sim/respond/after-outage?cache-control=max-age=60";
        get(target);
        awaitL2Written(first.gateway);
        assertThat(get(second, target).headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
    }

    @Test
    void concurrentColdRequestsSplitAcrossTwoInstancesReachOriginAtMostOncePerInstance() throws Exception {
        String target = "/sim/respond/stampede?cache-control=max-age=60&delay_ms=1000";
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pending.add(first.client.sendAsync(request(first.gateway, target), HttpResponse.BodyHandlers.ofString()));
            pending.add(first.client.sendAsync(request(second, target), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }

        // Collapsing is per instance; the cross-instance refill lock will bring this to 1.
        assertThat(first.originCount(target)).isBetween(1L, 2L);
    }

    private Gateway startInstance() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", POLICY);
        OriginSim origin = first.origin;
        policy = policy.with(policy.origin().withUrl(URI.create(origin.baseUrl())),
                new ServerSettings("127.0.0.1", GatewayHarness.freePort(), "127.0.0.1", 0));
        policy = policy.withL2(Optional.of(new L2Settings(redis.uri(), "standalone", Optional.empty(), List.of(), "test:",
                Duration.ofMillis(200))));
        return Gateway.start(first.vertx, policy, first.clock, 1).await();
    }

    /** Instances behind one load balancer see one Host; keys include it. */
    private static final String HOST = "shop.test";

    private HttpResponse<String> get(Gateway gateway, String target) throws Exception {
        return first.client.send(request(gateway, target), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String target) throws Exception {
        return get(first.gateway, target);
    }

    private java.net.http.HttpRequest request(Gateway gateway, String target) {
        return java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target)).header("Host", HOST)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static String keyOf(Gateway gateway) {
        return gateway.l1().keys().iterator().next();
    }

    /**
     * L2 writes are asynchronous by design: wait (bounded) until the instance holds an entry (stamping it
     * with purge generations may read Redis first) and has no write in flight.
     */
    private static void awaitL2Written(Gateway gateway) throws InterruptedException {
        for (int attempt = 0; attempt < 200 && gateway.l1().estimatedSize() == 0; attempt++) {
            Thread.sleep(10);
        }
        for (int attempt = 0; attempt < 200 && gateway.store().pendingWrites() > 0; attempt++) {
            Thread.sleep(10);
        }
        assertThat(gateway.store().pendingWrites()).isZero();
    }

    private static void awaitBreakerClosed(Gateway gateway) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            gateway.store().l2("probe", dev.tiergate.cache.CacheRule.RESPECT_ORIGIN, java.time.Instant.now()).await();
            if (gateway.store().breakerState() == CircuitBreakerState.CLOSED) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the L2 breaker did not close after Redis came back");
    }
}
