package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The trusted upstreams' secret is read from the variable the policy names, checked, and never shown. */
class ActivePolicyTest {

    private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String POLICY = "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { secretEnv: EDGE_SECRET } }\n";

    private static ActivePolicy active(UnaryOperator<String> environment) throws PolicyException {
        Policy policy = PolicyLoader.parse("edge.yaml", POLICY);
        return ActivePolicy.of(policy, InstantSource.system(), environment);
    }

    @Test
    void theSecretComesFromTheNamedVariable() throws PolicyException {
        assertThat(active(name -> Map.of("EDGE_SECRET", " " + SECRET + "\n").get(name)).upstreamSecret()).hasValue(SECRET);
    }

    @Test
    void anUnsetVariableStopsTheGatewayWithTheVariablesName() {
        assertThatThrownBy(() -> active(name -> null)).isInstanceOf(PolicyException.class)
                .hasMessage("edge.yaml server.trustedUpstreams.secretEnv: the environment variable EDGE_SECRET is not set (expected: the "
                        + "secret trusted upstreams send in Tiergate-Edge-Auth, the edge worker's TIERGATE_UPSTREAM_SECRET; without it no "
                        + "upstream could be trusted, so the gateway does not start)");
        assertThatThrownBy(() -> active(name -> "  ")).isInstanceOf(PolicyException.class).hasMessageContaining("is not set");
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> active(name -> "hunter2")).isInstanceOf(PolicyException.class)
                .hasMessage("edge.yaml server.trustedUpstreams.secretEnv: the environment variable EDGE_SECRET holds 7 characters (expected: "
                        + "at least 16, such as the output of openssl rand -hex 16)");
    }

    @Test
    void aPolicyWithoutASecretReadsNoVariable() throws PolicyException {
        Policy policy = PolicyLoader.parse("plain.yaml", "version: 1\norigin: http://127.0.0.1:8081\n");

        ActivePolicy active = ActivePolicy.of(policy, InstantSource.system(), name -> {
            throw new AssertionError("read " + name);
        });

        assertThat(active.upstreamSecret()).isEmpty();
    }

    @Test
    void theSecretIsNeverInItsText() throws PolicyException {
        ActivePolicy active = active(name -> SECRET);

        assertThat(active.toString()).doesNotContain(SECRET).contains("upstreamSecret=(set)");
    }
}
