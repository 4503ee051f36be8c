package dev.tiergate.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The request target named by a Location or Content-Location value, when it is on the request's
 * own host: "a cache MUST NOT invalidate a URI ... if the host part ... differs from the host part
 * in the target URI" (RFC 9111 §4.4).
 */
public final class SameHostTarget {

    private SameHostTarget() {
    }

    /** The same-host request target a Location or Content-Location value names, if it names one. */
    public static Optional<String> of(String value, String requestHost) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getHost() != null && !authorityOf(uri).equalsIgnoreCase(requestHost)) {
                return Optional.empty();
            }
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/")) {
                return Optional.empty();
            }
            return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String authorityOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
