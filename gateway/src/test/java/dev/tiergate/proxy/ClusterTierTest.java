package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.store.RedisClusterProcess;
import dev.tiergate.store.RedisServerProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateway instances over a 3-master Redis Cluster: entries and purges reach both. */
class ClusterTierTest {

    private RedisClusterProcess cluster;
    private GatewayHarness harness;
    private Gateway second;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireInstalled();
        cluster = RedisClusterProcess.start();
        harness = GatewayHarness.start();
        harness.gateway.close().await();
        harness.gateway = startInstance();
        second = startInstance();
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close().await();
        }
        harness.close();
        cluster.stop();
    }

    @Test
    void entriesSpreadOverTheClusterAreServedToTheOtherInstanceWithoutAnotherOriginRequest() throws Exception {
        for (int i = 0; i < 12; i++) {
            String target = "/sim/respond/cluster/" + i + "?cache-control=max-age=60";
            get(harness.gateway, target);
            awaitWritten(harness.gateway);

            HttpResponse<String> onSecond = get(second, target);

            // Served from the first instance's fill: read from L2 at once, or after waiting for its refill lock.
            assertThat(onSecond.headers().firstValue("Cache-Status").orElseThrow()).as(target)
                    .matches("Tiergate; (hit; .*|fwd=uri-miss; collapsed; .*detail=peer-fill); tier=l2");
            assertThat(harness.originCount(target)).isEqualTo(1);
        }
    }

    private Gateway startInstance() throws Exception {
        return Region.startInstance(harness, GatewayHarness.DEFAULT_POLICY, new L2Settings(cluster.uris().get(0), "cluster",
                Optional.empty(), cluster.uris().subList(1, cluster.uris().size()), "cluster-test:", Duration.ofMillis(500),
                Optional.empty()));
    }

    private HttpResponse<String> get(Gateway gateway, String target) throws Exception {
        return Region.get(harness, gateway, target);
    }

    private static void awaitWritten(Gateway gateway) throws InterruptedException {
        Region.awaitWritten(gateway);
    }
}
