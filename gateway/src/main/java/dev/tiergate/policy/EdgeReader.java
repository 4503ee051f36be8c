package dev.tiergate.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a policy's {@code edge} section: where the admin API's purges are forwarded at the edge. */
final class EdgeReader {

    static final Set<String> EDGE = Set.of("cloudflare");
    static final Set<String> CLOUDFLARE = Set.of("zoneId", "apiTokenEnv", "apiBase", "requestTimeout", "retries", "batchSize");

    private EdgeReader() {
    }

    /** {@code edge: { cloudflare: { zoneId: ..., apiTokenEnv: ... } }}. */
    static Optional<CloudflareSettings> edge(YamlNode node) {
        return PolicyLoader.optional(node.mapping(EDGE, Set.of("cloudflare")), "cloudflare", EdgeReader::cloudflare);
    }

    private static Optional<CloudflareSettings> cloudflare(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(CLOUDFLARE, Set.of("zoneId"));
        Optional<String> zoneId = PolicyLoader.optional(fields, "zoneId", EdgeReader::zoneId);
        String apiTokenEnv = PolicyLoader.optional(fields, "apiTokenEnv",
                n -> Scalars.environmentName(n, "the API token", CloudflareSettings.DEFAULT_API_TOKEN_ENV, "the token"))
                .orElse(CloudflareSettings.DEFAULT_API_TOKEN_ENV);
        URI apiBase = PolicyLoader.optional(fields, "apiBase", EdgeReader::apiBase).orElse(CloudflareSettings.DEFAULT_API_BASE);
        Duration requestTimeout = PolicyLoader.optional(fields, "requestTimeout", n -> Scalars.positiveDuration(n)
                .flatMap(d -> PolicyLoader.durationAtMost(n, CloudflareSettings.MAX_REQUEST_TIMEOUT, "30s")))
                .orElse(CloudflareSettings.DEFAULT_REQUEST_TIMEOUT);
        OriginSettings.Retries retries = PolicyLoader.optional(fields, "retries",
                n -> PolicyLoader.retries(n, CloudflareSettings.DEFAULT_RETRIES)).orElse(CloudflareSettings.DEFAULT_RETRIES);
        int batchSize = PolicyLoader.optional(fields, "batchSize", n -> PolicyLoader.wholeNumber(n, 1, CloudflareSettings.MAX_BATCH_SIZE))
                .orElse(CloudflareSettings.DEFAULT_BATCH_SIZE);
        return zoneId.map(zone -> new CloudflareSettings(zone, apiTokenEnv, apiBase, requestTimeout, retries, batchSize));
    }

    private static Optional<String> zoneId(YamlNode node) {
        return node.text("a zone id").flatMap(text -> {
            String lower = text.trim().toLowerCase(Locale.ROOT);
            if (CloudflareSettings.ZONE_ID.matcher(lower).matches()) {
                return Optional.of(lower);
            }
            node.problem("\"" + text + "\" (expected: the zone's id, 32 hex digits, as the zone's Overview page in the Cloudflare "
                    + "dashboard shows it)");
            return Optional.empty();
        });
    }

    /** https, or http to a loopback stand-in only: the token must not cross a network in clear. */
    private static Optional<URI> apiBase(YamlNode node) {
        return node.text("an https:// URL").flatMap(text -> {
            try {
                URI uri = new URI(text.trim().replaceFirst("/+$", ""));
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean secure = scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost());
                if (secure && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: an https:// URL such as " + CloudflareSettings.DEFAULT_API_BASE
                    + ", or http:// to a loopback address)");
            return Optional.empty();
        });
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equalsIgnoreCase("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]"));
    }
}
