package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.originsim.OriginSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a real {@code tiergate run} process in front of origin-sim: the drain, seen from outside. */
class DrainOnSignalTest {

    /** 20 MiB, sent by origin-sim in 500 chunks 20 ms apart: about ten seconds of download. */
    private static final String DOWNLOAD = "/sim/respond/download?size=20971520&chunked&chunks=500&chunk_delay_ms=20&cache-control=no-store";
    private static final long DOWNLOAD_BYTES = 20L * 1024 * 1024;

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OriginSim origin;
    private int port;
    private int adminPort;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = OriginSim.start(vertx, "127.0.0.1", 0).await();
        port = freePort();
        adminPort = freePort();
    }

    @AfterEach
    void stopOrigin() throws Exception {
        vertx.close().await();
    }

    @Test
    void downloadStartedBeforeSigtermCompletesWhileReadinessFailsAndNewConnectionsAreRefused() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.run(policy("drainDelay: 3s, drainTimeout: 60s"))) {
            CompletableFuture<HttpResponse<InputStream>> download = client.sendAsync(proxied(DOWNLOAD), HttpResponse.BodyHandlers.ofInputStream());
            CompletableFuture<byte[]> body = download.thenApply(DrainOnSignalTest::sha256);
            awaitOriginRequest(DOWNLOAD);

            gateway.terminate();
            gateway.awaitLine("tiergate draining: readiness answers 503", Duration.ofSeconds(10));
            HttpResponse<String> ready = admin("/health/ready");
            String duringDelay = rawGet("/sim/respond/during-delay");

            assertThat(body).as("the download is still in flight").isNotDone();
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(ready.body()).getBoolean("draining")).isTrue();
            assertThat(duringDelay).as("a new connection during the delay is served, then closed by the gateway")
                    .startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nconnection: close\r\n");

            gateway.awaitLine("the listeners accept no new connections", Duration.ofSeconds(10));
            awaitRefused();
            assertThat(admin("/health/ready").statusCode()).isEqualTo(503);

            assertThat(download.join().statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(body.join())).as("the whole 20 MiB, byte for byte")
                    .isEqualTo(HexFormat.of().formatHex(sha256(client.send(HttpRequest.newBuilder(URI.create(origin.baseUrl() + DOWNLOAD)).build(),
                            HttpResponse.BodyHandlers.ofInputStream()))));
            assertThat(gateway.awaitExit(Duration.ofSeconds(60))).as(gateway.output()).isZero();
            assertThat(gateway.output()).contains("tiergate drained: every request and background task finished", "tiergate stopped");
        }
    }

    @Test
    void secondSignalExitsAtOnce() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.run(policy("drainDelay: 10m, drainTimeout: 10m"))) {
            gateway.terminate();
            gateway.awaitLine("tiergate draining", Duration.ofSeconds(10));

            gateway.terminate();

            assertThat(gateway.awaitExit(Duration.ofSeconds(30))).as("128 + SIGTERM").isEqualTo(143);
            assertThat(gateway.output()).contains("second SIGTERM, exiting at once");
        }
    }

    private Path policy(String drain) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                version: 1
                origin: { url: %s, firstByteTimeout: 30s, idleTimeout: 30s }
                server: { host: 127.0.0.1, port: %d, adminHost: 127.0.0.1, adminPort: %d, %s }
                """.formatted(origin.baseUrl(), port, adminPort, drain));
        return file;
    }

    private HttpRequest proxied(String target) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).timeout(Duration.ofSeconds(120)).build();
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A keep-alive HTTP/1.1 request on a new connection, read until the gateway closes it. */
    private String rawGet(String target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void awaitOriginRequest(String target) throws InterruptedException {
        for (int attempt = 0; attempt < 1000 && origin.requestCount(target) == 0; attempt++) {
            Thread.sleep(10);
        }
        assertThat(origin.requestCount(target)).isEqualTo(1);
    }

    /** Connections are refused once the listeners have shut; bounded. */
    private void awaitRefused() throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                throw new AssertionError(other);
            }
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static byte[] sha256(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                digest.update(buffer, 0, read);
                total += read;
            }
            assertThat(total).isEqualTo(DOWNLOAD_BYTES);
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
