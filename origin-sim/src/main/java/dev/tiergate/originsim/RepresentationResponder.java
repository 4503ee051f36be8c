package dev.tiergate.originsim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;

/**
 * Sends a full response, or a 304 when the request's validators still match. Cache headers the
 * caller already put on the response are kept on both, as a 304 must carry them.
 */
final class RepresentationResponder {

    private RepresentationResponder() {}

    /**
     * @param etag entity tag to send and compare, or null for none
     * @param lastModified Last-Modified to compare (the caller sends the header), or null for none
     */
    static Future<Void> respond(
            HttpServerRequest request, int status, Buffer body, String etag, Instant lastModified) {
        HttpServerResponse response = request.response();
        if (etag != null) {
            response.putHeader(HttpHeaders.ETAG, etag);
        }
        boolean successful = status >= 200 && status < 300;
        if (successful && ConditionalRequests.notModified(request, etag, lastModified)) {
            return sendNotModified(response);
        }
        response.setStatusCode(status);
        if (!allowsBody(status)) {
            response.headers().remove(HttpHeaders.CONTENT_TYPE);
            return response.end();
        }
        if (HttpMethod.HEAD.equals(request.method())) {
            // Vert.x drops the body of a HEAD response but also its length; a cache comparing HEAD and
            // GET metadata expects the length a GET would have had.
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
            return response.end();
        }
        return response.end(body);
    }

    static Future<Void> sendNotModified(HttpServerResponse response) {
        // A 304 describes the stored representation; metadata about this (empty) payload would only
        // confuse a cache that merges these headers into its stored copy.
        response.headers()
                .remove(HttpHeaders.CONTENT_TYPE)
                .remove(HttpHeaders.CONTENT_LENGTH)
                .remove(HttpHeaders.CONTENT_LANGUAGE)
                .remove(HttpHeaders.CONTENT_ENCODING);
        return response.setStatusCode(304).end();
    }

    static boolean allowsBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }
}
