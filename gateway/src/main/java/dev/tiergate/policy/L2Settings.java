package dev.tiergate.policy;

import java.nio.file.Path;
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
 * @param tls how {@code rediss://} connections are checked and authenticated; empty for the defaults
 *        ({@link Tls#DEFAULTS})
 */
public record L2Settings(String url, String type, Optional<String> masterName, List<String> endpoints, String keyPrefix,
                         Duration commandTimeout, Optional<Tls> tls) {

    public static final String DEFAULT_KEY_PREFIX = "tiergate:";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);

    public L2Settings {
        endpoints = List.copyOf(endpoints);
    }

    /** A standalone Redis at {@code url} with the defaults. */
    public static L2Settings standalone(String url) {
        return new L2Settings(url, "standalone", Optional.empty(), List.of(), DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT,
                Optional.empty());
    }

    /** The TLS settings in force: the section's, or {@link Tls#DEFAULTS}. */
    public Tls tlsOrDefaults() {
        return tls.orElse(Tls.DEFAULTS);
    }

    /**
     * TLS to Redis ({@code l2.tls}). Paths are absolute, resolved against the policy's directory and
     * checked to be readable files when the policy is loaded.
     *
     * @param ca PEM file of the CAs the server's certificate must chain to; empty for the JVM's trust store
     * @param cert PEM client certificate, for servers that require one (mutual TLS); always with {@code key}
     * @param key PEM (PKCS#8 or PKCS#1) private key of {@code cert}
     * @param verifyHostname whether the server's certificate must name the host connected to (RFC 2818, as
     *        HTTPS does); false only for test setups whose certificates name no usable host
     */
    public record Tls(Optional<Path> ca, Optional<Path> cert, Optional<Path> key, boolean verifyHostname) {

        /** The JVM's trust store, no client certificate, hostname verification on. */
        public static final Tls DEFAULTS = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), true);
    }
}
