package dev.tiergate.originsim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Streams a body as several chunked-encoding chunks, optionally pausing between them. */
final class ChunkedBodyWriter {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Buffer body;
    private final int chunkSize;
    private final long delayMs;

    private ChunkedBodyWriter(
            Vertx vertx, HttpServerResponse response, Buffer body, int chunks, long delayMs) {
        this.vertx = vertx;
        this.response = response;
        this.body = body;
        this.chunkSize = Math.max(1, (body.length() + chunks - 1) / chunks);
        this.delayMs = delayMs;
    }

    static void write(Vertx vertx, HttpServerResponse response, Buffer body, int chunks, long delayMs) {
        response.setChunked(true);
        new ChunkedBodyWriter(vertx, response, body, chunks, delayMs).writeFrom(0);
    }

    private void writeFrom(int start) {
        int offset = start;
        while (true) {
            if (response.closed()) {
                return; // the client went away mid-stream; nobody is listening for the rest
            }
            if (offset >= body.length()) {
                response.end();
                return;
            }
            int end = Math.min(body.length(), offset + chunkSize);
            response.write(body.slice(offset, end));
            if (end >= body.length()) {
                response.end();
                return;
            }
            if (delayMs > 0) {
                vertx.setTimer(delayMs, timer -> writeFrom(end));
                return;
            }
            offset = end;
        }
    }
}
