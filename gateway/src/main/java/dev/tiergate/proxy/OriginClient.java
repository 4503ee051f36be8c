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
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import dev.tiergate.policy.OriginTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends requests to the origin with the policy's timeouts: connect, first byte (from the end of the
 * request until the response head arrives) and idle between body reads; retries connection failures of
 * requests that are safe to repeat ({@link RetryPolicy}); and fails fast while the origin's circuit
 * breaker is open ({@link OriginBreakers}).
 *
 * <p>Each request is one call of the breaker, retries included: the breaker counts requests that
 * ended in a connection failure or a timeout, and a retry that succeeds is a success. A request
 * its client broke off ({@link ClientFaultException}) is cancelled and counts for nothing.
 */
public final class OriginClient {

    /** Connections per origin; enough for a burst of misses without queueing. */
    public static final int DEFAULT_POOL_SIZE = 256;
    /** HTTP/2 connections per origin: each carries many streams at once. */
    static final int HTTP2_POOL_SIZE = 4;

    private final OriginTlsFaults tlsFaults = new OriginTlsFaults();

    private final Vertx vertx;
    private final ConcurrentMap<OriginTransport, HttpClientAgent> clients = new ConcurrentHashMap<>();
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
    }

    /**
     * The client for origins with this transport, made on first use: HTTP/1.1 or HTTP/2, and the CAs trusted. Every
     * client verifies an {@code https} origin's certificate and its names (Vert.x's host verification is on by
     * default) and sends the host as SNI.
     */
    private HttpClientAgent client(OriginTransport transport) {
        return clients.computeIfAbsent(transport, key -> {
            // SNI is sent only when forced: without it a virtual-hosted HTTPS origin (a CDN, a shared load balancer) presents
            // its default certificate, which then fails verification.
            HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false).setVerifyHost(true)
                    .setForceSni(true);
            if (key.http2()) {
                // h2 by ALPN over TLS; prior knowledge in clear text, as an origin configured for HTTP/2 speaks it.
                options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2ClearTextUpgrade(false);
            }
            key.ca().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
            return vertx.httpClientBuilder()
                    .with(options)
                    .with(new PoolOptions().setHttp1MaxSize(DEFAULT_POOL_SIZE).setHttp2MaxSize(HTTP2_POOL_SIZE).setMaxWaitQueueSize(10_000))
                    .withConnectHandler(InterimResponseFilter::install)
                    .build();
        });
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
        return send(originName, origin, method, target, headers, body, Promise.<Void>promise().future());
    }

    /**
     * Sends a request on behalf of one client. When the body fails with a {@link ClientFaultException} (a
     * {@link ClientBody} does), or {@code clientGone} completes, the origin request is reset and the future fails with
     * that {@link ClientFaultException}: the client's fault, which is never retried and never counts towards the
     * breaker.
     *
     * @param clientGone completes when the client has gone away; the request is then cancelled, even while its
     *     response streams
     */
    public Future<HttpClientResponse> send(String originName, OriginSettings origin, String method, String target, Headers headers,
                                           ReadStream<Buffer> body, Future<Void> clientGone) {
        return send(originName, origin, method, target, headers, body, clientGone, hints -> { });
    }

    /**
     * As {@link #send(String, OriginSettings, String, String, Headers, ReadStream, Future)}, telling {@code earlyHints}
     * the fields of each {@code 103 Early Hints} the origin sends before its final response (other interim responses
     * are dropped: {@link InterimResponseFilter}).
     */
    public Future<HttpClientResponse> send(String originName, OriginSettings origin, String method, String target, Headers headers,
                                           ReadStream<Buffer> body, Future<Void> clientGone, Consumer<Headers> earlyHints) {
        RetryPolicy retries = new RetryPolicy(origin.retries());
        return breakers.call(originName, origin,
                () -> RetryExecutor.run(vertx, () -> attempt(origin, method, target, headers, body, clientGone, earlyHints),
                        (retry, error) -> error instanceof ClientFaultException ? Optional.empty()
                                : retries.nextDelay(retry, OriginFailure.of(error), method, body != null, random)
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

    /**
     * Faults that say the origin cannot be reached or cannot keep up (it refused the connection, or sent no response
     * head within the first-byte timeout after the whole request was sent); an answer, even a 5xx, says it can. A
     * reset does not count: an origin closing a pooled keep-alive connection as the gateway reuses it (Node's default
     * keep-alive timeout is 5 s) is a reset too, and counting those opened the breaker of healthy origins. A client's
     * fault says nothing about the origin.
     */
    static boolean opensBreaker(Throwable error) {
        if (error instanceof ClientFaultException) {
            return false;
        }
        OriginFailure.Kind kind = OriginFailure.of(error).kind();
        return kind == OriginFailure.Kind.CONNECT || kind == OriginFailure.Kind.TIMEOUT;
    }

    /** One try: the request on a pooled connection, with the first-byte timer. */
    private Future<HttpClientResponse> attempt(OriginSettings origin, String method, String target, Headers headers,
                                               ReadStream<Buffer> body, Future<Void> clientGone, Consumer<Headers> earlyHints) {
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
                .setConnectTimeout(origin.connectTimeout().toMillis());
        return client(origin.transport()).request(options).onFailure(error -> tlsFaults.report(origin, error)).compose(request -> {
            Attempt attempt = new Attempt(request, origin);
            request.earlyHintsHandler(hints -> earlyHints.accept(ProxyHeaders.of(hints)));
            clientGone.onSuccess(ignored -> attempt.cancel(new ClientFaultException(ClientFaultException.Kind.GONE,
                    "client connection closed before the exchange ended")));
            if (body == null) {
                request.end();
                attempt.sent();
            } else {
                if (!fields.contains("Content-Length")) {
                    request.setChunked(true);
                }
                // Not ended on failure: a body cut short must not reach the origin as if it were complete.
                body.pipe().endOnFailure(false).to(request).onComplete(piped -> {
                    if (piped.succeeded()) {
                        attempt.sent();
                    } else if (piped.cause() instanceof ClientFaultException fault) {
                        attempt.cancel(fault);
                    }
                });
            }
            return request.response().transform(attempt::settle);
        });
    }

    /**
     * One try's timers and faults. The origin's timers start once the whole request is sent (or its answer came
     * first): until then the origin may be waiting for the client, and its silence is not the origin's fault.
     *
     * <p>Vert.x's own idle timeout guards every read for the rest of the exchange and is released with it. The
     * first-byte limit is a timer of ours, cancelled when the head arrives: re-arming Vert.x's timer after the head
     * would keep each finished exchange reachable until that timer fires.
     */
    private final class Attempt {
        private final HttpClientRequest request;
        private final long firstByteMillis;
        private final long idleMillis;
        private final AtomicReference<ClientFaultException> clientFault = new AtomicReference<>();
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicLong timer = new AtomicLong(-1);

        Attempt(HttpClientRequest request, OriginSettings origin) {
            this.request = request;
            this.firstByteMillis = origin.firstByteTimeout().toMillis();
            this.idleMillis = Math.max(origin.idleTimeout().toMillis(), firstByteMillis);
        }

        void sent() {
            if (answered.get()) {
                return;
            }
            guardReads();
            timer.set(vertx.setTimer(firstByteMillis, ignored -> {
                timedOut.set(true);
                request.reset(0, new FirstByteTimeoutException(firstByteMillis));
            }));
        }

        private void guardReads() {
            if (reading.compareAndSet(false, true)) {
                request.idleTimeout(idleMillis);
            }
        }

        void cancel(ClientFaultException fault) {
            if (clientFault.compareAndSet(null, fault)) {
                request.reset(0, fault);
            }
        }

        Future<HttpClientResponse> settle(io.vertx.core.AsyncResult<HttpClientResponse> result) {
            answered.set(true);
            vertx.cancelTimer(timer.get());
            if (clientFault.get() != null && result.failed()) {
                return Future.failedFuture(clientFault.get());
            }
            if (timedOut.get()) {
                return Future.failedFuture(new FirstByteTimeoutException(firstByteMillis));
            }
            if (result.failed()) {
                return Future.failedFuture(result.cause());
            }
            guardReads();
            return Future.succeededFuture(result.result());
        }
    }

    /** The origin sent no response head within the first-byte timeout. */
    static final class FirstByteTimeoutException extends java.util.concurrent.TimeoutException {
        FirstByteTimeoutException(long millis) {
            super("no response head within " + millis + " ms");
        }
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        clients.values().forEach(client -> closing.add(client.close()));
        return Future.all(closing).mapEmpty();
    }
}
