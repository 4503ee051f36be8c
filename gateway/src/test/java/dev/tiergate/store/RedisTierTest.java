package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static dev.tiergate.store.Samples.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis tier against the tier contract and its Redis-specific behaviour, on a real standalone server. */
class RedisTierTest extends RedisTierContractTest {

    private static final String PREFIX = "test:";

    private static RedisServerProcess server;
    private static Vertx vertx;
    private static RedisTier tier;

    @BeforeAll
    static void start() throws IOException {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        // A generous timeout: these tests are about behaviour, not latency, and must not flake on a busy machine.
        tier = new RedisTier(vertx, new RedisTierOptions().setConnectionString(server.uri()).setKeyPrefix(PREFIX)
                .setCommandTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        RedisTierContractTest.shutDown(tier, vertx, () -> {
            if (server != null) {
                server.stop();
            }
        });
    }

    @Override
    protected Tier tier() {
        return tier;
    }

    private static Object raw(Object... command) {
        try (RespClient client = new RespClient(server.port())) {
            return client.call(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void entriesLiveUnderThePrefixWithAMillisecondExpiry() {
        await(tier.put("k1", Samples.entry("x"), Duration.ofSeconds(60)));
        assertThat(raw("EXISTS", PREFIX + "e:k1")).isEqualTo(1L);
        assertThat((Long) raw("PTTL", PREFIX + "e:k1")).isBetween(1L, 60_000L);
    }

    @Test
    void aCorruptValueIsAMissAndIsDeleted() {
        raw("SET", PREFIX + "e:corrupt", "not an entry");
        assertThat(await(tier.get("corrupt"))).isEmpty();
        Samples.eventually(Duration.ofSeconds(5), "corrupt value deleted", () -> raw("EXISTS", PREFIX + "e:corrupt").equals(0L));
    }

    @Test
    void aValueOfAnotherFormatVersionIsAMissAndIsDeleted() {
        byte[] encoded = EntryCodec.encode(Samples.entry("future"));
        encoded[4] = (byte) (EntryCodec.VERSION + 1);
        // Re-seal it, so only the version is wrong, as a value written by a newer gateway would be.
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, encoded.length - 4);
        ByteBuffer.wrap(encoded, encoded.length - 4, 4).putInt((int) crc.getValue());
        raw("SET", PREFIX + "e:future", encoded);
        assertThat(await(tier.get("future"))).isEmpty();
        Samples.eventually(Duration.ofSeconds(5), "foreign value deleted", () -> raw("EXISTS", PREFIX + "e:future").equals(0L));
    }

    @Test
    void clearLeavesKeysOutsideThePrefix() {
        raw("SET", "other:keep", "1");
        raw("SET", "test-not-prefix", "1");
        await(tier.put("gone", Samples.entry("x"), Duration.ofSeconds(60)));
        await(tier.clear());
        assertThat(raw("EXISTS", "other:keep", "test-not-prefix")).isEqualTo(2L);
        assertThat(await(tier.get("gone"))).isEmpty();
    }

    @Test
    void clearWalksMoreThanOneScanPage() throws IOException {
        try (RespClient client = new RespClient(server.port())) {
            for (int i = 0; i < 1_200; i++) {
                client.call("SET", PREFIX + "e:bulk-" + i, "v");
            }
        }
        await(tier.clear(), Duration.ofSeconds(10));
        assertThat(raw("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", PREFIX + "*")).isEqualTo(0L);
    }

    @Test
    void unicodeKeysAndBinaryBodiesSurvive() {
        String key = "https://example.test/ünïcødé/✓";
        await(tier.put(key, Samples.entry("body ✓ \u0000 end"), Duration.ofSeconds(60)));
        assertSameVariants(await(tier.get(key)), Samples.entry("body ✓ \u0000 end"));
        assertThat(raw("EXISTS", (PREFIX + "e:" + key).getBytes(StandardCharsets.UTF_8))).isEqualTo(1L);
    }
}
