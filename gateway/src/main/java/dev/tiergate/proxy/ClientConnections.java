package dev.tiergate.proxy;

import dev.tiergate.policy.ServerSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bounds what one client connection can hold: a connection whose request head is not complete within the header
 * timeout (a new connection) or the idle timeout (a kept-alive one, after its last response) is closed, and a client
 * address with as many open connections as the limit allows has its next ones closed on accept. Slowloris clients
 * that trickle request heads, and clients that open connections and never use them, so hold a connection for a
 * bounded time only.
 *
 * <p>While a request is being handled its connection has no timer here: the request's body has the body timeout
 * (where the gateway reads it) and its origin exchange the origin's timeouts. Counts
 * {@code tiergate_client_timeouts_total{kind="header|idle"}} and
 * {@code tiergate_connections_refused_total{reason="per-client-limit"}}. Thread-safe: each connection's state is
 * touched on its own event loop, the per-address counts from any.
 */
final class ClientConnections {

    private final Vertx vertx;
    private final ServerSettings.ClientLimits limits;
    private final GatewayMetrics metrics;
    private final ConcurrentMap<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> openPerAddress = new ConcurrentHashMap<>();

    ClientConnections(Vertx vertx, ServerSettings.ClientLimits limits, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** The server's connection handler: refuses a connection over its address's limit, else starts its header timer. */
    void accept(HttpConnection connection) {
        String address = address(connection);
        if (limits.maxConnectionsPerClient() > 0
                && openPerAddress.merge(address, 1, Integer::sum) > limits.maxConnectionsPerClient()) {
            release(address);
            metrics.connectionRefused("per-client-limit");
            connection.close();
            return;
        }
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        connection.closeHandler(ignored -> {
            watches.remove(connection);
            watch.cancel();
            if (limits.maxConnectionsPerClient() > 0) {
                release(address);
            }
        });
        watch.await("header", limits.headerTimeout().toMillis());
    }

    /** Wraps the request handler: a request stops its connection's timer, and the end of its response restarts it. */
    Handler<HttpServerRequest> watching(Handler<HttpServerRequest> handler) {
        return request -> {
            Watch watch = watches.get(request.connection());
            if (watch != null) {
                watch.started();
                request.response().endHandler(ignored -> watch.ended());
            }
            handler.handle(request);
        };
    }

    private void release(String address) {
        openPerAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    }

    private static String address(HttpConnection connection) {
        SocketAddress remote = connection.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    /** One connection's requests in progress and the timer that runs while it has none. */
    private final class Watch {
        private final HttpConnection connection;
        private int active;
        private long timer = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void started() {
            active++;
            cancel();
        }

        void ended() {
            active = Math.max(0, active - 1);
            if (active == 0) {
                await("idle", limits.idleTimeout().toMillis());
            }
        }

        void await(String kind, long millis) {
            cancel();
            timer = vertx.setTimer(millis, ignored -> {
                timer = -1;
                if (active == 0) {
                    metrics.clientTimeout(kind);
                    connection.close();
                }
            });
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
