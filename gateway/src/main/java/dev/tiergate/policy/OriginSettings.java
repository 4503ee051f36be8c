package dev.tiergate.policy;

import java.net.URI;
import java.time.Duration;

/**
 * Where requests are forwarded and how long the gateway waits.
 *
 * @param url the origin's base URL ({@code http} or {@code https}, no path)
 * @param connectTimeout to establish a connection
 * @param firstByteTimeout from sending the request to the response's header section
 * @param idleTimeout between two reads of the response body
 */
public record OriginSettings(URI url, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** An origin at {@code url} with the default timeouts. */
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

    /** A copy with another URL and the same timeouts. */
    public OriginSettings withUrl(URI newUrl) {
        return new OriginSettings(newUrl, connectTimeout, firstByteTimeout, idleTimeout);
    }
}
