package dev.tiergate.proxy;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.OriginSettings;
import dev.tiergate.guard.OriginBreakers;
import dev.tiergate.guard.RetryExecutor;
import dev.tiergate.guard.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
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
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends requests to the origin with the policy's timeouts: connect, first byte (the idle timeout
 * until the response head arrives) and idle between body reads; retries connection failures of
 * requests that are safe to repeat ({@link RetryPolicy}); and fails fast while the origin's circuit
 * breaker is open ({@link OriginBreakers}).
 *
 * <p>Each request is one call of the breaker, retries included: the breaker counts requests that
 * ended in a connection failure or a timeout, and a retry that succeeds is a success.
 */
public final class OriginClient {

    /** Connections per origin; enough for a burst of misses without queueing. */
    public static final int DEFAULT_POOL_SIZE = 256;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final OriginBreakers breakers;
    private final Optional<MeterRegistry> registry;
    private final DoubleSupplier random;

    /** A client without metrics. */
    public OriginClient(Vertx vertx) {
        this(vertx, Optional.empty(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * A client that reports to {@code registry}: {@code tiergate_origin_breaker_state{origin}} (0 closed,
     * 1 half-open, 2 open) and {@code tiergate_origin_retries_total{origin}}.
     */
    public OriginClient(Vertx vertx, MeterRegistry registry) {
        this(vertx, Optional.of(registry), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random the jitter source, numbers in {@code [0, 1)}: tests fix it */
    OriginClient(Vertx vertx, Optional<MeterRegistry> registry, DoubleSupplier random) {
        this.vertx = vertx;
        this.registry = registry;
        this.random = random;
        this.breakers = new OriginBreakers(vertx, registry);
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(DEFAULT_POOL_SIZE).setMaxWaitQueueSize(10_000));
    }

    /**
     * Sends a request under the breaker of the origin named after its URL's host and port; prefer
     * {@link #send(String, OriginSettings, String, String, Headers, ReadStream)} with the policy's name.
     */
    public Future<HttpClientResponse> send(OriginSettings origin, String method, String target, Headers headers,
                                           ReadStream<Buffer> body) {
        return send(origin.host() + ":" + origin.port(), origin, method, target, headers, body);
    }

    /**
     * Sends a request; the future fails with the client's exception, which {@link OriginFailure#of}
     * classifies ({@link OriginFailure.Kind#CIRCUIT_OPEN} when the breaker refused it unsent).
     *
     * @param originName the origin's name in the policy: each name has its own circuit breaker
     * @param body the request body to stream, or null for none; a request with a body is never retried
     */
    public Future<HttpClientResponse> send(String originName, OriginSettings origin, String method, String target, Headers headers,
                                           ReadStream<Buffer> body) {
        RetryPolicy retries = new RetryPolicy(origin.retries());
        return breakers.call(originName, origin,
                () -> RetryExecutor.run(vertx, () -> attempt(origin, method, target, headers, body),
                        (retry, error) -> retries.nextDelay(retry, OriginFailure.of(error), method, body != null, random)
                                .map(pause -> countRetry(originName, pause))),
                OriginClient::opensBreaker);
    }

    private java.time.Duration countRetry(String originName, java.time.Duration pause) {
        registry.ifPresent(meters -> meters.counter("tiergate.origin.retries", "origin", originName).increment());
        return pause;
    }

    /** The state of the named origin's breaker; empty before its first request. */
    public Optional<CircuitBreakerState> breakerState(String originName) {
        return breakers.state(originName);
    }

    /** Faults that say the origin cannot be reached or cannot keep up; an answer, even a 5xx, says it can. */
    static boolean opensBreaker(Throwable error) {
        OriginFailure.Kind kind = OriginFailure.of(error).kind();
        return kind == OriginFailure.Kind.CONNECT || kind == OriginFailure.Kind.TIMEOUT;
    }

    /** One try: the request on a pooled connection, with the first-byte timer. */
    private Future<HttpClientResponse> attempt(OriginSettings origin, String method, String target, Headers headers,
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
