package dev.tiergate.proxy;

import dev.tiergate.policy.ServerSettings;
import dev.tiergate.policy.TransportSettings;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.Optional;

/**
 * The proxy listener's options: bounded request heads, no compression (the gateway forwards bodies as the origin
 * sent them), TLS when the policy has a certificate, and HTTP/2 as the policy offers it.
 *
 * <p>HTTP/2 limits: {@code maxConcurrentStreams} streams open at once on one connection (more are refused with
 * {@code REFUSED_STREAM}), and Vert.x's reset-flood guard, which closes a connection whose client resets more than
 * 200 streams in 30 seconds (the "rapid reset" attack, CVE-2023-44487). Every stream counts as one request for the
 * connection's header and idle timers ({@link ClientConnections}) and for every limit the handler applies.
 */
final class ProxyListenerOptions {

    private ProxyListenerOptions() {
    }

    static HttpServerOptions of(ServerSettings server, Optional<ServerTls.Identity> identity) {
        TransportSettings transport = server.transport();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(server.host())
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                // Vert.x reports an h2c-capable connection only once its first request head is complete, which leaves a
                // stalled head without a header timeout: off unless the policy asks for it.
                .setHttp2ClearTextEnabled(identity.isEmpty() && transport.http2() && transport.h2c())
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(transport.maxConcurrentStreams()))
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(32 * 1024);
        identity.ifPresent(certificate -> ServerTls.apply(options, certificate, transport.http2()));
        return options;
    }
}
