package dev.tiergate.proxy;

import dev.tiergate.cache.StoredResponse;
import dev.tiergate.http.ByteRanges;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Conditionals;
import dev.tiergate.http.ForwardingHeaders;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HopByHop;
import dev.tiergate.http.RangeAnswer;
import dev.tiergate.plan.ServedOutcome;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a response goes: a client connection, or nowhere for a background refresh. Adds the
 * fields every response from this cache carries (Age, Via, Cache-Status) and answers client
 * conditionals, ranges (206 and 416 from a stored 200) and HEAD from a GET response.
 */
class ClientSink {

    /** A sink for background refreshes: every write is dropped. */
    static final ClientSink NONE = new ClientSink(null, Headers.EMPTY, CacheStatus.CACHE_NAME, null, ignored -> { });
    /** The response field that carries the request's id back to the client. */
    static final String REQUEST_ID_FIELD = "X-Request-Id";

    private final HttpServerRequest request;
    private boolean open;
    private Headers extraFields = Headers.EMPTY;
    private final Headers requestHeaders;
    private final String cacheStatusName;
    private final Promise<Void> gone = Promise.promise();
    private final AccessEntry.Draft draft;
    private final Consumer<AccessEntry> onServed;
    private CacheStatus sentStatus;
    private boolean generated;
    private boolean reported;

    /**
     * @param requestHeaders the request's fields, already converted by the handler
     * @param cacheStatusName the gateway's member name in Cache-Status (the policy's {@code server.cacheStatusName})
     * @param draft what the handler learns about the request, completed into an {@link AccessEntry} when the response ends
     * @param onServed told once, when the response has ended or its connection closed after it began
     */
    ClientSink(HttpServerRequest request, Headers requestHeaders, String cacheStatusName, AccessEntry.Draft draft,
               Consumer<AccessEntry> onServed) {
        this.request = request;
        this.requestHeaders = requestHeaders;
        this.cacheStatusName = cacheStatusName;
        this.draft = draft;
        this.onServed = onServed;
        this.open = request != null;
        if (request != null) {
            // Not endHandler: the connection watch holds that one.
            request.response().bodyEndHandler(ignored -> report(true));
            request.response().closeHandler(ignored -> {
                open = false;
                gone.tryComplete();
                report(false);
            });
        }
    }

    /** The request's facts, which the handler adds to as it learns them; null for a background refresh. */
    AccessEntry.Draft draft() {
        return draft;
    }

    /** Adds one origin exchange's time to its response head to what the request is told it cost. */
    void originTime(long nanos) {
        if (draft != null) {
            draft.originTime(nanos);
        }
    }

    private void sent(CacheStatus status, boolean byGateway) {
        sentStatus = status;
        generated = byGateway;
    }

    /** A request whose client left before any response began is not reported: nothing was served. */
    private void report(boolean completed) {
        if (reported || sentStatus == null || draft == null) {
            return;
        }
        reported = true;
        HttpServerResponse response = request.response();
        onServed.accept(draft.served(response.getStatusCode(), response.bytesWritten(), sentStatus,
                ServedOutcome.of(sentStatus, generated), completed));
    }

    /** Completes when the client's connection closes before its response ended; never for a background refresh. */
    Future<Void> gone() {
        return gone.future();
    }

    /** Adds fields to whatever response this sink sends (rate-limit and authentication fields). */
    void addFields(Headers fields) {
        Headers.Builder combined = extraFields.toBuilder();
        fields.entries().forEach(field -> combined.add(field.getKey(), field.getValue()));
        extraFields = combined.build();
    }

    /** True while a client is connected and its response is not complete. */
    boolean isOpen() {
        return open && !request.response().ended() && !request.response().closed();
    }

    /** Serves a stored response. */
    void fromEntry(StoredResponse entry, CacheStatus status, Instant now) {
        fromEntry(entry, Headers.EMPTY, status, now);
    }

    /**
     * Serves a stored response with fields meant for this client only (the Set-Cookie of its revalidation's
     * 304). This is the hit path: stored fields are already free of hop-by-hop fields, so they are written
     * straight into the response without intermediate copies.
     */
    void fromEntry(StoredResponse entry, Headers personal, CacheStatus status, Instant now) {
        if (!isOpen()) {
            return;
        }
        sent(status, false);
        String age = Long.toString(Math.min(entry.ageSeconds(now), CacheControl.DELTA_SECONDS_CEILING));
        boolean conditional = request.headers().contains("If-None-Match") || request.headers().contains("If-Modified-Since");
        if (conditional && Conditionals.notModified(request.method().name(), requestHeaders(), entry.status(), entry.headers())) {
            Headers.Builder fields = entry.headers().without("Content-Length").with("Age", age).toBuilder();
            personal.entries().forEach(field -> fields.add(field.getKey(), field.getValue()));
            begin(304, Conditionals.notModifiedHeaders(fields.build()), status);
            request.response().end();
            return;
        }
        ByteRanges.Outcome range = RangeAnswer.of(request.method().name(), requestHeaders(), entry.status(), entry.headers(),
                entry.body().length);
        if (range instanceof ByteRanges.Unsatisfiable) {
            begin(416, Headers.of("Content-Range", ByteRanges.unsatisfiedRange(entry.body().length),
                    "Content-Type", "text/plain; charset=utf-8"), status);
            request.response().end("range not satisfiable\n");
            return;
        }
        RangeResponse partial = range instanceof ByteRanges.Partial ranges ? RangeResponse.of(ranges, entry.headers(), entry.body()) : null;
        HttpServerResponse response = request.response();
        response.setStatusCode(partial == null ? entry.status() : 206);
        MultiMap fields = response.headers();
        String originVia = null;
        for (Map.Entry<String, String> field : entry.headers().entries()) {
            String name = field.getKey();
            if (name.equalsIgnoreCase("Via")) {
                originVia = originVia == null ? field.getValue() : originVia + ", " + field.getValue();
            } else if (!name.equalsIgnoreCase("Content-Length") && !replacedByRequestId(name)
                    && !(partial != null && partial.replacesContentType() && name.equalsIgnoreCase("Content-Type"))) {
                fields.add(name, field.getValue());
            }
        }
        if (partial != null) {
            partial.fields().entries().forEach(field -> fields.add(field.getKey(), field.getValue()));
        }
        fields.add("Age", age);
        fields.add("Via", originVia == null ? ForwardingHeaders.VIA : originVia + ", " + ForwardingHeaders.VIA);
        for (Map.Entry<String, String> field : personal.entries()) {
            fields.add(field.getKey(), field.getValue());
        }
        for (Map.Entry<String, String> field : extraFields.entries()) {
            fields.add(field.getKey(), field.getValue());
        }
        fields.add(CacheStatus.FIELD, status.format(cacheStatusName));
        if (isHead()) {
            response.putHeader("Content-Length", Integer.toString(entry.body().length));
            response.end();
        } else {
            response.end(Buffer.buffer(partial == null ? entry.body() : partial.body()));
        }
    }

    /**
     * Passes on the fields of a {@code 103 Early Hints} (RFC 8297) while the final response has not begun. Never to an
     * HTTP/1.0 client: "A server MUST NOT send a 1xx response to an HTTP/1.0 client" (RFC 9110 §15.2). Interim
     * responses are not stored, and the final response is what the cache keeps.
     */
    void earlyHints(Headers hints) {
        if (!isOpen() || request.response().headWritten() || request.version() == HttpVersion.HTTP_1_0) {
            return;
        }
        MultiMap fields = MultiMap.caseInsensitiveMultiMap();
        HopByHop.strip(hints).entries().forEach(field -> fields.add(field.getKey(), field.getValue()));
        if (!fields.isEmpty()) {
            request.response().writeEarlyHints(fields);
        }
    }

    /** A short plain-text error that carries Cache-Status too. */
    void error(int statusCode, CacheStatus status, String message) {
        if (!isOpen()) {
            return;
        }
        sent(status, true);
        HttpServerResponse response = begin(statusCode, Headers.of("Content-Type", "text/plain; charset=utf-8",
                "Cache-Control", "no-store"), status);
        response.end(isHead() ? "" : message + "\n");
    }

    /**
     * Starts a streamed response with the origin's status and fields; answers 304 instead when the
     * client's conditional matches. Returns false when no body should follow.
     */
    boolean beginStream(int statusCode, Headers originHeaders, CacheStatus status) {
        if (!isOpen()) {
            return false;
        }
        sent(status, false);
        Headers headers = originHeaders.without("Via");
        if (Conditionals.notModified(request.method().name(), requestHeaders(), statusCode, headers)) {
            begin(304, Conditionals.notModifiedHeaders(headers), status);
            request.response().end();
            return false;
        }
        HttpServerResponse response = begin(statusCode, headers, status);
        if (!headers.contains("Content-Length")) {
            response.setChunked(true);
        }
        if (isHead() || statusCode == 204 || statusCode == 304) {
            response.end();
            return false;
        }
        return true;
    }

    /** Writes a body chunk; returns true when the client cannot take more until it drains. */
    boolean write(Buffer chunk) {
        if (!isOpen()) {
            return false;
        }
        HttpServerResponse response = request.response();
        response.write(chunk);
        return response.writeQueueFull();
    }

    void onDrain(Handler<Void> handler) {
        if (isOpen()) {
            request.response().drainHandler(handler);
        } else {
            handler.handle(null);
        }
    }

    void end() {
        if (isOpen()) {
            request.response().end();
        }
    }

    /** Breaks the client's connection: a truncated body must not look complete. */
    void abort() {
        if (isOpen()) {
            request.response().reset();
            request.connection().close();
        }
        open = false;
    }

    /** The request's fields as the core sees them. */
    Headers requestHeaders() {
        return requestHeaders;
    }

    /** An id the origin echoed, or one stored with an entry, gives way to this request's own. */
    private boolean replacedByRequestId(String name) {
        return draft != null && draft.requestId().isPresent() && name.equalsIgnoreCase(REQUEST_ID_FIELD);
    }

    private boolean isHead() {
        return request.method().name().equals("HEAD");
    }

    private HttpServerResponse begin(int statusCode, Headers headers, CacheStatus status) {
        HttpServerResponse response = request.response();
        response.setStatusCode(statusCode);
        MultiMap fields = response.headers();
        for (Map.Entry<String, String> field : ForwardingHeaders.toClient(headers).entries()) {
            if (!replacedByRequestId(field.getKey())) {
                fields.add(field.getKey(), field.getValue());
            }
        }
        for (Map.Entry<String, String> field : extraFields.entries()) {
            fields.add(field.getKey(), field.getValue());
        }
        fields.add(CacheStatus.FIELD, status.format(cacheStatusName));
        return response;
    }
}
