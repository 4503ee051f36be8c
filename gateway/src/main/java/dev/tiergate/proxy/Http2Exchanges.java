package dev.tiergate.proxy;

import dev.tiergate.http.Headers;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import java.util.List;

/**
 * What differs for an HTTP/2 exchange before the gateway's HTTP/1.1-shaped path sees it: the request's host is its
 * {@code :authority} (RFC 9113 §8.3.1), and its response carries no connection-specific field (§8.2.2).
 */
final class Http2Exchanges {

    /**
     * Fields that have no meaning in HTTP/2 and make a response malformed there (RFC 9113 §8.2.2); the gateway strips
     * hop-by-hop fields from what it forwards, and these go too from what it adds itself ({@code Connection: close}).
     */
    static final List<String> CONNECTION_SPECIFIC = List.of("Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding",
            "Upgrade");

    private Http2Exchanges() {
    }

    /**
     * The request's fields as the core sees them. An HTTP/2 request names its host in {@code :authority}, which a
     * client sends instead of {@code Host}; with both, {@code :authority} wins (RFC 9113 §8.3.1), so routing, keys and
     * {@code X-Forwarded-Host} see one host whatever the version.
     */
    static Headers requestFields(HttpServerRequest request) {
        Headers fields = ProxyHeaders.of(request.headers());
        if (request.version() != HttpVersion.HTTP_2) {
            return fields;
        }
        HostAndPort authority = request.authority();
        return authority == null ? fields : fields.with("Host", authority.port() >= 0 ? authority.host() + ":" + authority.port() : authority.host());
    }

    /** {@code handler}, with connection-specific fields removed from every HTTP/2 response just before its head is sent. */
    static Handler<HttpServerRequest> guarded(Handler<HttpServerRequest> handler) {
        return request -> {
            if (request.version() == HttpVersion.HTTP_2) {
                MultiMap fields = request.response().headers();
                request.response().headersEndHandler(ignored -> CONNECTION_SPECIFIC.forEach(fields::remove));
            }
            handler.handle(request);
        };
    }
}
