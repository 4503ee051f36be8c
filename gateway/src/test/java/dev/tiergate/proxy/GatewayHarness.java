package dev.tiergate.proxy;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.originsim.OriginSim;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * A real gateway in front of a real origin-sim, both on free ports, sharing a test clock.
 * Requests go over HTTP with the JDK client.
 */
final class GatewayHarness implements AutoCloseable {

    static final String DEFAULT_POLICY = """
            version: 1
            origin:
              url: http://127.0.0.1:1
              connectTimeout: 2s
              firstByteTimeout: 3s
              idleTimeout: 3s
            routes:
              - name: account
                match: { path: /api/account/** }
                cache: bypass
              - name: pinned
                match: { path: /sim/respond/pinned/** }
                cache: { ttl: 2m }
            """;

    final Vertx vertx;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    OriginSim origin;
    Gateway gateway;

    GatewayHarness() {
        this(Vertx.vertx());
    }

    /** A harness on {@code vertx} (e.g. one with a faster blocked-thread checker); closing the harness closes it. */
    GatewayHarness(Vertx vertx) {
        this.vertx = vertx;
    }

    static GatewayHarness start() throws Exception {
        return start(DEFAULT_POLICY);
    }

    static GatewayHarness start(String policyYaml) throws Exception {
        return start(policyYaml, AdminAccess.LOOPBACK_ONLY);
    }

    /** A gateway whose admin API is protected by {@code access}. */
    static GatewayHarness start(String policyYaml, AdminAccess access) throws Exception {
        return start(policyYaml, access, System::getenv);
    }

    /** A gateway that reads environment variables (the edge purge API's token, the trusted upstreams' secret) through {@code environment}. */
    static GatewayHarness start(String policyYaml, AdminAccess access, UnaryOperator<String> environment) throws Exception {
        return new GatewayHarness().begin(policyYaml, access, environment);
    }

    /** Starts origin-sim and the gateway on this harness's Vert.x. */
    GatewayHarness begin(String policyYaml, AdminAccess access, UnaryOperator<String> environment) throws Exception {
        GatewayHarness harness = this;
        harness.origin = OriginSim.start(harness.vertx, "127.0.0.1", 0, harness.clock).await();
        Policy policy = PolicyLoader.parse("test.yaml", policyYaml);
        policy = policy.with(policy.origin().withUrl(URI.create(harness.origin.baseUrl())),
                policy.server().withListeners("127.0.0.1", freePort(), "127.0.0.1", 0));
        try {
            harness.gateway = Gateway.start(harness.vertx, policy, harness.clock, 1, Optional.empty(), UnaryOperator.identity(), 0, access,
                    environment).await();
        } catch (Exception e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    /** A gateway that reloads its policy from {@code file} on request and, when {@code pollMillis > 0}, on change. */
    static GatewayHarness startFromFile(Path file, long pollMillis) throws Exception {
        GatewayHarness harness = new GatewayHarness();
        harness.origin = OriginSim.start(harness.vertx, "127.0.0.1", 0, harness.clock).await();
        int port = freePort();
        URI originUrl = URI.create(harness.origin.baseUrl());
        UnaryOperator<Policy> overrides = policy -> policy.with(policy.origin().withUrl(originUrl),
                policy.server().withListeners("127.0.0.1", port, "127.0.0.1", 0));
        harness.gateway = Gateway.start(harness.vertx, overrides.apply(PolicyLoader.load(file)), harness.clock, 1,
                Optional.of(file), overrides, pollMillis).await();
        return harness;
    }

    HttpResponse<String> get(String target, String... headers) throws IOException, InterruptedException {
        return send("GET", target, headers);
    }

    HttpResponse<String> send(String method, String target, String... headers) throws IOException, InterruptedException {
        return client.send(request(method, target, headers), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String target, String... headers) {
        return client.sendAsync(request("GET", target, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String method, String target, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("POST") || method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    /** Requests the origin received for this exact target. */
    long originCount(String target) {
        return origin.requestCount(target);
    }

    /** Puts origin-sim into an outage mode for every request (e.g. "fault=status&status=503", "fault=hang", "fault=none"). */
    void originMode(String query) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin.baseUrl() + "/__sim/mode?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("origin-sim mode " + query + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The value of one series on the admin API's {@code /metrics}, e.g. {@code tiergate_stored_total{route="a"}}; -1 when absent. */
    double metric(String series) throws IOException, InterruptedException {
        return metrics().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(-1.0);
    }

    /** The admin API's {@code /metrics}, in Prometheus's text format. */
    String metrics() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (gateway != null) {
            gateway.close().await();
        }
        vertx.close().await();
    }
}
