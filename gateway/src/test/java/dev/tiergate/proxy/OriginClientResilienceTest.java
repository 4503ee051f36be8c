package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.guard.Bulkhead;
import dev.tiergate.http.Headers;
import dev.tiergate.originsim.OriginSim;
import dev.tiergate.policy.HostPattern;
import dev.tiergate.policy.KeySpec;
import dev.tiergate.policy.OriginSettings;
import dev.tiergate.policy.PathPattern;
import dev.tiergate.policy.Route;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, circuit breakers and bulkheads against a real origin-sim, at the origin client's level. */
class OriginClientResilienceTest {

    private static final Headers HEADERS = Headers.of("Host", "origin.test");

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OriginSim origin;
    private OriginClient client;

    @BeforeEach
    void start() throws Exception {
        origin = OriginSim.start(vertx, "127.0.0.1", 0, new TestClock(Instant.now())).await();
        // A fixed jitter: pauses are half their ceiling, so a test never waits long.
        client = new OriginClient(vertx, Optional.of(registry), () -> 0.5);
    }

    @AfterEach
    void stop() throws Exception {
        client.close().await();
        if (origin != null) {
            origin.close().await();
        }
        vertx.close().await();
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsRetriedAndTheRetrySucceeds() throws Exception {
        // fail_every=2: the 2nd request of this URL is dropped without an answer, the 1st and 3rd are answered.
        String target = "/sim/respond/retry-close?fault=close&fail_every=2";
        OriginSettings settings = settings(origin.port());
        assertThat(status(() -> client.send("api", settings, "GET", target, HEADERS, null))).isEqualTo(200);

        int status = status(() -> client.send("api", settings, "GET", target, HEADERS, null));

        assertThat(status).isEqualTo(200);
        assertThat(origin.requestCount(target)).as("the dropped try and its retry").isEqualTo(3);
        assertThat(registry.get("tiergate.origin.retries").tag("origin", "api").counter().count()).isEqualTo(1.0);
    }

    @Test
    void retriesStopAfterTheConfiguredAttempts() {
        String target = "/sim/respond/always-close?fault=close";
        OriginSettings settings = settings(origin.port()).withRetries(new OriginSettings.Retries(2, Duration.ofMillis(10), Duration.ofMillis(20)));

        OriginFailure failure = failure(client.send("api", settings, "GET", target, HEADERS, null));

        assertThat(failure.kind()).isEqualTo(OriginFailure.Kind.RESET);
        assertThat(origin.requestCount(target)).as("first try and two retries").isEqualTo(3);
    }

    @Test
    void aPostIsNeverRetried() {
        String target = "/sim/respond/post-close?fault=close";

        OriginFailure failure = failure(client.send("api", settings(origin.port()), "POST", target, HEADERS, null));

        assertThat(failure.kind()).isEqualTo(OriginFailure.Kind.RESET);
        assertThat(origin.requestCount(target)).isEqualTo(1);
    }

    @Test
    void aRequestWithAStreamedBodyIsNeverRetried(@TempDir Path directory) throws Exception {
        String target = "/sim/respond/put-close?fault=close";
        Path file = Files.writeString(directory.resolve("body.json"), "{\"name\":\"x\"}");
        AsyncFile body = vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();

        OriginFailure failure = failure(client.send("api", settings(origin.port()), "PUT", target,
                HEADERS.with("Content-Length", Long.toString(Files.size(file))), body));

        assertThat(failure.kind()).isEqualTo(OriginFailure.Kind.RESET);
        assertThat(origin.requestCount(target)).as("PUT is idempotent, but its body was consumed").isEqualTo(1);
    }

    @Test
    void aFirstByteTimeoutIsNotRetried() throws Exception {
        String target = "/sim/respond/slow?delay_ms=2000";
        OriginSettings slowToAnswer = new OriginSettings(URI.create("http://127.0.0.1:" + origin.port()), Duration.ofSeconds(2),
                Duration.ofMillis(200), Duration.ofSeconds(2));

        OriginFailure failure = failure(client.send("api", slowToAnswer, "GET", target, HEADERS, null));
        Thread.sleep(300);

        assertThat(failure.kind()).isEqualTo(OriginFailure.Kind.TIMEOUT);
        assertThat(origin.requestCount(target)).isEqualTo(1);
    }

    @Test
    void theBreakerOpensAfterConnectFailuresFailsFastAndClosesOnceTheOriginIsBack() throws Exception {
        int port = closedPort();
        origin.close().await();
        origin = null;
        OriginSettings settings = settings(port).withBreaker(new OriginSettings.Breaker(3, Duration.ofMillis(200)));

        for (int i = 0; i < 3; i++) {
            assertThat(failure(client.send("api", settings, "GET", "/api/products/1", HEADERS, null)).kind())
                    .isEqualTo(OriginFailure.Kind.CONNECT);
        }
        awaitState("api", CircuitBreakerState.OPEN);
        assertThat(gauge("api")).isEqualTo(2.0);
        // While open (or half-open with its one trial taken) every request fails fast, unsent.
        long started = System.nanoTime();
        OriginFailure refused = failure(client.send("api", settings, "GET", "/api/products/1", HEADERS, null));
        assertThat(refused.kind()).isEqualTo(OriginFailure.Kind.CIRCUIT_OPEN);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.kind().detail()).isEqualTo("origin-circuit-open");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(150));

        origin = OriginSim.start(vertx, "127.0.0.1", port, new TestClock(Instant.now())).await();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Future<Integer> answered = answered(() -> client.send("api", settings, "GET", "/api/products/1", HEADERS, null));
            try {
                answered.await();
            } catch (Exception refusedOrUnreachable) {
                // checked below
            }
            if (answered.succeeded()) {
                assertThat(answered.result()).isEqualTo(200);
                break;
            }
            assertThat(OriginFailure.of(answered.cause()).kind()).isIn(OriginFailure.Kind.CIRCUIT_OPEN, OriginFailure.Kind.CONNECT);
            if (System.nanoTime() > deadline) {
                fail("the breaker did not let a request through after its reset timeout");
            }
            Thread.sleep(50);
        }
        awaitState("api", CircuitBreakerState.CLOSED);
        assertThat(gauge("api")).isZero();
    }

    @Test
    void timeoutsCountTowardsTheBreaker() {
        OriginSettings slow = new OriginSettings(URI.create("http://127.0.0.1:" + origin.port()), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(2)).withBreaker(new OriginSettings.Breaker(2, Duration.ofSeconds(30)));

        for (int i = 0; i < 2; i++) {
            assertThat(failure(client.send("slow", slow, "GET", "/sim/respond/hang?fault=hang", HEADERS, null)).kind())
                    .isEqualTo(OriginFailure.Kind.TIMEOUT);
        }

        awaitState("slow", CircuitBreakerState.OPEN);
        assertThat(failure(client.send("slow", slow, "GET", "/api/products/1", HEADERS, null)).kind()).isEqualTo(OriginFailure.Kind.CIRCUIT_OPEN);
        assertThat(origin.requestCount("/api/products/1")).isZero();
    }

    @Test
    void serverErrorsAreAnswersAndNeverOpenTheBreaker() throws Exception {
        OriginSettings settings = settings(origin.port()).withBreaker(new OriginSettings.Breaker(2, Duration.ofSeconds(30)));

        for (int i = 0; i < 5; i++) {
            assertThat(status(() -> client.send("api", settings, "GET", "/sim/respond/down?status=503", HEADERS, null))).isEqualTo(503);
        }

        assertThat(client.breakerState("api")).hasValue(CircuitBreakerState.CLOSED);
        assertThat(origin.requestCount("/sim/respond/down?status=503")).as("answers are not retried either").isEqualTo(5);
    }

    @Test
    void eachOriginNameHasItsOwnBreaker() throws Exception {
        int port = closedPort();
        OriginSettings down = settings(port).withRetries(new OriginSettings.Retries(0, Duration.ZERO, Duration.ZERO))
                .withBreaker(new OriginSettings.Breaker(1, Duration.ofSeconds(30)));

        failure(client.send("down", down, "GET", "/", HEADERS, null));
        awaitState("down", CircuitBreakerState.OPEN);

        assertThat(status(() -> client.send("api", settings(origin.port()), "GET", "/api/products/1", HEADERS, null))).isEqualTo(200);
        assertThat(client.breakerState("api")).hasValue(CircuitBreakerState.CLOSED);
    }

    @Test
    void theOriginalSignatureNamesTheBreakerAfterHostAndPort() throws Exception {
        assertThat(status(() -> client.send(settings(origin.port()), "GET", "/api/products/1", HEADERS, null))).isEqualTo(200);

        assertThat(client.breakerState("127.0.0.1:" + origin.port())).hasValue(CircuitBreakerState.CLOSED);
    }

    @Test
    void aBulkheadSlotIsHeldUntilTheResponseBodyHasEnded() throws Exception {
        Bulkhead bulkhead = new Bulkhead();
        Route route = route(1);
        String target = "/sim/respond/chunked?chunked&chunks=4&chunk_delay_ms=100";

        Future<HttpClientResponse> sent = bulkhead.send(route, () -> client.send("api", settings(origin.port()), "GET", target, HEADERS, null));
        Future<Buffer> body = sent.compose(HttpClientResponse::body);
        sent.await();

        assertThat(bulkhead.inFlight("search")).isEqualTo(1);
        assertThat(failure(bulkhead.send(route, () -> Future.failedFuture("not sent"))).kind()).isEqualTo(OriginFailure.Kind.BULKHEAD_FULL);
        body.await();
        awaitTrue(() -> bulkhead.inFlight("search") == 0);
    }

    @Test
    void aBulkheadSlotIsReleasedWhenTheResponseIsAbandoned() throws Exception {
        Bulkhead bulkhead = new Bulkhead();
        String target = "/sim/respond/abandoned?size=1000000&chunked&chunk_delay_ms=200";

        HttpClientResponse response = bulkhead.send(route(1), () -> client.send("api", settings(origin.port()), "GET", target, HEADERS, null))
                .compose(r -> {
                    // What the gateway does when nobody needs the body.
                    r.request().reset();
                    return Future.succeededFuture(r);
                }).await();

        assertThat(response.statusCode()).isEqualTo(200);
        awaitTrue(() -> bulkhead.inFlight("search") == 0);
    }

    private static OriginSettings settings(int port) {
        return OriginSettings.at(URI.create("http://127.0.0.1:" + port));
    }

    private static Route route(int maxConcurrent) {
        return new Route("search", HostPattern.ANY, Set.of(), PathPattern.compile("/**"), "api", CacheRule.RESPECT_ORIGIN,
                KeySpec.DEFAULT, List.of(), Route.ALL_TIERS, Route.InvalidToken.ANONYMOUS, Optional.empty(), List.of(),
                Optional.of(new Route.BulkheadLimit(maxConcurrent)));
    }

    /** Reads the whole body on the event loop, as the gateway does, and gives the status. */
    private int status(Supplier<Future<HttpClientResponse>> send) throws Exception {
        return answered(send).await();
    }

    /**
     * Sends from an event loop and reads the body there, as the gateway does. Vert.x hands a response over unpaused:
     * a {@code body()} asked for from the test thread after a small body has already ended may never complete.
     */
    private Future<Integer> answered(Supplier<Future<HttpClientResponse>> send) {
        Promise<Integer> status = Promise.promise();
        vertx.runOnContext(ignored -> send.get().compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(status));
        return status.future();
    }

    private static OriginFailure failure(Future<?> sent) {
        try {
            sent.await();
        } catch (Exception e) {
            return OriginFailure.of(e);
        }
        return fail("expected a failure, got " + sent.result());
    }

    private double gauge(String name) {
        return registry.get("tiergate.origin.breaker.state").tag("origin", name).gauge().value();
    }

    private void awaitState(String name, CircuitBreakerState state) {
        awaitTrue(() -> client.breakerState(name).orElse(null) == state);
    }

    /** The breaker and the bulkhead settle on the event loop, a moment after the caller's future completes. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
