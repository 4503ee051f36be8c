package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes with {@code refreshAhead} and {@code earlyRefresh} replace a hot entry before it expires,
 * in the background, while every request keeps being a hit; the test clock stands in for time passing.
 */
class EarlyRefreshServingTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:1
            routes:
              - name: ahead
                match: { path: /sim/respond/ahead/** }
                cache: { refreshAhead: { when: 10s, minHits: 3 } }
              - name: xfetch
                match: { path: /sim/respond/xfetch/** }
                cache: { earlyRefresh: { beta: 10 } }
            """;

    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start(POLICY);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void refreshAheadRefreshesAHotEntryBeforeItExpiresWhileServingHits() throws Exception {
        String target = "/sim/respond/ahead/hot?cache-control=max-age=60";
        harness.get(target);
        List<HttpResponse<String>> served = new ArrayList<>();

        // 15 s left: outside the window, however hot.
        harness.clock.advance(Duration.ofSeconds(45));
        for (int i = 0; i < 5; i++) {
            served.add(harness.get(target));
        }
        awaitIdle();
        assertThat(harness.originCount(target)).isEqualTo(1);

        // 5 s left and hit often enough: this hit refreshes, once.
        harness.clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            served.add(harness.get(target));
            awaitIdle();
        }
        assertThat(harness.originCount(target)).isEqualTo(2);

        // Past the first response's expiry: still a fresh hit, from the refreshed entry.
        harness.clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> later = harness.get(target);
        served.add(later);

        assertThat(served).allSatisfy(response -> assertThat(cacheStatus(response)).startsWith("Tiergate; hit").contains("detail=fresh"));
        assertThat(cacheStatus(later)).contains("ttl=50");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void refreshAheadLeavesEntriesHitLessThanMinHitsToExpire() throws Exception {
        String target = "/sim/respond/ahead/cold?cache-control=max-age=60";
        harness.get(target);

        harness.clock.advance(Duration.ofSeconds(55));
        harness.get(target);
        harness.get(target);
        awaitIdle();

        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    @Test
    void earlyRefreshRefreshesOnceNearExpiryWhileServingHits() throws Exception {
        // The origin takes 200 ms: with beta 10, XFetch refreshes with a few seconds left, never with a minute.
        String target = "/sim/respond/xfetch/hot?cache-control=max-age=60&delay_ms=200";
        harness.get(target);
        List<HttpResponse<String>> served = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            served.add(harness.get(target));
        }
        assertThat(harness.originCount(target)).isEqualTo(1);

        harness.clock.advance(Duration.ofSeconds(59));
        // Each hit with 1 s left refreshes with probability 1 - e^(-1000 / (200 * 10)) ≈ 0.4 (more: the fetch takes over
        // 200 ms); 40 misses in a row would take odds of about 1e-9.
        for (int i = 0; i < 40 && harness.originCount(target) == 1; i++) {
            served.add(harness.get(target));
            Thread.sleep(5);
        }
        awaitIdle();
        assertThat(harness.originCount(target)).isEqualTo(2);
        for (int i = 0; i < 20; i++) {
            served.add(harness.get(target));
        }
        awaitIdle();

        assertThat(served).allSatisfy(response -> assertThat(cacheStatus(response)).startsWith("Tiergate; hit"));
        assertThat(harness.originCount(target)).isEqualTo(2);
        harness.clock.advance(Duration.ofSeconds(5));
        assertThat(cacheStatus(harness.get(target))).startsWith("Tiergate; hit").contains("detail=fresh");
    }

    /** Background refreshes and their writes are asynchronous: wait (bounded) until none is in flight. */
    private void awaitIdle() throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (harness.gateway.inFlightFetches() == 0 && harness.gateway.store().pendingWrites() == 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("a background refresh did not finish");
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("Cache-Status").orElseThrow();
    }
}
