package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code TIERGATE_*} variables over a policy: which setting each replaces, how lists and origins are read, and their problems. */
class EnvironmentOverlayTest {

    private static final String FILE = """
            version: 1
            origin: http://127.0.0.1:8081
            server: { port: 8000, adminPort: 9000, drainTimeout: 20s }
            """;

    private static Policy load(String yaml, Map<String, String> environment) throws PolicyException {
        return PolicyLoader.parse("test.yaml", yaml, environment::get);
    }

    private static List<String> problems(String yaml, Map<String, String> environment) {
        try {
            load(yaml, environment);
        } catch (PolicyException e) {
            return e.problems().stream().map(PolicyProblem::toString).toList();
        }
        throw new AssertionError("expected problems with " + environment);
    }

    @Test
    void environmentReplacesTheFilesSettingAndLeavesTheOthers() throws Exception {
        ServerSettings server = load(FILE, Map.of("TIERGATE_PORT", "8100", "TIERGATE_DRAIN_DELAY", "2s")).server();

        assertThat(server.port()).isEqualTo(8100);
        assertThat(server.drainDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(server.adminPort()).isEqualTo(9000);
        assertThat(server.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withoutVariablesTheFileIsReadAsItIs() throws Exception {
        assertThat(load(FILE, Map.of()).server()).isEqualTo(PolicyLoader.parse("test.yaml", FILE).server());
    }

    @Test
    void emptyOrBlankVariableCountsAsUnset() throws Exception {
        assertThat(load(FILE, Map.of("TIERGATE_PORT", "", "TIERGATE_ADMIN_PORT", "  ")).server().port()).isEqualTo(8000);
    }

    @Test
    void environmentCreatesSectionsTheFileLacks() throws Exception {
        Policy policy = load(FILE, Map.of(
                "TIERGATE_REDIS_URL", "redis://127.0.0.1:26379",
                "TIERGATE_REDIS_TYPE", "sentinel",
                "TIERGATE_REDIS_MASTER_NAME", "primary",
                "TIERGATE_REDIS_ENDPOINTS", "redis://127.0.0.1:26380, redis://127.0.0.1:26381,",
                "TIERGATE_REDIS_KEY_PREFIX", "eu-west:",
                "TIERGATE_ACCESS_LOG_TARGET", "stdout",
                "TIERGATE_ACCESS_LOG_SAMPLE", "0.25"));

        L2Settings l2 = policy.l2().orElseThrow();
        assertThat(l2.url()).isEqualTo("redis://127.0.0.1:26379");
        assertThat(l2.type()).isEqualTo("sentinel");
        assertThat(l2.masterName()).contains("primary");
        assertThat(l2.endpoints()).containsExactly("redis://127.0.0.1:26380", "redis://127.0.0.1:26381");
        assertThat(l2.keyPrefix()).isEqualTo("eu-west:");
        assertThat(policy.server().accessLog()).isEqualTo(new AccessLogSettings(true, "stdout", 0.25, Optional.empty()));
    }

    @Test
    void environmentOverridesOneFieldOfTheFilesL2() throws Exception {
        Policy policy = load("""
                version: 1
                origin: http://127.0.0.1:8081
                l2: { url: "redis://10.0.0.5:6379", keyPrefix: "shop:" }
                """, Map.of("TIERGATE_REDIS_URL", "redis://redis.internal:6379"));

        assertThat(policy.l2().orElseThrow().url()).isEqualTo("redis://redis.internal:6379");
        assertThat(policy.l2().orElseThrow().keyPrefix()).isEqualTo("shop:");
    }

    @Test
    void originReplacesTheDefaultOriginWhereverThePolicyKeepsIt() throws Exception {
        Map<String, String> environment = Map.of("TIERGATE_ORIGIN", "http://origin.internal:8080");
        URI expected = URI.create("http://origin.internal:8080");

        assertThat(load(FILE, environment).origin().url()).isEqualTo(expected);
        Policy mapping = load("""
                version: 1
                origin: { url: "http://127.0.0.1:8081", preserveHost: true }
                """, environment);
        assertThat(mapping.origin().url()).isEqualTo(expected);
        assertThat(mapping.origin().preserveHost()).isTrue();
        Policy several = load("""
                version: 1
                origins: { shop: "http://127.0.0.1:8081", media: "http://127.0.0.1:8082" }
                """, environment);
        assertThat(several.origins().get("shop").url()).isEqualTo(expected);
        assertThat(several.origins().get("media").url()).isEqualTo(URI.create("http://127.0.0.1:8082"));
    }

    @Test
    void invalidValueNamesTheVariableAndTheExpectation() {
        assertThat(problems(FILE, Map.of("TIERGATE_PORT", "eighty", "TIERGATE_REDIS_URL", "localhost:6379"))).containsExactly(
                "TIERGATE_PORT (environment) server.port: \"eighty\" (expected: a port from 0 to 65535)",
                "TIERGATE_REDIS_URL (environment) l2.url: \"localhost:6379\" (expected: redis://[user:password@]host:port or rediss://...)");
    }

    @Test
    void sectionTheEnvironmentStartedIsCheckedLikeTheFilesAndNamesTheVariable() {
        assertThat(problems(FILE, Map.of("TIERGATE_REDIS_TYPE", "cluster"))).containsExactly(
                "TIERGATE_REDIS_TYPE (environment) l2: missing \"url\"");
    }

    @Test
    void problemsOfTheFileKeepTheirLine() {
        assertThat(problems("""
                version: 1
                origin: http://127.0.0.1:8081
                server: { drainTimeout: never }
                """, Map.of("TIERGATE_PORT", "8100"))).containsExactly(
                "test.yaml:3 server.drainTimeout: \"never\" (expected: a positive duration such as 30s, 5m or 1h)");
    }

    @Test
    void tlsFilesFromTheEnvironmentAreCheckedAsTheFilesAre() {
        assertThat(problems("""
                version: 1
                origin: http://127.0.0.1:8081
                l2: { url: "rediss://127.0.0.1:6380" }
                """, Map.of("TIERGATE_REDIS_TLS_CA", "/nonexistent/ca.pem"))).singleElement().asString()
                .startsWith("TIERGATE_REDIS_TLS_CA (environment) l2.tls.ca: \"/nonexistent/ca.pem\" (expected: a readable PEM file");
    }

    @Test
    void tracingEndpointMapsToTracingOtlpEndpoint() {
        assertThat(EnvironmentVariable.named("TIERGATE_OTLP_ENDPOINT").path()).isEqualTo("tracing.otlpEndpoint");
    }

    @Test
    void everyVariableIsNamedOnceAndPointsAtOneSetting() {
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (EnvironmentVariable variable : EnvironmentVariable.ALL) {
            assertThat(variable.name()).matches("TIERGATE_[A-Z0-9_]+");
            assertThat(names.add(variable.name())).as(variable.name() + " once").isTrue();
            assertThat(paths.add(variable.path())).as(variable.path() + " once").isTrue();
        }
        assertThat(EnvironmentVariable.ALL).filteredOn(EnvironmentVariable::secret).extracting(EnvironmentVariable::name)
                .contains("TIERGATE_ADMIN_TOKEN", "TIERGATE_REDIS_URL");
    }

    @Test
    void unknownVariableIsRefusedByName() {
        assertThatThrownBy(() -> EnvironmentVariable.named("TIERGATE_NOPE")).hasMessageContaining("TIERGATE_NOPE");
    }
}
