package dev.tiergate.proxy;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Several gateway instances of one region, as behind a load balancer: one origin (the harness's
 * origin-sim), one Redis, one Host for every request.
 */
final class Region {

    /** Keys include the Host, so every instance must see the same one. */
    static final String HOST = "shop.test";

    private Region() {
    }

    /** A standalone Redis as the instances' L2. */
    static L2Settings standalone(String uri, String keyPrefix) {
        return new L2Settings(uri, "standalone", Optional.empty(), List.of(), keyPrefix, Duration.ofMillis(200), Optional.empty());
    }

    /** Another instance of the region: the policy, the harness's origin and clock, and this L2. */
    static Gateway startInstance(GatewayHarness harness, String policyYaml, L2Settings l2) throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", policyYaml);
        policy = policy.with(policy.origin().withUrl(URI.create(harness.origin.baseUrl())),
                policy.server().withListeners("127.0.0.1", GatewayHarness.freePort(), "127.0.0.1", 0));
        return Gateway.start(harness.vertx, policy.withL2(Optional.of(l2)), harness.clock, 1).await();
    }

    static HttpRequest request(Gateway gateway, String target) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target)).header("Host", HOST)
                .timeout(Duration.ofSeconds(30)).build();
    }

    static HttpResponse<String> get(GatewayHarness harness, Gateway gateway, String target) throws Exception {
        return harness.client.send(request(gateway, target), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits, bounded, for something asynchronous by design (an L2 write, a bus message). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting: " + what);
    }

    /** L2 writes happen in the background, never delaying a client: wait until none is in flight. */
    static void awaitWritten(Gateway gateway) throws InterruptedException {
        await("L2 write finished", () -> gateway.store().pendingWrites() == 0);
    }
}
