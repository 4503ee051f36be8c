package dev.tiergate.policy;

import java.net.URI;

/**
 * The gateway's OpenTelemetry tracing, exported over OTLP/HTTP. A gateway-only setting, read at start: the edge worker
 * does not trace, and the compiled policy does not carry it.
 *
 * @param otlpEndpoint where spans are sent: a collector's base URL (spans go to its {@value #TRACES_PATH}), or the full
 *     URL of its traces endpoint
 * @param sampleRatio the share of new traces recorded, 0.0 to 1.0; a request that arrives with a {@code traceparent}
 *     follows the caller's sampled flag instead
 * @param serviceName the {@code service.name} every span's resource carries
 */
public record TracingSettings(URI otlpEndpoint, double sampleRatio, String serviceName) {

    /** OTLP/HTTP's path for traces, appended to an endpoint given without a path. */
    public static final String TRACES_PATH = "/v1/traces";
    /** Every new trace: the operator who turns tracing on lowers it where traffic is heavy. */
    public static final double DEFAULT_SAMPLE_RATIO = 1.0;
    public static final String DEFAULT_SERVICE_NAME = "tiergate";

    public TracingSettings {
        if (!(sampleRatio >= 0.0 && sampleRatio <= 1.0)) {
            throw new IllegalArgumentException("sampleRatio: " + sampleRatio + " (expected: 0.0 to 1.0)");
        }
        if (serviceName.isBlank()) {
            throw new IllegalArgumentException("serviceName: \"\" (expected: a name such as tiergate)");
        }
    }

    /** Tracing to {@code otlpEndpoint} with the default ratio and service name. */
    public static TracingSettings to(URI otlpEndpoint) {
        return new TracingSettings(otlpEndpoint, DEFAULT_SAMPLE_RATIO, DEFAULT_SERVICE_NAME);
    }

    /** The URL spans are posted to: the endpoint as given when it has a path, else with {@value #TRACES_PATH}. */
    public String tracesUrl() {
        String url = otlpEndpoint.toString().replaceFirst("/+$", "");
        String path = otlpEndpoint.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? url + TRACES_PATH : url;
    }
}
