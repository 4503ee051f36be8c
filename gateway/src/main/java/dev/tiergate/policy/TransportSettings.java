package dev.tiergate.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the proxy listener speaks to clients: TLS or not, which HTTP versions, and the plain listener that sends
 * clients to HTTPS.
 *
 * @param tls the HTTPS listener's certificate; empty for plain HTTP
 * @param http2 true when HTTP/2 is offered: on a TLS listener through ALPN ({@code h2}, then {@code http/1.1})
 * @param h2c true when a plain listener also takes HTTP/2 in clear text, with prior knowledge or by {@code Upgrade: h2c}
 * @param maxConcurrentStreams the HTTP/2 streams one connection may have open at once (its SETTINGS)
 * @param certificateCheck how often the certificate files are looked at for changes; zero for never
 * @param redirectHttpPort a plain HTTP port whose every request is redirected ({@code 308}) to the HTTPS listener
 * @param adminTls true when the admin API is served over TLS with the proxy's certificate
 */
public record TransportSettings(Optional<ListenerTls> tls, boolean http2, boolean h2c, long maxConcurrentStreams,
                                Duration certificateCheck, OptionalInt redirectHttpPort, boolean adminTls) {

    /**
     * HTTP/2 where a client can negotiate it: every browser and curl offer {@code h2} in the TLS handshake, and a
     * client that does not gets HTTP/1.1.
     */
    public static final boolean DEFAULT_HTTP2 = true;
    /**
     * Clear-text HTTP/2 is off: no browser speaks it, only a load balancer or a sidecar configured for it does, and with
     * it on Vert.x sees a new connection only once its first request head is complete, so the header timeout no longer
     * bounds a client that trickles that head.
     */
    public static final boolean DEFAULT_H2C = false;
    /** As nginx and Vert.x default to: enough for a page's parallel requests, few enough to bound one connection's work. */
    public static final long DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    /** Certbot and cert-manager renew days before expiry: a check every ten seconds costs nothing and is soon enough. */
    public static final Duration DEFAULT_CERTIFICATE_CHECK = Duration.ofSeconds(10);

    /** Plain HTTP/1.1, as before HTTPS and HTTP/2 existed here. */
    public static final TransportSettings PLAIN = new TransportSettings(Optional.empty(), DEFAULT_HTTP2, DEFAULT_H2C,
            DEFAULT_MAX_CONCURRENT_STREAMS, DEFAULT_CERTIFICATE_CHECK, OptionalInt.empty(), false);

    public TransportSettings {
        if (maxConcurrentStreams < 1 || maxConcurrentStreams > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("maxConcurrentStreams: " + maxConcurrentStreams + " (expected: 1 to 4294967295)");
        }
        if (certificateCheck.isNegative()) {
            throw new IllegalArgumentException("certificateCheck: " + certificateCheck + " (expected: zero or positive)");
        }
    }

    /** The same settings with another certificate (the {@code run} flags). */
    public TransportSettings withTls(Optional<ListenerTls> newTls) {
        return new TransportSettings(newTls, http2, h2c, maxConcurrentStreams, certificateCheck, redirectHttpPort, adminTls);
    }

    /** The same settings with another redirecting port (tests on free ports). */
    public TransportSettings withRedirectHttpPort(OptionalInt port) {
        return new TransportSettings(tls, http2, h2c, maxConcurrentStreams, certificateCheck, port, adminTls);
    }
}
