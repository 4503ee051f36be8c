package dev.tiergate.policy;

import java.net.URI;
import java.time.Duration;

/**
 * Where requests are forwarded, how long the gateway waits, and how it treats an origin that fails.
 *
 * @param url the origin's base URL ({@code http} or {@code https}, no path)
 * @param connectTimeout to establish a connection
 * @param firstByteTimeout from sending the request to the response's header section
 * @param idleTimeout between two reads of the response body
 * @param retries how connection failures of idempotent requests are retried
 * @param breaker when the origin's circuit breaker opens and for how long
 * @param preserveHost true when the origin is sent the client's {@code Host} (for a virtual-hosted origin, or a
 *     Tiergate behind this one) instead of its own authority
 * @param transport the HTTP version and the trusted CAs
 */
public record OriginSettings(URI url, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, Retries retries,
                             Breaker breaker, boolean preserveHost, OriginTransport transport) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** An origin with the default retries and breaker. */
    public OriginSettings(URI url, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout) {
        this(url, connectTimeout, firstByteTimeout, idleTimeout, Retries.DEFAULT, Breaker.DEFAULT);
    }

    /** An origin over HTTP/1.1 that trusts the JDK's CAs. */
    public OriginSettings(URI url, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, Retries retries,
                          Breaker breaker, boolean preserveHost) {
        this(url, connectTimeout, firstByteTimeout, idleTimeout, retries, breaker, preserveHost, OriginTransport.DEFAULT);
    }

    /** An origin that is sent its own authority as {@code Host}. */
    public OriginSettings(URI url, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout, Retries retries,
                          Breaker breaker) {
        this(url, connectTimeout, firstByteTimeout, idleTimeout, retries, breaker, false);
    }

    /** An origin at {@code url} with the default timeouts, retries and breaker. */
    public static OriginSettings at(URI url) {
        return new OriginSettings(url, DEFAULT_CONNECT_TIMEOUT, DEFAULT_FIRST_BYTE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public boolean isTls() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : isTls() ? 443 : 80;
    }

    public String host() {
        return url.getHost();
    }

    /** The URL's {@code host[:port]}, the port left out when it is the scheme's default: the {@code Host} it is sent. */
    public String authority() {
        int port = port();
        boolean defaultPort = isTls() ? port == 443 : port == 80;
        return defaultPort ? host() : host() + ":" + port;
    }

    /** A copy with another URL and the same timeouts, retries, breaker and Host rule. */
    public OriginSettings withUrl(URI newUrl) {
        return new OriginSettings(newUrl, connectTimeout, firstByteTimeout, idleTimeout, retries, breaker, preserveHost, transport);
    }

    /** A copy with other retries. */
    public OriginSettings withRetries(Retries newRetries) {
        return new OriginSettings(url, connectTimeout, firstByteTimeout, idleTimeout, newRetries, breaker, preserveHost, transport);
    }

    /** A copy with another breaker. */
    public OriginSettings withBreaker(Breaker newBreaker) {
        return new OriginSettings(url, connectTimeout, firstByteTimeout, idleTimeout, retries, newBreaker, preserveHost, transport);
    }

    /**
     * How failed connections are retried: at most {@code attempts} retries after the first try, each after a
     * random pause of up to {@code min(maxBackoff, backoff × 2^retry)} (exponential backoff with full jitter).
     *
     * @param attempts retries after the first try; 0 turns retries off
     * @param backoff the pause ceiling before the first retry
     * @param maxBackoff the largest pause ceiling, however many retries came before
     */
    public record Retries(int attempts, Duration backoff, Duration maxBackoff) {

        /** More retries than this multiply the load on an origin that is already failing. */
        public static final int MAX_ATTEMPTS = 10;
        /** A proxy that sleeps longer than this between tries has lost its client anyway. */
        public static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
        // Declared after the limits its constructor checks against, which must be initialised first.
        /** One retry, after up to 50 ms. */
        public static final Retries DEFAULT = new Retries(1, Duration.ofMillis(50), Duration.ofSeconds(1));

        public Retries {
            if (attempts < 0 || attempts > MAX_ATTEMPTS || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0
                    || maxBackoff.compareTo(MAX_BACKOFF) > 0) {
                throw new IllegalArgumentException("retries " + attempts + ", backoff " + backoff + ", maxBackoff " + maxBackoff);
            }
        }
    }

    /**
     * When the origin's circuit breaker opens and how long it stays open.
     *
     * @param failures connection failures or timeouts in a row that open it
     * @param resetTimeout how long it fails requests fast before letting one trial request through
     */
    public record Breaker(int failures, Duration resetTimeout) {

        /** Longer than this and a recovered origin stays shunned for no reason. */
        public static final Duration MAX_RESET_TIMEOUT = Duration.ofHours(1);
        // Declared after the limits its constructor checks against, which must be initialised first.
        /** Five failures in a row; ten seconds open. */
        public static final Breaker DEFAULT = new Breaker(5, Duration.ofSeconds(10));

        public Breaker {
            if (failures < 1 || resetTimeout.isNegative() || resetTimeout.isZero() || resetTimeout.compareTo(MAX_RESET_TIMEOUT) > 0) {
                throw new IllegalArgumentException("breaker failures " + failures + ", resetTimeout " + resetTimeout);
            }
        }
    }
}
