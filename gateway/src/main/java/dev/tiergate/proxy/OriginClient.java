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

/**
 * Sends requests to the origin with the policy's timeouts: connect, first byte (the idle timeout
 * until the response head arrives) and idle between body reads.
 */
public final class OriginClient {

    /** Connections per origin; enough for a burst of misses without queueing. */
    public static final int DEFAULT_POOL_SIZE = 256;

    private final HttpClientAgent client;

    public OriginClient(Vertx vertx) {
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
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(origin.host())
                .setPort(origin.port())
                .setSsl(origin.isTls())
                .setURI(target)
                .setHeaders(fields)
                .setConnectTimeout(origin.connectTimeout().toMillis())
                .setIdleTimeout(origin.firstByteTimeout().toMillis());
        return client.request(options).compose(request -> {
            Future<HttpClientResponse> response = body == null ? request.send() : request.send(body);
            return response.map(received -> {
                // After the head, the idle timeout guards each body read instead of the first byte.
                request.idleTimeout(origin.idleTimeout().toMillis());
                return received;
            });
        });
    }

    public Future<Void> close() {
        return client.close();
    }
}
