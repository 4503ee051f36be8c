package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.VariantSet;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection settings users deploy with: ACL users with passwords, and masters found through Sentinel. */
class RedisAuthAndSentinelTest {

    private final Vertx vertx = Vertx.vertx();
    private RedisServerProcess server;
    private Process sentinel;
    private RedisTier tier;

    @AfterEach
    void stop() {
        if (tier != null) {
            Samples.await(tier.close());
        }
        if (sentinel != null) {
            sentinel.destroyForcibly();
        }
        if (server != null) {
            server.stop();
        }
        vertx.close().await();
    }

    @Test
    void aclUserWithPasswordCanUseTheTierAndAWrongPasswordCannot() throws IOException {
        server = RedisServerProcess.start(List.of("--user", "tiergate", "on", ">s3cret", "~*", "&*", "+@all"),
                false);
        tier = new RedisTier(vertx, new RedisTierOptions().setConnectionString("redis://tiergate:s3cret@127.0.0.1:" + server.port())
                .setCommandTimeout(Duration.ofSeconds(2)));
        RedisTier intruder = new RedisTier(vertx, new RedisTierOptions()
                .setConnectionString("redis://tiergate:wrong@127.0.0.1:" + server.port()).setCommandTimeout(Duration.ofSeconds(2)));

        Samples.await(tier.put("k", Samples.entry("body"), Duration.ofMinutes(1)));

        Samples.assertSameVariants(Samples.await(tier.get("k")), Samples.entry("body"));
        assertThat(Samples.awaitFailure(intruder.get("k"), Duration.ofSeconds(5))).isNotNull();
        Samples.await(intruder.close());
    }

    @Test
    void masterIsFoundThroughSentinel() throws Exception {
        server = RedisServerProcess.start();
        int sentinelPort = RedisServerProcess.freePort(false);
        Path config = Files.createTempDirectory("tiergate-sentinel").resolve("sentinel.conf");
        Files.writeString(config, """
                port %d
                bind 127.0.0.1
                sentinel monitor primary 127.0.0.1 %d 1
                sentinel down-after-milliseconds primary 5000
                """.formatted(sentinelPort, server.port()));
        sentinel = new ProcessBuilder("redis-server", config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(config.resolveSibling("sentinel.log").toFile()).start();
        Samples.eventually(Duration.ofSeconds(10), "sentinel to listen", () -> accepts(sentinelPort));

        tier = new RedisTier(vertx, new RedisTierOptions().setType(RedisTierOptions.Type.SENTINEL)
                .setEndpoints(List.of("redis://127.0.0.1:" + sentinelPort)).setMasterName("primary")
                .setCommandTimeout(Duration.ofSeconds(2)));
        VariantSet entry = Samples.entry("through sentinel");
        Samples.eventually(Duration.ofSeconds(10), "a write through sentinel", () -> {
            try {
                Samples.await(tier.put("s", entry, Duration.ofMinutes(1)), Duration.ofSeconds(3));
                return true;
            } catch (RuntimeException | AssertionError e) {
                return false;
            }
        });

        Optional<VariantSet> read = Samples.await(tier.get("s"));
        Samples.assertSameVariants(read, entry);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
