package dev.tiergate.originsim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** Starts one OriginSim per test class on a free port and offers a small HTTP vocabulary. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OriginSimTestSupport {

    protected Vertx vertx;
    protected OriginSim sim;
    protected HttpClient http;

    @BeforeAll
    void startSim() throws Exception {
        vertx = Vertx.vertx();
        sim = await(OriginSim.start(vertx, "127.0.0.1", 0));
        http = newClient();
    }

    @AfterAll
    void stopSim() throws Exception {
        if (sim != null) {
            await(sim.close());
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @BeforeEach
    void startFromCleanState() throws Exception {
        send(request("/__sim/mode?fault=none").POST(HttpRequest.BodyPublishers.noBody()));
        sim.reset();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** HTTP/1.1 so the client never tries an h2c upgrade. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> get(String pathAndQuery, String... headerNamesAndValues)
            throws IOException, InterruptedException {
        return send(request(pathAndQuery).headers(headerNamesAndValues.length == 0
                ? new String[] {"Accept", "*/*"}
                : headerNamesAndValues));
    }

    HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh client, so a dropped connection is never confused with a stale pooled one. */
    HttpResponse<String> sendOnNewConnection(HttpRequest.Builder builder)
            throws IOException, InterruptedException {
        return newClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    static long countHeader(HttpResponse<?> response) {
        return Long.parseLong(header(response, SimHeaders.REQUEST_COUNT));
    }
}
