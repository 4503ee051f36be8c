package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.store.RedisServerProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** tiergate_request_duration_seconds on /metrics after real traffic: one histogram per route and outcome. */
class RequestDurationMetricsTest {

    private static final String POLICY = GatewayHarness.DEFAULT_POLICY + """
              - name: limited
                match: { path: /sim/respond/limited/** }
                rateLimit: { rate: 1/1m, burst: 1, by: client-ip }
            """;

    private static final String L2_POLICY = """
            version: 1
            origin: { url: http://127.0.0.1:1, firstByteTimeout: 3s }
            l2: { url: redis://127.0.0.1:1, keyPrefix: "durations:", commandTimeout: 1s }
            routes:
              - name: regional
                match: { path: /sim/respond/regional/** }
                cache: { ttl: 2m, tiers: [l2] }
            """;

    @Test
    void everyResponseIsTimedByItsRouteAndOutcome() throws Exception {
        try (GatewayHarness harness = GatewayHarness.start(POLICY)) {
            harness.get("/sim/respond/pinned/a");
            harness.get("/sim/respond/pinned/a");
            harness.get("/sim/respond/pinned/a");
            harness.get("/api/account/me");
            harness.get("/sim/respond/limited/x");
            HttpResponse<String> refused = harness.get("/sim/respond/limited/x");
            assertThat(refused.statusCode()).isEqualTo(429);

            String metrics = awaitSeries(harness, count("pinned", "l1-hit") + " 2");

            assertThat(metrics).contains(count("pinned", "miss") + " 1", count("account", "bypass") + " 1",
                    count("limited", "miss") + " 1", count("limited", "error") + " 1");
            assertThat(metrics).as("the SLO buckets").contains(
                    "tiergate_request_duration_seconds_bucket{outcome=\"l1-hit\",route=\"pinned\",le=\"0.005\"}",
                    "tiergate_request_duration_seconds_bucket{outcome=\"l1-hit\",route=\"pinned\",le=\"0.25\"}",
                    "tiergate_request_duration_seconds_bucket{outcome=\"l1-hit\",route=\"pinned\",le=\"2.5\"}",
                    "tiergate_request_duration_seconds_bucket{outcome=\"l1-hit\",route=\"pinned\",le=\"+Inf\"} 2");
            assertThat(metrics).as("the request counters are kept").contains("tiergate_requests_total{result=\"hit\",route=\"pinned\",segment=\"\"} 2.0");
            assertThat(metrics.lines().filter(line -> line.startsWith("tiergate_request_duration_seconds_count")))
                    .as("no series beyond the traffic's routes and outcomes").hasSize(5);
        }
    }

    @Test
    void aHitFromRedisIsAnL2Hit() throws Exception {
        RedisServerProcess.requireInstalled();
        RedisServerProcess redis = RedisServerProcess.start();
        try (GatewayHarness harness = GatewayHarness.start(L2_POLICY)) {
            // The harness points the policy at its origin; this instance also points it at the Redis.
            harness.gateway.close().await();
            harness.gateway = Region.startInstance(harness, L2_POLICY, Region.standalone(redis.uri(), "durations:"));
            Region.get(harness, harness.gateway, "/sim/respond/regional/a");
            Region.awaitWritten(harness.gateway);

            HttpResponse<String> fromL2 = Region.get(harness, harness.gateway, "/sim/respond/regional/a");

            assertThat(fromL2.headers().firstValue("Cache-Status").orElseThrow()).endsWith("tier=l2");
            String metrics = awaitSeries(harness, count("regional", "l2-hit") + " 1");
            assertThat(metrics).contains(count("regional", "miss") + " 1");
        } finally {
            redis.stop();
        }
    }

    private static String count(String route, String outcome) {
        return "tiergate_request_duration_seconds_count{outcome=\"" + outcome + "\",route=\"" + route + "\"}";
    }

    /** The metrics once they show {@code line}: a response is timed after its last byte is written, just after the client has it. */
    private static String awaitSeries(GatewayHarness harness, String line) throws IOException, InterruptedException {
        String metrics = "";
        for (int attempt = 0; attempt < 100 && !metrics.contains(line); attempt++) {
            metrics = harness.metrics();
        }
        assertThat(metrics).contains(line);
        return metrics;
    }
}
