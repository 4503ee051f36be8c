package dev.tiergate.proxy;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a gateway is in its life, for readiness and for the connections of a drain. While draining, every
 * response closes its connection: HTTP/1.1 responses say {@code Connection: close} and the connection is closed
 * once the response is sent (RFC 9112 §9.6); an HTTP/2 connection is sent a GOAWAY and closed when its streams end.
 * Thread-safe.
 */
public final class Lifecycle {

    /** The stages in order; a gateway only moves forward. */
    public enum Stage {
        /** The listeners are being bound. */
        STARTING,
        /** Bound, and not asked to stop. */
        SERVING,
        /** Asked to stop: readiness fails, connections close after their response, the listeners still accept. */
        DRAINING,
        /** The listeners accept no more connections; requests in flight finish. */
        CLOSING,
        /** Nothing is served. */
        STOPPED
    }

    private volatile Stage stage = Stage.STARTING;
    private volatile Duration connectionGrace = Duration.ZERO;
    private volatile long drainStartNanos;
    private final Set<HttpConnection> closing = Collections.newSetFromMap(new ConcurrentHashMap<>());

    public Stage stage() {
        return stage;
    }

    /** True from the drain's start on. */
    public boolean draining() {
        return stage.compareTo(Stage.DRAINING) >= 0;
    }

    /** True while the proxy listeners accept connections. */
    public boolean listening() {
        return stage == Stage.SERVING || stage == Stage.DRAINING;
    }

    void serving() {
        stage = Stage.SERVING;
    }

    /**
     * Starts the drain, once.
     *
     * @param grace how long a connection may take to finish the response it is sending
     * @return false when the drain had already started
     */
    boolean drain(Duration grace) {
        synchronized (this) {
            if (draining()) {
                return false;
            }
            connectionGrace = grace;
            drainStartNanos = System.nanoTime();
            stage = Stage.DRAINING;
            return true;
        }
    }

    /** Seconds since the drain started; 0 before. */
    public double drainingSeconds() {
        return draining() ? (System.nanoTime() - drainStartNanos) / 1e9 : 0;
    }

    /** How long the drain may take: the listeners' delay plus the time requests in flight have; 0 before the drain. */
    public double drainBudgetSeconds() {
        return connectionGrace.toNanos() / 1e9;
    }

    void closing() {
        stage = Stage.CLOSING;
    }

    void stopped() {
        stage = Stage.STOPPED;
        closing.clear();
    }

    /** {@code handler}, with each request's connection closed after its response while draining. */
    Handler<HttpServerRequest> serve(Handler<HttpServerRequest> handler) {
        return request -> {
            if (draining()) {
                closeAfterResponse(request);
            }
            handler.handle(request);
        };
    }

    private void closeAfterResponse(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader("Connection", "close");
        }
        HttpConnection connection = request.connection();
        // Vert.x closes a shut-down HTTP/1.x connection once the response in progress is sent and reads no further
        // requests on it; on HTTP/2, shutdown sends the GOAWAY. Once per connection.
        if (closing.add(connection)) {
            connection.shutdown(connectionGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
