package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyExplainerTest {

    private static final Policy TIERS = load("tiers.yaml");

    private static Policy load(String name) {
        try {
            return PolicyLoader.load(Path.of("..", "policies", "conformance", "policies", name));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tiersLine(String target) {
        return PolicyExplainer.explain(TIERS, "GET", target, Headers.of("Host", "shop.example"), TokenResult.NONE).stream()
                .filter(line -> line.startsWith("tiers:")).findFirst().orElseThrow();
    }

    @Test
    void saysTheGatewayForwardsAnEdgeOnlyRoute() {
        assertThat(tiersLine("/edge-only/a")).isEqualTo("tiers:     edge (edge only: the gateway forwards it, detail=route-tiers)");
    }

    @Test
    void saysWhichTiersHoldARegionalRouteWithoutARedis() {
        assertThat(tiersLine("/regional/a")).isEqualTo("tiers:     l1, l2 (no l2 configured: L1 only)");
    }
}
