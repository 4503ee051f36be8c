package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server keys {@code drainDelay} and {@code drainTimeout}: loading, defaults, problems, and their absence from the compiled form. */
class DrainPolicyTest {

    private static final String DRAINING = """
            version: 1
            origin: http://127.0.0.1:8081
            server: { port: 8000, drainDelay: 10s, drainTimeout: 2m }
            """;

    @Test
    void serverReadsDrainDelayAndTimeout() throws Exception {
        ServerSettings server = PolicyLoader.parse("test.yaml", DRAINING).server();

        assertThat(server.drainDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(server.drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(server.port()).isEqualTo(8000);
    }

    @Test
    void drainDefaultsToFiveSecondsThenThirty() throws Exception {
        ServerSettings server = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\nserver: { port: 8000 }\n").server();

        assertThat(server.drainDelay()).isEqualTo(ServerSettings.DEFAULT_DRAIN_DELAY).isEqualTo(Duration.ofSeconds(5));
        assertThat(server.drainTimeout()).isEqualTo(ServerSettings.DEFAULT_DRAIN_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServerSettings.DEFAULTS.drainDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void zeroDelayClosesListenersAtOnce() throws Exception {
        ServerSettings server = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\nserver: { drainDelay: 0 }\n").server();

        assertThat(server.drainDelay()).isZero();
    }

    @Test
    void invalidDrainSettingsNameFileLineAndExpectation() {
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  drainDelay: soon
                  drainTimeout: 0
                """)).containsExactly(
                "test.yaml:4 server.drainDelay: \"soon\" (expected: a positive duration such as 30s, 5m or 1h)",
                "test.yaml:5 server.drainTimeout: \"0\" (expected: a positive duration)");
    }

    @Test
    void listenerOverridesKeepTheDrain() throws Exception {
        ServerSettings server = PolicyLoader.parse("test.yaml", DRAINING).server().withListeners("0.0.0.0", 80, "127.0.0.1", 9000);

        assertThat(server).isEqualTo(ServerSettings.DEFAULTS.withListeners("0.0.0.0", 80, "127.0.0.1", 9000).withDrain(Duration.ofSeconds(10), Duration.ofMinutes(2)));
    }

    @Test
    void drainSettingsAreNotCompiled() throws Exception {
        Policy draining = PolicyLoader.parse("test.yaml", DRAINING);
        Policy plain = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n");

        assertThat(PolicyCompiler.compile(draining)).isEqualTo(PolicyCompiler.compile(plain)).doesNotContain("drain");
        assertThat(PolicyCompiler.hash(draining)).isEqualTo(PolicyCompiler.hash(plain)).startsWith("sha256:");
    }
}
