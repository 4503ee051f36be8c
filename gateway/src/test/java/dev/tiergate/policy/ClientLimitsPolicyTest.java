package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code server} section's client timeouts and connection limit: read, defaulted and validated. */
class ClientLimitsPolicyTest {

    @Test
    void serverSectionReadsTheClientTimeoutsAndTheConnectionLimit() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                server: { port: 8000, headerTimeout: 5s, idleTimeout: 2m, bodyTimeout: 500ms, maxConnectionsPerClient: 64 }
                """);

        assertThat(policy.server().clients()).isEqualTo(new ServerSettings.ClientLimits(Duration.ofSeconds(5),
                Duration.ofMinutes(2), Duration.ofMillis(500), 64));
        assertThat(policy.server().port()).isEqualTo(8000);
    }

    @Test
    void omittedLimitsGetTheDefaults() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                server: { port: 8000 }
                """);

        assertThat(policy.server().clients()).isEqualTo(ServerSettings.ClientLimits.DEFAULTS);
        assertThat(ServerSettings.ClientLimits.DEFAULTS).isEqualTo(new ServerSettings.ClientLimits(Duration.ofSeconds(10),
                Duration.ofSeconds(75), Duration.ofSeconds(30), 0));
    }

    @Test
    void badLimitsAreReportedWithTheirLines() {
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  headerTimeout: 0
                  idleTimeout: soon
                  bodyTimeout: -1s
                  maxConnectionsPerClient: -1
                """)).containsExactly(
                "test.yaml:4 server.headerTimeout: \"0\" (expected: a positive duration)",
                "test.yaml:5 server.idleTimeout: \"soon\" (expected: a positive duration such as 30s, 5m or 1h)",
                "test.yaml:6 server.bodyTimeout: \"-1s\" (expected: a positive duration such as 30s, 5m or 1h)",
                "test.yaml:7 server.maxConnectionsPerClient: \"-1\" (expected: a whole number, 0 for no limit)");
    }

    @Test
    void listenerOverridesKeepTheClientLimits() {
        ServerSettings.ClientLimits limits = new ServerSettings.ClientLimits(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 4);
        ServerSettings settings = new ServerSettings("127.0.0.1", 8080, "127.0.0.1", 9090, limits);

        assertThat(settings.withListeners("0.0.0.0", 80, "127.0.0.1", 0).clients()).isEqualTo(limits);
    }
}
