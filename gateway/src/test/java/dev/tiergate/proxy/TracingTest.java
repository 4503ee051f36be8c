package dev.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.store.RedisServerProcess;
import dev.tiergate.trace.OtlpReceiver;
import dev.tiergate.trace.OtlpReceiver.ReceivedSpan;
import dev.tiergate.trace.Tracing;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tracing over real sockets: a gateway with L1 and a real Redis as L2 in front of a WireMock origin that records the
 * {@code traceparent} it is sent, exporting over OTLP/HTTP to a receiver that decodes the protobuf. Every test drains
 * the gateway before reading the spans: the drain's close flushes the batch.
 */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String CLIENT_PARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01";
    /** Version 00; a new trace's flags are 03: sampled, and (Trace Context Level 2) a random trace id. */
    private static final String TRACEPARENT_FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";
    private static final String POLICY = """
            version: 1
            origin: { url: "http://127.0.0.1:%d", firstByteTimeout: 5s }
            l2: { url: "%s", keyPrefix: "trace:" }
            %s
            routes:
              - name: product
                match: { path: "/api/products/{id}" }
              - name: account
                match: { path: /api/account/** }
                cache: bypass
            """;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private WireMockServer origin;
    private RedisServerProcess redis;
    private OtlpReceiver receiver;
    private Gateway gateway;

    @BeforeAll
    static void requireRedis() {
        RedisServerProcess.requireInstalled();
    }

    @BeforeEach
    void start() throws Exception {
        origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        origin.start();
        origin.stubFor(get(urlEqualTo("/api/products/1")).willReturn(aResponse().withStatus(200)
                .withHeader("Cache-Control", "max-age=60").withBody("product 1")));
        origin.stubFor(get(urlEqualTo("/api/account/me")).willReturn(aResponse().withStatus(200).withBody("me")));
        redis = RedisServerProcess.start();
        receiver = OtlpReceiver.start(vertx);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close().await();
        }
        receiver.close();
        redis.stop();
        origin.stop();
        vertx.close().await();
    }

    @Test
    void aMissIsTracedFromTheClientsParentThroughTheTiersToTheOrigin() throws Exception {
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\", serviceName: tiergate-test }");

        HttpResponse<String> response = send("/api/products/1", "traceparent", CLIENT_PARENT, "tracestate", "vendor=abc");

        assertThat(response.statusCode()).isEqualTo(200);
        List<ReceivedSpan> spans = drainedSpans();
        ReceivedSpan server = only(spans, "GET product");
        assertThat(server.traceId()).isEqualTo(TRACE_ID);
        assertThat(server.parentSpanId()).isEqualTo(CLIENT_SPAN_ID);
        assertThat(server.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(server.serviceName()).isEqualTo("tiergate-test");
        assertThat(server.attribute("tiergate.route")).isEqualTo("product");
        assertThat(server.attribute("http.request.method")).isEqualTo("GET");
        assertThat(server.attribute("url.path")).isEqualTo("/api/products/1");
        assertThat(server.attribute("http.response.status_code")).isEqualTo(200L);
        assertThat(server.attribute("tiergate.cache.outcome")).isEqualTo("miss");
        assertThat(server.attribute("tiergate.cache.tier")).isEqualTo("origin");
        assertThat((String) server.attribute("tiergate.cache_status")).startsWith("Tiergate; fwd=uri-miss").contains("stored");

        ReceivedSpan fetch = only(spans, "origin GET");
        assertThat(fetch.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(fetch.attribute("tiergate.origin")).isEqualTo("default");
        assertThat(fetch.attribute("http.response.status_code")).isEqualTo(200L);
        assertThat(fetch.attribute("server.port")).isEqualTo((long) origin.port());
        assertThat(List.of(fetch, only(spans, "l1 lookup"), only(spans, "l2 get"), only(spans, "l2 set"))).allSatisfy(child -> {
            assertThat(child.traceId()).isEqualTo(TRACE_ID);
            assertThat(child.parentSpanId()).isEqualTo(server.spanId());
        });
        assertThat(only(spans, "l1 lookup").attribute("tiergate.cache.hit")).isEqualTo(false);
        assertThat(only(spans, "l2 get").attribute("tiergate.cache.hit")).isEqualTo(false);
        assertThat(only(spans, "l2 get").attribute("db.system.name")).isEqualTo("redis");

        // The origin's parent is the gateway's fetch, in the client's trace, with the client's tracestate beside it.
        LoggedRequest sent = originRequests("/api/products/1").get(0);
        assertThat(sent.getHeader("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + fetch.spanId() + "-01");
        assertThat(sent.getHeader("tracestate")).isEqualTo("vendor=abc");
        assertThat(receiver.refused()).isEmpty();
    }

    @Test
    void aHitIsServedFromL1WithoutAnOriginSpan() throws Exception {
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\" }");
        send("/api/products/1");
        awaitStored();
        String hitTrace = "0af7651916cd43dd8448eb211c80319c";

        HttpResponse<String> hit = send("/api/products/1", "traceparent", "00-" + hitTrace + "-b7ad6b7169203331-01");

        assertThat(hit.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        List<ReceivedSpan> spans = drainedSpans().stream().filter(span -> span.traceId().equals(hitTrace)).toList();
        assertThat(spans).extracting(ReceivedSpan::name).containsExactlyInAnyOrder("GET product", "l1 lookup");
        ReceivedSpan server = only(spans, "GET product");
        assertThat(server.attribute("tiergate.cache.outcome")).isEqualTo("l1-hit");
        assertThat(server.attribute("tiergate.cache.tier")).isEqualTo("l1");
        assertThat(only(spans, "l1 lookup").attribute("tiergate.cache.hit")).isEqualTo(true);
        assertThat(originRequests("/api/products/1")).hasSize(1);
    }

    @Test
    void withoutATraceparentTheGatewayStartsATraceAndPassesItOn() throws Exception {
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\" }");

        send("/api/account/me");

        List<ReceivedSpan> spans = drainedSpans();
        ReceivedSpan server = only(spans, "GET account");
        assertThat(server.parentSpanId()).isEmpty();
        assertThat(server.attribute("tiergate.cache.outcome")).isEqualTo("bypass");
        ReceivedSpan fetch = only(spans, "origin GET");
        assertThat(fetch.parentSpanId()).isEqualTo(server.spanId());
        assertThat(originRequests("/api/account/me").get(0).getHeader("traceparent"))
                .isEqualTo("00-" + server.traceId() + "-" + fetch.spanId() + "-03");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "not a traceparent",
    })
    void aMalformedTraceparentStartsANewTraceAndNeverReachesTheOrigin(String malformed) throws Exception {
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\" }");

        send("/api/account/me", "traceparent", malformed, "tracestate", "vendor=abc");

        LoggedRequest sent = originRequests("/api/account/me").get(0);
        assertThat(sent.getHeader("traceparent")).matches(TRACEPARENT_FORMAT).isNotEqualTo(malformed)
                .doesNotContain(TRACE_ID).doesNotContain("00000000000000000000000000000000");
        // A tracestate means nothing without the parent it belongs to.
        assertThat(sent.containsHeader("tracestate")).isFalse();
        ReceivedSpan server = only(drainedSpans(), "GET account");
        assertThat(server.parentSpanId()).isEmpty();
        assertThat(sent.getHeader("traceparent")).startsWith("00-" + server.traceId() + "-");
    }

    @Test
    void collapsedRequestsLinkToTheRequestWhoseFetchTheyJoined() throws Exception {
        origin.stubFor(get(urlEqualTo("/api/products/slow")).willReturn(aResponse().withStatus(200)
                .withHeader("Cache-Control", "max-age=60").withBody("slow").withFixedDelay(1500)));
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\" }");

        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(client.sendAsync(request("/api/products/slow"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }

        assertThat(originRequests("/api/products/slow")).hasSize(1);
        List<ReceivedSpan> spans = drainedSpans();
        List<ReceivedSpan> servers = spans.stream().filter(span -> span.name().equals("GET product")).toList();
        ReceivedSpan fetch = only(spans, "origin GET");
        ReceivedSpan leader = servers.stream().filter(span -> span.spanId().equals(fetch.parentSpanId())).findFirst().orElseThrow();
        List<ReceivedSpan> waiters = servers.stream().filter(span -> span != leader).toList();
        assertThat(waiters).hasSize(3).allSatisfy(waiter -> {
            assertThat(waiter.attribute("tiergate.collapsed")).isEqualTo(true);
            assertThat(waiter.linkedSpanIds()).containsExactly(leader.spanId());
            assertThat(waiter.traceId()).isNotEqualTo(leader.traceId());
        });
        assertThat(leader.attributes()).doesNotContainKey("tiergate.collapsed");
    }

    @Test
    void aBackgroundRefreshHasItsOwnTraceLinkedToTheRequestThatServedStale() throws Exception {
        origin.stubFor(get(urlEqualTo("/api/products/2")).willReturn(aResponse().withStatus(200)
                .withHeader("Cache-Control", "max-age=1, stale-while-revalidate=600").withBody("product 2")));
        startGateway("tracing: { otlpEndpoint: \"" + receiver.baseUrl() + "\" }");
        send("/api/products/2");
        awaitStored();
        clock.advance(Duration.ofSeconds(30));

        HttpResponse<String> stale = send("/api/products/2", "traceparent", CLIENT_PARENT);

        assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).contains("stale");
        List<ReceivedSpan> spans = drainedSpans();
        assertThat(originRequests("/api/products/2")).hasSize(2);
        ReceivedSpan staleServer = spans.stream().filter(span -> span.name().equals("GET product") && span.traceId().equals(TRACE_ID))
                .findFirst().orElseThrow();
        assertThat(staleServer.attribute("tiergate.cache.outcome")).isEqualTo("stale");
        ReceivedSpan refresh = only(spans, "refresh product");
        assertThat(refresh.parentSpanId()).isEmpty();
        assertThat(refresh.traceId()).isNotEqualTo(TRACE_ID);
        assertThat(refresh.linkedSpanIds()).containsExactly(staleServer.spanId());
        ReceivedSpan refreshFetch = spans.stream().filter(span -> span.name().equals("origin GET") && span.traceId().equals(refresh.traceId()))
                .findFirst().orElseThrow();
        assertThat(refreshFetch.parentSpanId()).isEqualTo(refresh.spanId());
        assertThat(originRequests("/api/products/2").get(1).getHeader("traceparent"))
                .isEqualTo("00-" + refresh.traceId() + "-" + refreshFetch.spanId() + "-03");
    }

    @Test
    void withoutTracingTheClientsTraceFieldsPassThroughUntouchedAndNothingIsExported() throws Exception {
        startGateway("");
        String malformed = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01";

        send("/api/products/1", "traceparent", CLIENT_PARENT, "tracestate", "vendor=abc");
        send("/api/account/me", "traceparent", malformed);

        assertThat(gateway.tracing()).isSameAs(Tracing.OFF);
        assertThat(gateway.tracing().enabled()).isFalse();
        LoggedRequest cached = originRequests("/api/products/1").get(0);
        assertThat(cached.getHeader("traceparent")).isEqualTo(CLIENT_PARENT);
        assertThat(cached.getHeader("tracestate")).isEqualTo("vendor=abc");
        assertThat(originRequests("/api/account/me").get(0).getHeader("traceparent")).isEqualTo(malformed);
        assertThat(drainedSpans()).isEmpty();
        assertThat(receiver.refused()).isEmpty();
    }

    private void startGateway(String tracing) throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", POLICY.formatted(origin.port(), redis.uri(), tracing));
        policy = policy.with(policy.origin(), policy.server().withListeners("127.0.0.1", 0, "127.0.0.1", 0));
        gateway = Gateway.start(vertx, policy, clock, 1).await();
    }

    /** Waits until the last response is in L1 and its L2 write is done, as the next request's hit needs. */
    private void awaitStored() throws InterruptedException {
        for (int attempt = 0; attempt < 500 && (gateway.l1().estimatedSize() == 0 || gateway.store().pendingWrites() > 0); attempt++) {
            Thread.sleep(10);
        }
        assertThat(gateway.store().pendingWrites()).isZero();
    }

    /** Drains the gateway (background refreshes and L2 writes finish, the batch is flushed), then the spans received. */
    private List<ReceivedSpan> drainedSpans() {
        gateway.drain(Duration.ZERO, Duration.ofSeconds(20), stage -> { }).await();
        gateway = null;
        return receiver.spans();
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
        List<ReceivedSpan> named = spans.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).as("spans named " + name + " in " + spans).hasSize(1);
        return named.get(0);
    }

    private List<LoggedRequest> originRequests(String path) {
        return origin.findAll(getRequestedFor(urlEqualTo(path)));
    }

    private HttpResponse<String> send(String target, String... headers) throws Exception {
        return client.send(request(target, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String target, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }
}
