package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.originsim.OriginSim;
import dev.tiergate.store.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tiergate run} configured by its environment alone, as a container is: policy file, listeners, origin,
 * admin token and a Sentinel-managed L2 from {@code TIERGATE_*} variables, over a policy file that names none of them.
 */
class EnvironmentConfiguredGatewayTest {

    private static final String TOKEN = "env-admin-token-0123456789";
    private static final String PREFIX = "env-test:";

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newHttpClient();
    private OriginSim origin;
    private RedisServerProcess redis;
    private Process sentinel;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireInstalled();
        origin = OriginSim.start(vertx, "127.0.0.1", 0).await();
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (sentinel != null) {
            sentinel.destroyForcibly();
        }
        redis.stop();
        vertx.close().await();
    }

    @Test
    void gatewayTakesItsListenersOriginAndSentinelL2FromTheEnvironment() throws Exception {
        int sentinelPort = startSentinel();
        int port = freePort();
        int adminPort = freePort();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\n");
        Map<String, String> environment = Map.of(
                "TIERGATE_POLICY", policy.toString(),
                "TIERGATE_HOST", "127.0.0.1",
                "TIERGATE_PORT", Integer.toString(port),
                "TIERGATE_ADMIN_PORT", Integer.toString(adminPort),
                "TIERGATE_ORIGIN", origin.baseUrl(),
                "TIERGATE_ADMIN_TOKEN", TOKEN,
                "TIERGATE_REDIS_URL", "redis://127.0.0.1:" + sentinelPort,
                "TIERGATE_REDIS_TYPE", "sentinel",
                "TIERGATE_REDIS_MASTER_NAME", "primary",
                "TIERGATE_REDIS_KEY_PREFIX", PREFIX);

        try (GatewayProcess gateway = GatewayProcess.run(List.of(), environment)) {
            String started = gateway.awaitLine("from the environment", Duration.ofSeconds(5));
            HttpResponse<String> first = get(port, "/sim/respond/env?cache-control=max-age%3D300");
            awaitKeys(PREFIX);
            HttpResponse<String> unauthorized = get(adminPort, "/stats");
            JsonObject ready = new JsonObject(get(adminPort, "/health/ready").body());

            assertThat(started).contains("TIERGATE_REDIS_TYPE (l2.type)", "TIERGATE_ADMIN_TOKEN (--admin-token)").doesNotContain(TOKEN);
            assertThat(gateway.output()).contains("tiers L1 + L2 sentinel", "listening on http://127.0.0.1:" + port);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(unauthorized.statusCode()).as("the admin token from the environment protects the admin API").isEqualTo(401);
            assertThat(ready.getJsonObject("l2").getBoolean("connected")).isTrue();
        }
    }

    @Test
    void invalidVariableStopsTheStartNamingItWithoutAStackTrace() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\norigin: " + origin.baseUrl() + "\n");

        try (GatewayProcess gateway = GatewayProcess.start(List.of("--policy", policy.toString()), Map.of(
                "TIERGATE_REDIS_URL", "redis://127.0.0.1:" + redis.port(), "TIERGATE_REDIS_TYPE", "replica"))) {
            assertThat(gateway.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(gateway.output()).contains("TIERGATE_REDIS_TYPE (environment) l2.type: \"replica\"")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** A Sentinel monitoring the test's Redis as {@code primary}; its port. */
    private int startSentinel() throws Exception {
        int sentinelPort = freePort();
        Path config = Files.writeString(dir.resolve("sentinel.conf"), """
                port %d
                bind 127.0.0.1
                sentinel monitor primary 127.0.0.1 %d 1
                sentinel down-after-milliseconds primary 5000
                """.formatted(sentinelPort, redis.port()));
        sentinel = new ProcessBuilder("redis-server", config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
        for (int attempt = 0; attempt < 500 && !accepts(sentinelPort); attempt++) {
            Thread.sleep(20);
        }
        assertThat(accepts(sentinelPort)).as("sentinel listens").isTrue();
        return sentinelPort;
    }

    /** Waits, bounded, until the Redis behind the Sentinel holds a key with {@code prefix}: the gateway's L2 write. */
    private void awaitKeys(String prefix) throws Exception {
        for (int attempt = 0; attempt < 500; attempt++) {
            if (inline(redis.port(), "KEYS " + prefix + "*").contains(prefix)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no key with " + prefix + " in Redis: " + inline(redis.port(), "KEYS *"));
    }

    /** One inline Redis command's raw reply. */
    private static String inline(int port, String command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write((command + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(reply);
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(int port, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
