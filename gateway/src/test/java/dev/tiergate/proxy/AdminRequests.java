package dev.tiergate.proxy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to a gateway's admin API, for tests. */
final class AdminRequests {

    private final HttpClient client;
    private final Gateway gateway;
    private final String token;

    AdminRequests(HttpClient client, Gateway gateway, String token) {
        this.client = client;
        this.gateway = gateway;
        this.token = token;
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /purge with {@code json}, expecting 200; the response body as JSON. */
    JsonObject purge(String json) throws Exception {
        HttpResponse<String> response = post("/purge", json);
        if (response.statusCode() != 200) {
            throw new AssertionError("purge " + json + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
    }
}
