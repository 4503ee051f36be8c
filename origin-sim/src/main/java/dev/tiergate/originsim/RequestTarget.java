package dev.tiergate.originsim;

import io.vertx.core.http.HttpServerRequest;

/** Derives the counting key (path+query as sent in the request line) from a request. */
final class RequestTarget {

    private RequestTarget() {}

    static String of(HttpServerRequest request) {
        String uri = request.uri();
        // A client talking to us as if we were a forward proxy sends absolute-form; count it under the
        // same key as the origin-form so tests see one number per resource.
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd > 0 && uri.indexOf('/') > schemeEnd) {
            int pathStart = uri.indexOf('/', schemeEnd + 3);
            return pathStart < 0 ? "/" : uri.substring(pathStart);
        }
        return uri;
    }
}
