package dev.tiergate.originsim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Transport-level failures: the misbehaviour a proxy has to survive without a clean response. */
final class ConnectionFaults {

    private static final int MIN_RESET_BODY = 64;

    private ConnectionFaults() {}

    /**
     * Sends the status line, headers and the first half of {@code body}, then closes the connection,
     * leaving the client with a truncated message (premature EOF in a fixed-length or chunked body).
     */
    static void reset(HttpServerRequest request, int status, Buffer body, boolean chunked) {
        // With an empty body there would be nothing to truncate and the message would look complete.
        Buffer payload = body.length() < 2 ? FillerBody.ofSize(MIN_RESET_BODY) : body;
        HttpServerResponse response = request.response().setStatusCode(status);
        if (chunked) {
            response.setChunked(true);
        } else {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(payload.length()));
        }
        // Close only once the partial write is flushed, so the client really sees headers + some body.
        response
                .write(payload.slice(0, payload.length() / 2))
                .onComplete(written -> request.connection().close());
    }

    /** Closes the connection without writing a single byte of response. */
    static void close(HttpServerRequest request) {
        request.connection().close();
    }

    /**
     * Deliberately does nothing: the request stays unanswered and the connection open until the client
     * gives up or the server stops.
     */
    static void hang(HttpServerRequest request) {
        // Intentionally empty; named so call sites read as what they simulate.
    }
}
