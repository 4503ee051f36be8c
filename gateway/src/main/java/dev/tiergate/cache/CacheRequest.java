package dev.tiergate.cache;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;

/**
 * The parts of a client request the cache decisions read.
 *
 * @param method the request method, upper case
 * @param headers the request header fields
 * @param variant the policy's variant dimensions of the key (segment, keyed headers and cookies) in canonical
 *     form; responses stored for one variant are never served to another
 */
public record CacheRequest(String method, Headers headers, String variant) {

    /** A request with no policy variant dimensions. */
    public CacheRequest(String method, Headers headers) {
        this(method, headers, "");
    }

    /**
     * The request's cache directives; {@code Pragma: no-cache} counts as {@code no-cache} only when the
     * request has no Cache-Control field (RFC 9111 §5.4).
     */
    public CacheControl directives() {
        var cacheControl = headers.combined("Cache-Control");
        if (cacheControl.isPresent()) {
            return CacheControl.parse(cacheControl.get());
        }
        boolean pragmaNoCache = headers.combined("Pragma")
                .map(pragma -> CacheControl.parse(pragma).has("no-cache")).orElse(false);
        return pragmaNoCache ? CacheControl.parse("no-cache") : CacheControl.EMPTY;
    }

    /** GET and HEAD may be answered from the cache; HEAD uses the stored GET response. */
    public boolean isCacheableMethod() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
