package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator series on /metrics after real traffic through one gateway: requests by segment, coalesced waiters,
 * purges by kind and reach, bulkhead rejections, L1 evictions by cause and the drain's time.
 */
class GatewaySeriesTest {

    private static final String POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 5s }
            l1: { maxSize: 64KiB }
            segments:
              plan: { from: header, header: X-Plan, values: [free, pro], default: anonymous }
            routes:
              - name: plans
                match: { path: /sim/respond/plans/** }
                cache: { ttl: 2m, key: { segment: plan } }
              - name: slow
                match: { path: /sim/respond/slow/** }
                bulkhead: { maxConcurrent: 1 }
              - name: pinned
                match: { path: /sim/respond/pinned/** }
                cache: { ttl: 2m, tags: [pinned] }
            """;

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void requestsAreCountedByTheirAllowListedSegment() throws Exception {
        harness = GatewayHarness.start(POLICY);
        harness.get("/sim/respond/plans/a", "X-Plan", "pro");
        harness.get("/sim/respond/plans/a", "X-Plan", "pro");
        harness.get("/sim/respond/plans/a", "X-Plan", "gold");
        harness.get("/sim/respond/plans/a");

        Scrape scrape = Scrape.of(harness.metrics());

        assertThat(scrape.value("tiergate_requests_total{result=\"miss\",route=\"plans\",segment=\"pro\"}")).isEqualTo(1.0);
        assertThat(scrape.value("tiergate_requests_total{result=\"hit\",route=\"plans\",segment=\"pro\"}")).isEqualTo(1.0);
        assertThat(scrape.value("tiergate_requests_total{result=\"miss\",route=\"plans\",segment=\"anonymous\"}"))
                .as("an unlisted value and none are the default segment, so the tag stays bounded").isEqualTo(1.0);
        assertThat(scrape.value("tiergate_requests_total{result=\"hit\",route=\"plans\",segment=\"anonymous\"}")).isEqualTo(1.0);
        assertThat(scrape.sum("tiergate_requests_total", "segment=\"gold\"")).isZero();
    }

    @Test
    void requestsThatJoinAnotherRequestsFetchAreCoalescedWaiters() throws Exception {
        harness = GatewayHarness.start(POLICY);
        String target = "/sim/respond/pinned/stampede?delay_ms=1000";
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(harness.getAsync(target));
        }
        requests.forEach(CompletableFuture::join);

        Scrape scrape = Scrape.of(harness.metrics());

        assertThat(harness.originCount(target)).isEqualTo(1);
        assertThat(scrape.value("tiergate_coalesced_waiters_total{route=\"pinned\"}")).isEqualTo(4.0);
        assertThat(scrape.value("tiergate_requests_total{result=\"collapsed\",route=\"pinned\",segment=\"\"}")).isEqualTo(4.0);
    }

    @Test
    void purgesAreCountedByKindAndReach() throws Exception {
        harness = GatewayHarness.start(POLICY);
        AdminRequests admin = new AdminRequests(harness.client, harness.gateway, null);
        String base = "http://127.0.0.1:" + harness.gateway.port();

        admin.purge("{\"url\": \"" + base + "/sim/respond/pinned/a\"}");
        admin.purge("{\"url\": [\"" + base + "/sim/respond/pinned/b\", \"" + base + "/sim/respond/pinned/c\"]}");
        // A prefix purge reaches the families L1 holds.
        harness.get("/sim/respond/pinned/held");
        admin.purge("{\"prefix\": \"" + base + "/sim/respond/\"}");
        admin.purge("{\"tag\": \"pinned\"}");
        admin.purge("{\"route\": \"pinned\"}");
        admin.purge("{\"all\": true}");

        Scrape scrape = Scrape.of(harness.metrics());

        assertThat(scrape.value("tiergate_purges_total{kind=\"url\",reach=\"this-instance\"}")).as("one purge of two URLs is one").isEqualTo(2.0);
        for (String kind : List.of("prefix", "tag", "route", "all")) {
            assertThat(scrape.value("tiergate_purges_total{kind=\"" + kind + "\",reach=\"this-instance\"}")).as(kind).isEqualTo(1.0);
        }
        assertThat(scrape.sum("tiergate_purges_total", "reach=\"all-instances\"")).as("no L2: nothing is broadcast").isZero();
    }

    @Test
    void aFullBulkheadsRefusalsAreCounted() throws Exception {
        harness = GatewayHarness.start(POLICY);
        CompletableFuture<HttpResponse<String>> occupying = harness.getAsync("/sim/respond/slow/a?delay_ms=1500");
        for (int attempt = 0; attempt < 2000 && harness.originCount("/sim/respond/slow/a?delay_ms=1500") == 0; attempt++) {
            Thread.sleep(5);
        }

        assertThat(harness.get("/sim/respond/slow/b").statusCode()).isEqualTo(503);
        assertThat(harness.get("/sim/respond/slow/c").statusCode()).isEqualTo(503);
        occupying.join();

        assertThat(Scrape.of(harness.metrics()).value("tiergate_bulkhead_rejections_total{route=\"slow\"}")).isEqualTo(2.0);
    }

    @Test
    void l1RemovalsAreCountedByCause() throws Exception {
        harness = GatewayHarness.start(POLICY);
        harness.get("/sim/respond/pinned/short");
        harness.get("/sim/respond/pinned/purged");
        new AdminRequests(harness.client, harness.gateway, null)
                .purge("{\"url\": \"http://127.0.0.1:" + harness.gateway.port() + "/sim/respond/pinned/purged\"}");
        // Past the route's ttl (2m) and every stale window, the entry is gone when next read.
        harness.clock.advance(Duration.ofHours(1));
        harness.get("/sim/respond/pinned/short");
        harness.gateway.l1().cleanUp();

        Scrape removed = Scrape.of(harness.metrics());
        assertThat(removed.value("tiergate_l1_evictions_total{cause=\"expired\"}")).isEqualTo(1.0);
        assertThat(removed.value("tiergate_l1_evictions_total{cause=\"explicit\"}")).as("the URL purge dropped its copy").isEqualTo(1.0);
        assertThat(removed.value("tiergate_l1_evictions_total{cause=\"size\"}")).isZero();

        // About 8 KiB each, into a 64 KiB L1: the later ones push the earlier ones out.
        for (int i = 0; i < 16; i++) {
            harness.get("/sim/respond/pinned/big-" + i + "?size=8000");
        }
        harness.gateway.l1().cleanUp();

        Scrape full = Scrape.of(harness.metrics());
        assertThat(full.value("tiergate_l1_evictions_total{cause=\"size\"}")).isPositive();
        assertThat(full.value("tiergate_l1_bytes")).isPositive().isLessThanOrEqualTo(full.value("tiergate_l1_capacity_bytes"));
        assertThat(full.value("tiergate_l1_capacity_bytes")).isEqualTo(64 * 1024.0);
        assertThat(full.value("tiergate_l1_entries")).isEqualTo(harness.gateway.l1().estimatedSize());
    }

    @Test
    void aDrainShowsItsElapsedTimeAndBudget() throws Exception {
        harness = GatewayHarness.start(POLICY);
        Scrape serving = Scrape.of(harness.metrics());
        assertThat(serving.value("tiergate_drain_elapsed_seconds")).isZero();
        assertThat(serving.value("tiergate_drain_budget_seconds")).isZero();

        harness.gateway.drain(Duration.ofMinutes(1), Duration.ofSeconds(30), stage -> { });
        Scrape draining = Scrape.of(harness.metrics());

        assertThat(draining.value("tiergate_drain_budget_seconds")).isEqualTo(90.0);
        assertThat(draining.value("tiergate_drain_elapsed_seconds")).isPositive();
    }
}
