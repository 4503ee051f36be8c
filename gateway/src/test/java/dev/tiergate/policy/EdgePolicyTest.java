package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code edge} section: where purges are forwarded, read and checked like the rest of the policy. */
class EdgePolicyTest {

    private static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String FULL = """
            version: 1
            origin: http://127.0.0.1:8081
            edge:
              cloudflare:
                zoneId: 023E105F4ECEF8AD9CA31A8372D0C353
                apiTokenEnv: SHOP_CLOUDFLARE_TOKEN
                apiBase: http://127.0.0.1:9999/client/v4/
                requestTimeout: 2s
                retries: { attempts: 5, backoff: 100ms }
                batchSize: 100
            """;

    @Test
    void everyFieldIsRead() throws PolicyException {
        CloudflareSettings cloudflare = PolicyLoader.parse("test.yaml", FULL).edge().orElseThrow();

        assertThat(cloudflare.zoneId()).isEqualTo(ZONE);
        assertThat(cloudflare.apiTokenEnv()).isEqualTo("SHOP_CLOUDFLARE_TOKEN");
        assertThat(cloudflare.apiBase()).isEqualTo(URI.create("http://127.0.0.1:9999/client/v4"));
        assertThat(cloudflare.purgeUrl()).isEqualTo(URI.create("http://127.0.0.1:9999/client/v4/zones/" + ZONE + "/purge_cache"));
        assertThat(cloudflare.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cloudflare.retries()).isEqualTo(new OriginSettings.Retries(5, Duration.ofMillis(100), Duration.ofSeconds(30)));
        assertThat(cloudflare.batchSize()).isEqualTo(100);
        assertThat(PolicySchema.validate(FULL).getValid()).isTrue();
    }

    @Test
    void onlyTheZoneIsRequired() throws PolicyException {
        String yaml = "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: " + ZONE + " } }\n";

        CloudflareSettings cloudflare = PolicyLoader.parse("test.yaml", yaml).edge().orElseThrow();

        assertThat(cloudflare).isEqualTo(new CloudflareSettings(ZONE, "TIERGATE_CLOUDFLARE_API_TOKEN",
                URI.create("https://api.cloudflare.com/client/v4"), Duration.ofSeconds(5), CloudflareSettings.DEFAULT_RETRIES, 30));
        assertThat(PolicySchema.validate(yaml).getValid()).isTrue();
    }

    @Test
    void withoutTheSectionNothingIsForwarded() throws PolicyException {
        assertThat(PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n").edge()).isEmpty();
    }

    @Test
    void aBadZoneIdIsReportedWithItsLine() {
        List<String> problems = PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                edge:
                  cloudflare:
                    zoneId: example.com
                """);

        assertThat(problems).containsExactly("test.yaml:5 edge.cloudflare.zoneId: \"example.com\" (expected: the zone's id, 32 hex digits, "
                + "as the zone's Overview page in the Cloudflare dashboard shows it)");
    }

    @Test
    void unknownKeysAreReported() {
        List<String> problems = PolicyProblems.of(zoneWith("    apiToken: abc", "  fastly: {}"));

        assertThat(problems).containsExactlyInAnyOrder(
                "test.yaml:6 edge.cloudflare.apiToken: unknown key (expected one of: apiBase, apiTokenEnv, batchSize, requestTimeout, "
                        + "retries, zoneId)",
                "test.yaml:7 edge.fastly: unknown key (expected one of: cloudflare)");
    }

    @Test
    void aTokenPastedAsTheVariableNameIsRejectedWithoutQuotingIt() {
        String token = "Zk3vT9q-2wXh_8LmNpQrStUvWxYz0123456789ab";

        List<String> problems = PolicyProblems.of(zoneWith("    apiTokenEnv: " + token));

        assertThat(problems).containsExactly("test.yaml:6 edge.cloudflare.apiTokenEnv: not an environment variable name (expected: the name "
                + "of the variable that holds the API token, such as TIERGATE_CLOUDFLARE_API_TOKEN; the token itself never goes in the policy)");
        assertThat(String.join("\n", problems)).doesNotContain(token);
    }

    @Test
    void otherValuesAreCheckedToo() {
        List<String> problems = PolicyProblems.of(zoneWith("    apiBase: http://cloudflare-proxy.internal/client/v4",
                "    requestTimeout: 1m", "    retries: { attempts: 11 }", "    batchSize: 0"));

        assertThat(problems).containsExactly(
                "test.yaml:6 edge.cloudflare.apiBase: \"http://cloudflare-proxy.internal/client/v4\" (expected: an https:// URL such as "
                        + "https://api.cloudflare.com/client/v4, or http:// to a loopback address)",
                "test.yaml:7 edge.cloudflare.requestTimeout: \"1m\" (expected: a duration of at most 30s)",
                "test.yaml:8 edge.cloudflare.retries.attempts: \"11\" (expected: a whole number from 0 to 10)",
                "test.yaml:9 edge.cloudflare.batchSize: \"0\" (expected: a whole number from 1 to 500)");
    }

    @Test
    void aSectionWithoutAProviderIsAProblem() {
        assertThat(PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nedge: {}\n"))
                .containsExactly("test.yaml:3 edge: missing \"cloudflare\"");
    }

    @Test
    void theCompiledPolicyLeavesTheEdgeSectionOut() throws PolicyException {
        String compiled = PolicyCompiler.compile(PolicyLoader.parse("test.yaml", FULL));

        assertThat(compiled).doesNotContain("cloudflare", "SHOP_CLOUDFLARE_TOKEN", ZONE);
        assertThat(compiled).isEqualTo(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n")));
    }

    /** A policy whose {@code edge} section has the zone on line 5, then {@code lines} (indented under {@code edge}) from line 6. */
    private static String zoneWith(String... lines) {
        return "version: 1\norigin: http://127.0.0.1:8081\nedge:\n  cloudflare:\n    zoneId: " + ZONE + "\n" + String.join("\n", lines) + "\n";
    }
}
