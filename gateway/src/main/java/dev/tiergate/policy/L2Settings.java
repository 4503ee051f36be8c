package dev.tiergate.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The regional Redis tier, when one is configured.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS
 * @param type standalone, sentinel or cluster
 * @param masterName the Sentinel master's name (sentinel only)
 * @param endpoints further node or sentinel URLs (cluster and sentinel)
 * @param keyPrefix prefix of every key, one per deployment
 * @param commandTimeout the longest a request waits for L2 before treating it as a miss
 */
public record L2Settings(String url, String type, Optional<String> masterName, List<String> endpoints, String keyPrefix,
                         Duration commandTimeout) {

    public static final String DEFAULT_KEY_PREFIX = "tiergate:";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);

    public L2Settings {
        endpoints = List.copyOf(endpoints);
    }

    /** A standalone Redis at {@code url} with the defaults. */
    public static L2Settings standalone(String url) {
        return new L2Settings(url, "standalone", Optional.empty(), List.of(), DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT);
    }
}
