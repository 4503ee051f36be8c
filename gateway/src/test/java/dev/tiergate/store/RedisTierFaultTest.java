package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static dev.tiergate.store.Samples.await;
import static dev.tiergate.store.Samples.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.VariantSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis tier when Redis dies or stalls: calls fail promptly as failed futures, and recover. */
class RedisTierFaultTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    /**
     * How soon a failure must arrive: the timeout plus room for a loaded machine (timers were seen
     * firing about a second late with a load of 8 on 2 cores), yet well short of the stall below, so
     * passing still proves the call gave up rather than waited for Redis.
     */
    private static final Duration PROMPT = TIMEOUT.plusMillis(2_300);
    private static final Duration STALL = Duration.ofMillis(4_000);

    private static RedisServerProcess server;
    private static Vertx vertx;
    private static RedisTier tier;

    @BeforeAll
    static void start() throws IOException {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        tier = new RedisTier(vertx, new RedisTierOptions().setConnectionString(server.uri()).setCommandTimeout(TIMEOUT));
    }

    @AfterAll
    static void stop() {
        RedisTierContractTest.shutDown(tier, vertx, () -> {
            if (server != null) {
                server.stop();
            }
        });
    }

    @BeforeEach
    void serverRunning() throws IOException {
        if (!server.isAlive()) {
            server.restart();
        }
        awaitWorking();
    }

    /** Polls until a put and get go through: the pool may still hold connections to the previous process. */
    private static void awaitWorking() {
        Samples.eventually(STALL.plusSeconds(6), "tier working", () -> {
            try {
                await(tier.put("probe", Samples.entry("probe"), Duration.ofSeconds(60)), PROMPT);
                return await(tier.get("probe"), PROMPT).isPresent();
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    void aKilledRedisFailsCallsPromptlyAndARestartRecovers() throws IOException {
        await(tier.put("k", Samples.entry("before"), Duration.ofSeconds(60)));
        server.kill();

        assertThat(awaitFailure(tier.get("k"), PROMPT)).isNotNull();
        assertThat(awaitFailure(tier.put("k", Samples.entry("during"), Duration.ofSeconds(60)), PROMPT)).isNotNull();
        assertThat(awaitFailure(tier.remove("k"), PROMPT)).isNotNull();
        assertThat(awaitFailure(tier.clear(), PROMPT)).isNotNull();

        server.restart();
        awaitWorking();
        // No persistence: the restarted server is empty, and the tier stores and serves again.
        assertThat(await(tier.get("k"))).isEmpty();
        await(tier.put("k", Samples.entry("after"), Duration.ofSeconds(60)));
        assertSameVariants(await(tier.get("k")), Samples.entry("after"));
    }

    @Test
    void aStalledRedisFailsCallsByTimeout() throws IOException {
        await(tier.put("slow", Samples.entry("x"), Duration.ofSeconds(60)));
        try (RespClient admin = new RespClient(server.port())) {
            // Every client's commands wait, as under a long-running command or a failover.
            admin.call("CLIENT", "PAUSE", STALL.toMillis(), "ALL");
        }
        long started = System.nanoTime();
        // Both issued at once, so both must give up while Redis is still stalled.
        Future<Optional<VariantSet>> get = tier.get("slow");
        Future<Void> put = tier.put("slow", Samples.entry("y"), Duration.ofSeconds(60));
        Throwable getFailure = awaitFailure(get, PROMPT);
        Throwable putFailure = awaitFailure(put, PROMPT);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(getFailure).isInstanceOf(TimeoutException.class);
        assertThat(putFailure).isInstanceOf(TimeoutException.class);
        assertThat(elapsedMillis).isBetween(TIMEOUT.toMillis() - 20, STALL.toMillis() - 500);

        // Once the pause ends the late replies are drained in order and the tier works again.
        awaitWorking();
        assertThat(await(tier.get("slow"))).isPresent();
    }
}
