package dev.tiergate.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the admin API's purges are forwarded at the edge: a Cloudflare zone's purge API. The policy
 * names the environment variable that holds the API token, never the token itself.
 *
 * @param zoneId the zone's 32-character hex id (lower case)
 * @param apiTokenEnv the environment variable the gateway reads the API token from at start
 * @param apiBase the API's base URL, without a trailing slash ({@code /zones/{zoneId}/purge_cache} is appended)
 * @param requestTimeout the longest one call to the API may take, and the longest an admin purge waits for the edge
 * @param retries how calls that failed with 429, 5xx or a connection error are tried again
 * @param batchSize the most URLs, prefixes or tags sent in one call; larger purges are split
 */
public record CloudflareSettings(String zoneId, String apiTokenEnv, URI apiBase, Duration requestTimeout,
                                 OriginSettings.Retries retries, int batchSize) {

    /** Cloudflare's API (v4). */
    public static final URI DEFAULT_API_BASE = URI.create("https://api.cloudflare.com/client/v4");
    /** Named like the gateway's other variables ({@code TIERGATE_ADMIN_TOKEN}, {@code TIERGATE_REDIS_URL}). */
    public static final String DEFAULT_API_TOKEN_ENV = "TIERGATE_CLOUDFLARE_API_TOKEN";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Beyond this an admin call would wait longer than its own client is likely to. */
    public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Three retries, pauses up to 1 s, 2 s, 4 s; a 429's Retry-After is waited out (up to a minute). */
    public static final OriginSettings.Retries DEFAULT_RETRIES = new OriginSettings.Retries(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
    /**
     * Cloudflare documented 30 items a call for every plan for years and now documents 100 (500 URLs on
     * Enterprise): 30 is accepted under either.
     */
    public static final int DEFAULT_BATCH_SIZE = 30;
    /** Cloudflare's largest per-call limit (URLs on Enterprise). */
    public static final int MAX_BATCH_SIZE = 500;

    static final Pattern ZONE_ID = Pattern.compile("[0-9a-f]{32}");

    public CloudflareSettings {
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(retries, "retries");
        zoneId = zoneId.toLowerCase(Locale.ROOT);
        if (!ZONE_ID.matcher(zoneId).matches() || !Scalars.ENVIRONMENT_NAME.matcher(apiTokenEnv).matches()
                || requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0
                || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            // The token variable's name is not printed: a token pasted in its place must not reach a log.
            throw new IllegalArgumentException("cloudflare zoneId " + zoneId + ", requestTimeout " + requestTimeout + ", batchSize " + batchSize
                    + " or the apiTokenEnv name is out of range");
        }
    }

    /** {@code {apiBase}/zones/{zoneId}/purge_cache}. */
    public URI purgeUrl() {
        return URI.create(apiBase + "/zones/" + zoneId + "/purge_cache");
    }
}
