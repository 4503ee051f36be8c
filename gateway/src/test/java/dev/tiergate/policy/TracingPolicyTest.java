package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The top-level key {@code tracing}: loading, defaults, problems, and its absence from the compiled policy. */
class TracingPolicyTest {

    private static final String ORIGIN = "version: 1\norigin: http://127.0.0.1:8081\n";

    private static Optional<TracingSettings> tracing(String block) throws PolicyException {
        return PolicyLoader.parse("test.yaml", ORIGIN + "tracing: " + block + "\n").tracing();
    }

    @Test
    void tracingIsOffWithoutTheBlock() throws Exception {
        assertThat(PolicyLoader.parse("test.yaml", ORIGIN).tracing()).isEmpty();
    }

    @Test
    void anEndpointAloneTracesEveryNewTraceAsTiergate() throws Exception {
        TracingSettings settings = tracing("{ otlpEndpoint: http://127.0.0.1:4318 }").orElseThrow();

        assertThat(settings).isEqualTo(new TracingSettings(URI.create("http://127.0.0.1:4318"), 1.0, "tiergate"));
        assertThat(settings.tracesUrl()).isEqualTo("http://127.0.0.1:4318/v1/traces");
    }

    @Test
    void aFullTracesUrlIsUsedAsGiven() throws Exception {
        TracingSettings settings = tracing("{ otlpEndpoint: \"https://otel.example.net/custom/traces\", sampleRatio: 0.05, "
                + "serviceName: tiergate-eu }").orElseThrow();

        assertThat(settings.tracesUrl()).isEqualTo("https://otel.example.net/custom/traces");
        assertThat(settings.sampleRatio()).isEqualTo(0.05);
        assertThat(settings.serviceName()).isEqualTo("tiergate-eu");
        assertThat(tracing("{ otlpEndpoint: \"http://collector:4318/\" }").orElseThrow().tracesUrl())
                .isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void invalidTracingSettingsNameFileLineAndExpectation() {
        assertThat(PolicyProblems.of(ORIGIN + """
                tracing:
                  otlpEndpoint: collector:4318
                  sampleRatio: 1.5
                  serviceName: my gateway
                  exporter: grpc
                """)).containsExactly(
                "test.yaml:7 tracing.exporter: unknown key (expected one of: otlpEndpoint, sampleRatio, serviceName)",
                "test.yaml:4 tracing.otlpEndpoint: \"collector:4318\" (expected: the collector's OTLP/HTTP URL, http:// or https:// "
                        + "with a host, such as http://127.0.0.1:4318 or http://collector:4318/v1/traces)",
                "test.yaml:5 tracing.sampleRatio: \"1.5\" (expected: a number from 0 to 1, such as 0.1 for one request in ten)",
                "test.yaml:6 tracing.serviceName: \"my gateway\" (expected: up to 64 letters, digits, '.', '-' or '_', such as tiergate)");
    }

    @Test
    void aNegativeRatioAQueryAndMissingEndpointAreRefused() {
        assertThat(PolicyProblems.of(ORIGIN + "tracing:\n  otlpEndpoint: \"http://127.0.0.1:4318/v1/traces?key=x\"\n  sampleRatio: -0.1\n"))
                .containsExactly(
                        "test.yaml:4 tracing.otlpEndpoint: \"http://127.0.0.1:4318/v1/traces?key=x\" (expected: the collector's OTLP/HTTP "
                                + "URL, http:// or https:// with a host, such as http://127.0.0.1:4318 or http://collector:4318/v1/traces)",
                        "test.yaml:5 tracing.sampleRatio: \"-0.1\" (expected: a number from 0 to 1, such as 0.1 for one request in ten)");
        assertThat(PolicyProblems.of(ORIGIN + "tracing:\n  sampleRatio: 0.5\n")).containsExactly("test.yaml:4 tracing: missing \"otlpEndpoint\"");
    }

    @Test
    void theCompiledPolicyDoesNotCarryTracing() throws Exception {
        Policy without = PolicyLoader.parse("test.yaml", ORIGIN);
        Policy with = PolicyLoader.parse("test.yaml", ORIGIN + "tracing: { otlpEndpoint: http://127.0.0.1:4318, sampleRatio: 0.5 }\n");

        assertThat(PolicyCompiler.compile(with)).isEqualTo(PolicyCompiler.compile(without)).doesNotContain("tracing", "4318");
    }
}
