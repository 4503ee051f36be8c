package dev.tiergate.proxy;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.OriginSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends requests to the origin with the policy's timeouts: connect, first byte (the idle timeout
 * until the response head arrives) and idle between body reads.
 */
public final class OriginClient {

    /** Connections per origin; enough for a burst of misses without queueing. */
    public static final int DEFAULT_POOL_SIZE = 256;

    private final Vertx vertx;
    private final HttpClientAgent client;

    public OriginClient(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(DEFAULT_POOL_SIZE).setMaxWaitQueueSize(10_000));
    }

    /**
     * Sends a request; the future fails with the client's exception, which {@link OriginFailure#of}
     * classifies.
     *
     * @param body the request body to stream, or null for none
     */
    public Future<HttpClientResponse> send(OriginSettings origin, String method, String target, Headers headers,
                                           ReadStream<Buffer> body) {
        MultiMap fields = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> field : headers.entries()) {
            fields.add(field.getKey(), field.getValue());
        }
        // Vert.x's own idle timeout guards every read for the whole exchange and is released with it. The
        // first-byte limit is a timer of ours, cancelled when the head arrives: re-arming Vert.x's timer after the
        // head would keep each finished exchange reachable until that timer fires.
        long idleMillis = Math.max(origin.idleTimeout().toMillis(), origin.firstByteTimeout().toMillis());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(origin.host())
                .setPort(origin.port())
                .setSsl(origin.isTls())
                .setURI(target)
                .setHeaders(fields)
                .setConnectTimeout(origin.connectTimeout().toMillis())
                .setIdleTimeout(idleMillis);
        return client.request(options).compose(request -> {
            AtomicBoolean timedOut = new AtomicBoolean();
            long timer = vertx.setTimer(origin.firstByteTimeout().toMillis(), ignored -> {
                timedOut.set(true);
                request.reset(0, new FirstByteTimeoutException(origin.firstByteTimeout().toMillis()));
            });
            Future<HttpClientResponse> response = body == null ? request.send() : request.send(body);
            return response.transform(result -> {
                vertx.cancelTimer(timer);
                if (timedOut.get()) {
                    return Future.failedFuture(new FirstByteTimeoutException(origin.firstByteTimeout().toMillis()));
                }
                return result.succeeded() ? Future.succeededFuture(result.result()) : Future.failedFuture(result.cause());
            });
        });
    }

    /** The origin sent no response head within the first-byte timeout. */
    static final class FirstByteTimeoutException extends java.util.concurrent.TimeoutException {
        FirstByteTimeoutException(long millis) {
            super("no response head within " + millis + " ms");
        }
    }

    public Future<Void> close() {
        return client.close();
    }
}
