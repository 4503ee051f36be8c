package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.ServerSettings;
import dev.tiergate.store.RedisClusterProcess;
import dev.tiergate.store.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateway instances over a 3-master Redis Cluster: entries and purges reach both. */
class ClusterTierTest {

    private static final String HOST = "shop.test";

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
                    .matches("Tiergate; (hit; .*|fwd=uri-miss; collapsed; .*detail=peer-fill)");
            assertThat(harness.originCount(target)).isEqualTo(1);
        }
    }

    private Gateway startInstance() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", GatewayHarness.DEFAULT_POLICY);
        policy = policy.with(policy.origin().withUrl(URI.create(harness.origin.baseUrl())),
                new ServerSettings("127.0.0.1", GatewayHarness.freePort(), "127.0.0.1", 0));
        policy = policy.withL2(Optional.of(new L2Settings(cluster.uris().get(0), "cluster", Optional.empty(),
                cluster.uris().subList(1, cluster.uris().size()), "cluster-test:", Duration.ofMillis(500))));
        return Gateway.start(harness.vertx, policy, harness.clock, 1).await();
    }

    private HttpResponse<String> get(Gateway gateway, String target) throws Exception {
        return harness.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target)).header("Host", HOST)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** L2 writes are asynchronous by design: wait, bounded, until none is in flight. */
    private static void awaitWritten(Gateway gateway) throws InterruptedException {
        for (int attempt = 0; attempt < 400 && gateway.store().pendingWrites() > 0; attempt++) {
            Thread.sleep(10);
        }
        assertThat(gateway.store().pendingWrites()).isZero();
    }
}
