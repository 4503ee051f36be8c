package dev.tiergate.policy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the gateway talks to one origin: the HTTP version, and for an {@code https} origin whose certificates it trusts.
 * The certificate is always verified, its names against the URL's host, which is also sent as SNI.
 *
 * @param http2 true for HTTP/2 ({@code h2} by ALPN over TLS, prior knowledge in clear text); false for HTTP/1.1
 * @param ca a PEM file of the CA certificates trusted for this origin instead of the JDK's; empty for the JDK's
 */
public record OriginTransport(boolean http2, Optional<Path> ca) {

    /** HTTP/1.1, and the JDK's trusted CAs. */
    public static final OriginTransport DEFAULT = new OriginTransport(false, Optional.empty());
}
