package dev.tiergate.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a policy's {@code tracing} section: where the gateway's spans are exported, and how many. */
final class TracingReader {

    static final Set<String> TRACING = Set.of("otlpEndpoint", "sampleRatio", "serviceName");

    private TracingReader() {
    }

    /** {@code tracing: { otlpEndpoint: http://collector:4318, sampleRatio: 0.1, serviceName: tiergate }}. */
    static Optional<TracingSettings> tracing(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(TRACING, Set.of("otlpEndpoint"));
        Optional<URI> endpoint = PolicyLoader.optional(fields, "otlpEndpoint", TracingReader::endpoint);
        double ratio = PolicyLoader.optional(fields, "sampleRatio", PolicyLoader::share).orElse(TracingSettings.DEFAULT_SAMPLE_RATIO);
        String serviceName = PolicyLoader.optional(fields, "serviceName", TracingReader::serviceName)
                .orElse(TracingSettings.DEFAULT_SERVICE_NAME);
        return endpoint.map(url -> new TracingSettings(url, ratio, serviceName));
    }

    /** An http:// or https:// URL with a host, a path at most (a collector's traces endpoint), no query or credentials. */
    private static Optional<URI> endpoint(YamlNode node) {
        return node.text("an http:// or https:// URL").flatMap(text -> {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
                if (valid) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: the collector's OTLP/HTTP URL, http:// or https:// with a host, such as "
                    + "http://127.0.0.1:4318 or http://collector:4318/v1/traces)");
            return Optional.empty();
        });
    }

    private static Optional<String> serviceName(YamlNode node) {
        return node.text("a service name").flatMap(text -> {
            if (text.matches("[A-Za-z0-9_.\\-]{1,64}")) {
                return Optional.of(text);
            }
            node.problem("\"" + text + "\" (expected: up to 64 letters, digits, '.', '-' or '_', such as tiergate)");
            return Optional.empty();
        });
    }
}
