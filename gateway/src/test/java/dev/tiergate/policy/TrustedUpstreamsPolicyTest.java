package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Cidr;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.trustedUpstreams}: read, checked with file and line, and compiled with the variable's name only. */
class TrustedUpstreamsPolicyTest {

    private static final String FULL = """
            version: 1
            origin: http://127.0.0.1:8081
            server:
              trustedUpstreams:
                cidrs: ["10.0.0.0/8", "::1/128", "2001:DB8::/32", "192.0.2.7"]
                secretEnv: SHOP_EDGE_SECRET
            """;

    @Test
    void rangesAndTheSecretsVariableAreRead() throws PolicyException {
        TrustedUpstreams trusted = PolicyLoader.parse("test.yaml", FULL).trustedUpstreams();

        assertThat(trusted.cidrs()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("2001:db8::/32"),
                Cidr.parse("192.0.2.7/32"));
        assertThat(trusted.secretEnv()).hasValue("SHOP_EDGE_SECRET");
        assertThat(trusted.inRange("10.9.8.7")).isTrue();
        assertThat(trusted.inRange("192.0.2.8")).isFalse();
        assertThat(PolicySchema.validate(FULL).getValid()).isTrue();
    }

    @Test
    void eitherAloneIsEnough() throws PolicyException {
        String cidrsOnly = "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { cidrs: [\"10.0.0.0/8\"] } }\n";
        String secretOnly = "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { secretEnv: EDGE_SECRET } }\n";

        assertThat(PolicyLoader.parse("test.yaml", cidrsOnly).trustedUpstreams().secretEnv()).isEmpty();
        assertThat(PolicyLoader.parse("test.yaml", secretOnly).trustedUpstreams().cidrs()).isEmpty();
        assertThat(PolicySchema.validate(cidrsOnly).getValid()).isTrue();
        assertThat(PolicySchema.validate(secretOnly).getValid()).isTrue();
    }

    @Test
    void withoutTheSettingNoUpstreamIsTrusted() throws PolicyException {
        Policy policy = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\nserver: { port: 8000 }\n");

        assertThat(policy.trustedUpstreams()).isEqualTo(TrustedUpstreams.NONE);
        assertThat(policy.trustedUpstreams().isEnabled()).isFalse();
    }

    @Test
    void aBadRangeIsReportedWithFileLineAndReason() {
        List<String> problems = PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  trustedUpstreams:
                    cidrs:
                      - "10.0.0.0/8"
                      - "10.1.0.0/8"
                      - "10.0.0.0/33"
                      - edge.internal
                """);

        assertThat(problems).containsExactly(
                "test.yaml:7 server.trustedUpstreams.cidrs[1]: \"10.1.0.0/8\" has bits set past its /8 prefix (expected: 10.0.0.0/8)",
                "test.yaml:8 server.trustedUpstreams.cidrs[2]: \"10.0.0.0/33\" has the prefix length \"33\" (expected: a whole number from 0 "
                        + "to 32)",
                "test.yaml:9 server.trustedUpstreams.cidrs[3]: \"edge.internal\" is not an IPv4 or IPv6 address (expected: a range such as "
                        + "10.0.0.0/8 or fd00::/8, or one address; host names are not resolved)");
    }

    @Test
    void aSecretPastedAsTheVariableNameIsRejectedWithoutQuotingIt() {
        String secret = "f3a9-41c2-9b7e-secret-value";

        List<String> problems = PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nserver:\n  trustedUpstreams:\n    secretEnv: "
                + secret + "\n");

        assertThat(problems).containsExactly("test.yaml:5 server.trustedUpstreams.secretEnv: not an environment variable name (expected: the "
                + "name of the variable that holds the secret trusted upstreams send in Tiergate-Edge-Auth, such as TIERGATE_EDGE_SECRET; "
                + "the secret itself never goes in the policy)");
        assertThat(String.join("\n", problems)).doesNotContain(secret);
    }

    @Test
    void anEmptySettingOrAnEmptyListIsAProblem() {
        assertThat(PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nserver:\n  trustedUpstreams: {}\n")).containsExactly(
                "test.yaml:4 server.trustedUpstreams: no cidrs and no secretEnv (expected: either or both: the address ranges trusted "
                        + "upstreams connect from, the environment variable holding the secret they send)");
        assertThat(PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nserver:\n  trustedUpstreams: { cidrs: [] }\n"))
                .containsExactly("test.yaml:4 server.trustedUpstreams.cidrs: no ranges (expected: at least one, such as 10.0.0.0/8; leave "
                        + "cidrs out to trust by the secret alone)");
        assertThat(PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nserver:\n  trustedUpstreams: { secret: abc }\n"))
                .containsExactly("test.yaml:4 server.trustedUpstreams.secret: unknown key (expected one of: cidrs, secretEnv)");
    }

    @Test
    void theCompiledPolicyCarriesTheRangesAndTheVariablesNameOnly() throws PolicyException {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", FULL)));

        assertThat(compiled.getJsonObject("trustedUpstreams")).isEqualTo(new JsonObject()
                .put("cidrs", new io.vertx.core.json.JsonArray(List.of("10.0.0.0/8", "::1/128", "2001:db8::/32", "192.0.2.7/32")))
                .put("secretEnv", "SHOP_EDGE_SECRET"));
        JsonObject none = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n")));
        assertThat(none.containsKey("trustedUpstreams")).isTrue();
        assertThat(none.getValue("trustedUpstreams")).isNull();
    }

    @Test
    void listenerFlagsKeepTheTrustedUpstreams() throws PolicyException {
        ServerSettings server = PolicyLoader.parse("test.yaml", FULL).server();

        ServerSettings overridden = server.withListeners("0.0.0.0", 8000, "127.0.0.1", 9000);

        assertThat(overridden.trustedUpstreams()).isEqualTo(server.trustedUpstreams());
        assertThat(overridden.sameListeners(server)).isFalse();
        assertThat(server.sameListeners(new ServerSettings("127.0.0.1", 8080, "127.0.0.1", 9090))).isTrue();
    }
}
