package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.policy.Policy;
import dev.tiergate.store.RedisServerProcess;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** L1 → L2 (a real redis-server) → origin, with two gateway instances sharing one Redis. */
class TieredCachingTest {

    private static final String POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 3s }
            l2: { url: redis://127.0.0.1:1, keyPrefix: "test:", commandTimeout: 200ms }
            routes:
              - name: local
                match: { path: /sim/respond/local/** }
                cache: { tiers: [l1] }
              - name: regional
                match: { path: /sim/respond/regional/** }
                cache: { tiers: [l2] }
              - name: limited
                match: { path: /sim/respond/limited/** }
                rateLimit: { rate: 3/1m, burst: 3, by: client-ip, shared: true }
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

        assertThat(fromL2.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit").endsWith("; tier=l2");
        assertThat(first.gateway.l1().getNow(keyOf(first.gateway))).isPresent();
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void cacheStatusSaysWhetherTheInstancesMemoryOrTheSharedRedisAnswered() throws Exception {
        String target = "/sim/respond/which-tier?cache-control=max-age=60";

        HttpResponse<String> miss = get(target);
        awaitL2Written(first.gateway);
        HttpResponse<String> fromL1 = get(target);
        HttpResponse<String> fromL2 = get(second, target);
        HttpResponse<String> fromFilledL1 = get(second, target);

        assertThat(miss.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60");
        assertThat(fromL1.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=60; detail=fresh; tier=l1");
        assertThat(fromL2.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=60; detail=fresh; tier=l2");
        assertThat(fromFilledL1.headers().firstValue("Cache-Status")).as("the L2 hit filled the second instance's L1")
                .hasValue("Tiergate; hit; ttl=60; detail=fresh; tier=l1");
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

        assertThat(afterRestart.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit").endsWith("; tier=l2");
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
    void sharedRateLimitIsOneBucketAcrossInstances() throws Exception {
        // Warm both instances' Redis connections so that no request falls back to local limits on a cold start.
        get(first.gateway, "/sim/respond/limited/warm");
        get(second, "/sim/respond/limited/warm");

        HttpResponse<String> onFirst = get(first.gateway, "/sim/respond/limited/a");
        HttpResponse<String> onSecond = get(second, "/sim/respond/limited/b");
        HttpResponse<String> overTheTop = get(first.gateway, "/sim/respond/limited/c");

        assertThat(onFirst.statusCode()).isEqualTo(200);
        assertThat(onSecond.statusCode()).isEqualTo(429);
        assertThat(overTheTop.statusCode()).isEqualTo(429);
        assertThat(overTheTop.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void routeLimitedToL2IsServedFromRedisAndNeverHeldInProcess() throws Exception {
        String target = "/sim/respond/regional/a?cache-control=max-age=60";
        get(target);
        awaitL2Written(first.gateway);

        HttpResponse<String> again = get(target);

        assertThat(again.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit").endsWith("; tier=l2");
        assertThat(first.gateway.l1().keys()).isEmpty();
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void killedRedisDegradesToL1AndOriginThenTheBreakerClosesWhenItReturns() throws Exception {
        redis.kill();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(get("/sim/respond/during-outage/" + i + "?cache-control=max-age=60"));
            // The L1 copy waits for the entry's purge stamp, which tries Redis first: let that fail before asking again.
            awaitL2Written(first.gateway);
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
    void concurrentColdRequestsSplitAcrossTwoInstancesReachOriginOnce() throws Exception {
        String target = "/sim/respond/stampede?cache-control=max-age=60&delay_ms=1000";

        List<HttpResponse<String>> responses = stampede(target, 100);

        // Collapsing leaves one fetch per instance; the refill lock leaves one per region.
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(first.originCount(target)).isEqualTo(1);
        List<String> statuses = responses.stream().map(response -> response.headers().firstValue("Cache-Status").orElseThrow()).toList();
        assertThat(statuses).anyMatch(status -> status.contains("detail=" + GatewayHandler.PEER_FILL));
        assertThat(statuses).filteredOn(status -> status.contains("detail=" + GatewayHandler.PEER_FILL))
                .as("a peer's fill is read from L2").allMatch(status -> status.endsWith("; tier=l2"));
        assertThat(responses).map(HttpResponse::body).containsOnly(responses.get(0).body());
    }

    @Test
    void aDeadLockHolderDelaysOtherInstancesOnlyUntilItsLockExpires() throws Exception {
        String target = "/sim/respond/orphaned-lock?cache-control=max-age=60";
        // An instance took the lock and died before fetching.
        holdLock(target, Duration.ofMillis(1000));
        long start = System.nanoTime();

        List<HttpResponse<String>> responses = stampede(target, 10);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(elapsed).isGreaterThan(Duration.ofMillis(800)).isLessThan(Duration.ofMillis(3000));
        assertThat(first.originCount(target)).isEqualTo(1);
    }

    @Test
    void aLockHeldLongerThanTheWaitBoundIsIgnoredOnceTheWaitRunsOut() throws Exception {
        String target = "/sim/respond/stuck-lock?cache-control=max-age=60";
        holdLock(target, Duration.ofMinutes(1));
        long start = System.nanoTime();

        List<HttpResponse<String>> responses = stampede(target, 10);

        // The wait bound is the origin's firstByteTimeout (3s); then each instance fetches for itself, once, unless
        // the other instance's fetch reaches L2 while it is still polling.
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(elapsed).isGreaterThan(Duration.ofMillis(2500)).isLessThan(Duration.ofMillis(6000));
        assertThat(first.originCount(target)).isBetween(1L, 2L);
    }

    @Test
    void withRedisDownTheLockIsSkippedAndEachInstanceFetches() throws Exception {
        redis.kill();
        String target = "/sim/respond/no-lock?cache-control=max-age=60&delay_ms=300";
        long start = System.nanoTime();

        List<HttpResponse<String>> responses = stampede(target, 10);

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(first.originCount(target)).isBetween(1L, 2L);
    }

    /** {@code perInstance} concurrent requests for {@code target} to each instance. */
    private List<HttpResponse<String>> stampede(String target, int perInstance) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < perInstance; i++) {
            pending.add(first.client.sendAsync(request(first.gateway, target), HttpResponse.BodyHandlers.ofString()));
            pending.add(first.client.sendAsync(request(second, target), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            responses.add(response.get());
        }
        return responses;
    }

    /** Takes {@code target}'s refill lock as another instance would, without ever releasing it. */
    private void holdLock(String target, Duration ttl) {
        Policy policy = first.gateway.policy();
        CacheKey key = KeyDerivation.derive(policy.route(Region.HOST, "GET", RequestParts.path(target)), policy.segments(), Region.HOST, target,
                Headers.of("Host", Region.HOST), TokenResult.NONE).key().orElseThrow();
        Redis client = Redis.createClient(first.vertx, redis.uri());
        try {
            client.send(Request.cmd(Command.SET).arg("test:lock:" + RefillCoordinator.lockName(key.hash(), key.variant()))
                    .arg("dead-instance").arg("PX").arg(ttl.toMillis())).await();
        } finally {
            client.close();
        }
    }

    private Gateway startInstance() throws Exception {
        return Region.startInstance(first, POLICY, Region.standalone(redis.uri(), "test:"));
    }


    private HttpResponse<String> get(Gateway gateway, String target) throws Exception {
        return Region.get(first, gateway, target);
    }

    private HttpResponse<String> get(String target) throws Exception {
        return get(first.gateway, target);
    }

    private java.net.http.HttpRequest request(Gateway gateway, String target) {
        return Region.request(gateway, target);
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
