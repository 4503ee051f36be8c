package dev.tiergate.proxy;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.TokenResult;
import java.net.URI;
import java.util.List;

/** An absolute URL an operator names, keyed as a plain GET of it is: its route and URL family. */
final class UrlKeys {

    /** The route a GET of the URL takes, and the key it has there. */
    record Keyed(Route route, CacheKey key) {
    }

    private UrlKeys() {
    }

    /**
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL or cannot be keyed
     */
    static Keyed of(Policy policy, String url) {
        URI uri = parse(url);
        String host = uri.getRawAuthority().replaceFirst("^[^@]*@", "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Route route = policy.route(host, "GET", path);
        KeyDerivation.Result derived = KeyDerivation.derive(route, policy.segments(), host, target, Headers.EMPTY, TokenResult.NONE);
        return new Keyed(route, derived.key().orElseThrow(() -> new IllegalArgumentException("url: cannot be keyed (" + derived.problem() + ")")));
    }

    /** The URL parsed; {@link IllegalArgumentException} when it is not an absolute http(s) URL. */
    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))
                || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("url: " + url + " (expected an absolute URL such as https://host/path?query)");
        }
        return uri;
    }
}
