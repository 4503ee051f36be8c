package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.PolicyLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the policy file under a running gateway. */
class PolicyReloadTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:1
            routes:
              - name: pinned
                match: { path: /sim/respond/pinned/** }
                cache: { ttl: %s }
              - name: account
                match: { path: /sim/respond/account/** }
                cache: %s
            """;

    @TempDir
    Path directory;
    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void validEditAppliesWithoutDroppingCachedEntries() throws Exception {
        Path file = start(POLICY.formatted("2m", "respect"));
        harness.get("/sim/respond/pinned/a");
        harness.get("/sim/respond/account/a?cache-control=max-age=60");

        Files.writeString(file, POLICY.formatted("5m", "bypass"));
        PolicyReloader.Outcome outcome = harness.gateway.reload().await();

        assertThat(outcome.applied()).isTrue();
        assertThat(harness.get("/sim/respond/pinned/a").headers().firstValue("Cache-Status").orElseThrow())
                .startsWith("Tiergate; hit");
        assertThat(harness.get("/sim/respond/account/a?cache-control=max-age=60").headers().firstValue("Cache-Status"))
                .hasValue("Tiergate; fwd=bypass; fwd-status=200; detail=route-bypass");
        assertThat(harness.get("/sim/respond/pinned/b").headers().firstValue("Cache-Status").orElseThrow()).contains("ttl=300");
    }

    @Test
    void brokenEditIsRejectedAndTheRunningPolicyKeepsServing() throws Exception {
        Path file = start(POLICY.formatted("2m", "respect"));
        harness.get("/sim/respond/pinned/a");

        Files.writeString(file, POLICY.formatted("-5m", "bypas"));
        PolicyReloader.Outcome outcome = harness.gateway.reload().await();

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.problems()).hasSize(2);
        assertThat(outcome.problems().get(0).toString()).contains(":6 routes[0].cache.ttl: \"-5m\"");
        assertThat(harness.get("/sim/respond/pinned/a").headers().firstValue("Cache-Status").orElseThrow())
                .isEqualTo("Tiergate; hit; ttl=120; detail=fresh; tier=l1");
        assertThat(harness.gateway.policy().routes().get(0).cacheRule().ttlSeconds()).hasValue(120);
    }

    @Test
    void adminEndpointReloadsAndReportsProblems() throws Exception {
        Path file = start(POLICY.formatted("2m", "respect"));
        Files.writeString(file, POLICY.formatted("2m", "nope"));

        HttpResponse<String> response = harness.client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + harness.gateway.adminPort() + "/policy/reload"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("rejected").contains("routes[1].cache");
    }

    @Test
    void renamedCacheStatusMemberAppliesAtOnceWithoutARestart() throws Exception {
        Path file = start(POLICY.formatted("2m", "respect"));
        harness.get("/sim/respond/pinned/a");

        Files.writeString(file, POLICY.formatted("2m", "respect") + "server: { cacheStatusName: Regional }\n");
        PolicyReloader.Outcome outcome;
        try (LogCapture logs = LogCapture.everything()) {
            outcome = harness.gateway.reload().await();

            assertThat(logs.text()).doesNotContain("take effect on restart");
        }

        assertThat(outcome.applied()).isTrue();
        assertThat(harness.get("/sim/respond/pinned/a").headers().firstValue("Cache-Status").orElseThrow())
                .isEqualTo("Regional; hit; ttl=120; detail=fresh; tier=l1");
    }

    @Test
    void tracingTurnedOnByAReloadTakesEffectOnRestart() throws Exception {
        Path file = start(POLICY.formatted("2m", "respect"));

        Files.writeString(file, POLICY.formatted("2m", "respect") + "tracing: { otlpEndpoint: \"http://127.0.0.1:4318\" }\n");
        PolicyReloader.Outcome outcome;
        try (LogCapture logs = LogCapture.everything()) {
            outcome = harness.gateway.reload().await();

            assertThat(logs.text()).contains("tracing changes take effect on restart");
        }

        assertThat(outcome.applied()).isTrue();
        assertThat(harness.gateway.policy().tracing()).isPresent();
        assertThat(harness.gateway.tracing().enabled()).isFalse();
    }

    @Test
    void editedFileIsPickedUpByTheWatcherWithoutAnyCall() throws Exception {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, POLICY.formatted("2m", "respect"));
        harness = GatewayHarness.startFromFile(file, 50);

        Files.writeString(file, POLICY.formatted("7m", "respect"));

        for (int attempt = 0; attempt < 800 && harness.gateway.policy().routes().get(0).cacheRule().ttlSeconds().getAsLong() != 420; attempt++) {
            Thread.sleep(25);
        }
        assertThat(harness.gateway.policy().routes().get(0).cacheRule().ttlSeconds()).hasValue(420);
    }

    private Path start(String yaml) throws Exception {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, yaml);
        harness = GatewayHarness.startFromFile(file, 0);
        return file;
    }
}
