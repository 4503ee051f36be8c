package dev.tiergate.store;

import static dev.tiergate.store.Samples.assertSameVariants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.Generations;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The binary entry format: exact round trips, and nothing but "absent" from damaged or foreign bytes. */
class EntryCodecTest {

    private static StoredResponse variant(String body, Headers headers, String cacheControl, List<String> vary, String secondaryKey,
                                          Set<String> tags) {
        return Samples.response(body, headers, CacheControl.parse(cacheControl), vary, secondaryKey, tags);
    }

    /** Two variants with vary, tags, quoted directives and non-ASCII text: a sample that exercises every field. */
    private static VariantSet rich() {
        StoredResponse english = variant("hello", Headers.of("Content-Type", "text/html; charset=utf-8", "Vary", "Accept-Language",
                        "ETag", "\"v1\"", "Set-Thing", "a", "set-thing", "b"),
                "max-age=60, no-cache=\"set-cookie, x-token\", private=\"a\\\"b\", s-maxage=120, must-revalidate",
                List.of("accept-language"), "en", new LinkedHashSet<>(List.of("page", "lang:en")));
        StoredResponse french = new StoredResponse(203, Headers.of("Content-Language", "fr", "X-Note", "café crème ✓ 日本"),
                "bonjour".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(-1), Long.MAX_VALUE, Long.MIN_VALUE, 0, -5,
                CacheControl.EMPTY, List.of("accept-language"), "fr", Set.of());
        return new VariantSet(List.of(english, french));
    }

    private static VariantSet roundTrip(VariantSet variants) {
        Optional<VariantSet> decoded = EntryCodec.decode(EntryCodec.encode(variants));
        assertThat(decoded).isPresent();
        return decoded.get();
    }

    @Test
    void roundTripsEveryField() {
        assertSameVariants(roundTrip(rich()), rich());
    }

    @Test
    void roundTripsPurgeGenerations() {
        StoredResponse stamped = rich().variants().get(0).withGenerations(new Generations(7, "product", 3, Long.MAX_VALUE,
                java.util.Map.of("product:42", 2L, "café ✓", 0L)));
        VariantSet set = new VariantSet(List.of(stamped, rich().variants().get(1)));

        VariantSet decoded = roundTrip(set);

        assertSameVariants(decoded, set);
        assertThat(decoded.variants().get(0).generations().tags()).containsEntry("café ✓", 0L);
        assertThat(decoded.variants().get(1).generations()).isEqualTo(Generations.NONE);
    }

    @Test
    void aValueOfTheFirstFormatVersionIsAbsent() {
        byte[] payload = payloadOf(EntryCodec.encode(rich()));
        payload[4] = 1;

        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
    }

    @Test
    void roundTripsQuotedDirectiveValuesThatToStringWouldSplit() {
        CacheControl directives = roundTrip(rich()).variants().get(0).directives();
        assertThat(directives.value("no-cache")).contains("set-cookie, x-token");
        assertThat(directives.value("private")).contains("a\"b");
        assertThat(directives.has("x-token")).isFalse();
    }

    @Test
    void roundTripsAnEmptyBodyAndEmptyHeaders() {
        VariantSet empty = VariantSet.of(variant("", Headers.EMPTY, "", List.of(), "", Set.of()));
        assertSameVariants(roundTrip(empty), empty);
    }

    @Test
    void roundTripsAnEmptySet() {
        assertThat(roundTrip(new VariantSet(List.of())).variants()).isEmpty();
    }

    @Test
    void roundTripsManyHeadersAndLargeBinaryBodies() {
        Headers.Builder headers = Headers.builder();
        for (int i = 0; i < 500; i++) {
            headers.add("X-Field-" + i, "value " + i + " ✓");
        }
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        StoredResponse large = new StoredResponse(200, headers.build(), body, Samples.RESPONSE_TIME, 0, 1, 2, 3,
                CacheControl.parse("public"), List.of(), "", Set.of());
        assertSameVariants(roundTrip(VariantSet.of(large)), VariantSet.of(large));
    }

    @Test
    void roundTripsTheMostVariantsASetKeeps() {
        VariantSet set = new VariantSet(List.of());
        for (int i = 0; i < VariantSet.MAX_VARIANTS; i++) {
            set = set.with(variant("v" + i, Headers.of("Vary", "X-Key"), "max-age=1", List.of("x-key"), "k" + i, Set.of("t" + i)));
        }
        assertSameVariants(roundTrip(set), set);
    }

    @Test
    void startsWithMagicAndVersion() {
        byte[] encoded = EntryCodec.encode(rich());
        assertThat(Arrays.copyOf(encoded, 5)).containsExactly('T', 'G', 'V', 'S', EntryCodec.VERSION);
    }

    @Test
    void everySingleByteFlipIsRejectedOrHarmless() {
        VariantSet sample = rich();
        byte[] encoded = EntryCodec.encode(sample);
        for (int i = 0; i < encoded.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = encoded.clone();
                damaged[i] ^= (byte) (1 << bit);
                Optional<VariantSet> decoded = EntryCodec.decode(damaged);
                // CRC32C catches every single-bit error, so in practice this is always empty.
                decoded.ifPresent(found -> assertSameVariants(found, sample));
                assertThat(decoded).as("flip byte %d bit %d", i, bit).isEmpty();
            }
        }
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] encoded = EntryCodec.encode(rich());
        for (int length = 0; length < encoded.length; length++) {
            assertThat(EntryCodec.decode(Arrays.copyOf(encoded, length))).as("length %d", length).isEmpty();
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] encoded = EntryCodec.encode(rich());
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThat(EntryCodec.decode(longer)).isEmpty();
        // Even with a valid checksum over the extra byte, the payload must end exactly.
        byte[] payload = Arrays.copyOf(encoded, encoded.length - 4 + 1);
        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
    }

    @Test
    void roundTripsTheFetchDuration() {
        VariantSet set = new VariantSet(List.of(rich().variants().get(0).withFetchMillis(1_234), rich().variants().get(1)));

        VariantSet decoded = roundTrip(set);

        assertSameVariants(decoded, set);
        assertThat(decoded.variants().get(0).fetchMillis()).isEqualTo(1_234);
    }

    @Test
    void aVersion2ValueWithoutTheFetchDurationDecodesAsAbsent() {
        // Version 2 ended each variant after its generations: drop the trailing fetch duration and relabel.
        VariantSet single = new VariantSet(List.of(rich().variants().get(1)));
        byte[] payload = payloadOf(EntryCodec.encode(single));
        byte[] version2 = Arrays.copyOf(payload, payload.length - Long.BYTES);
        version2[4] = 2;

        assertThat(EntryCodec.decode(seal(version2))).isEmpty();
    }

    @Test
    void anUnknownVersionIsRejected() {
        byte[] payload = payloadOf(EntryCodec.encode(rich()));
        payload[4] = (byte) (EntryCodec.VERSION + 1);
        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
        payload[4] = 0;
        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] payload = payloadOf(EntryCodec.encode(rich()));
        payload[0] = 'X';
        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
    }

    @Test
    void absurdLengthsAreRejectedWithoutAllocating() {
        // A correctly sealed value claiming huge counts and lengths: each must be refused before any
        // allocation, or this test would run out of memory.
        for (int value : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE / 2, 1 << 30, -1, Integer.MIN_VALUE}) {
            ByteBuffer variants = ByteBuffer.allocate(9).put(new byte[] {'T', 'G', 'V', 'S', EntryCodec.VERSION}).putInt(value);
            assertThat(EntryCodec.decode(seal(variants.array()))).as("variant count %d", value).isEmpty();

            ByteBuffer headerCount = ByteBuffer.allocate(5 + 4 + 4 + 4 + 64)
                    .put(new byte[] {'T', 'G', 'V', 'S', EntryCodec.VERSION}).putInt(1).putInt(200).putInt(value);
            assertThat(EntryCodec.decode(seal(headerCount.array()))).as("header count %d", value).isEmpty();

            ByteBuffer bodyLength = ByteBuffer.allocate(5 + 4 + 4 + 4 + 4 + 64)
                    .put(new byte[] {'T', 'G', 'V', 'S', EntryCodec.VERSION}).putInt(1).putInt(200).putInt(0).putInt(value);
            assertThat(EntryCodec.decode(seal(bodyLength.array()))).as("body length %d", value).isEmpty();
        }
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] encoded = EntryCodec.encode(VariantSet.of(variant("", Headers.of("X", "é"), "", List.of(), "", Set.of())));
        byte[] payload = payloadOf(encoded);
        // The header value "é" is C3 A9; a lone continuation byte is not UTF-8.
        int at = indexOf(payload, new byte[] {(byte) 0xC3, (byte) 0xA9});
        payload[at] = (byte) 0xA9;
        assertThat(EntryCodec.decode(seal(payload))).isEmpty();
    }

    @Test
    void sealedRandomPayloadsNeverThrow() {
        Random random = new Random(42);
        byte[] valid = payloadOf(EntryCodec.encode(rich()));
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = valid.clone();
            // A few random bytes changed, then re-sealed: exercises the parser itself, past the checksum.
            for (int changes = 1 + random.nextInt(4); changes > 0; changes--) {
                payload[5 + random.nextInt(payload.length - 5)] = (byte) random.nextInt(256);
            }
            EntryCodec.decode(seal(payload));
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertThat(EntryCodec.decode(junk)).isEmpty();
            assertThat(EntryCodec.decode(seal(junk))).isEmpty();
        }
    }

    @Test
    void nullAndEmptyAreAbsent() {
        assertThat(EntryCodec.decode(null)).isEmpty();
        assertThat(EntryCodec.decode(new byte[0])).isEmpty();
    }

    private static byte[] payloadOf(byte[] encoded) {
        return Arrays.copyOf(encoded, encoded.length - 4);
    }

    /** {@code payload} followed by its CRC32C, as the encoder frames it. */
    private static byte[] seal(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(payload.length + 4).put(payload).putInt((int) crc.getValue()).array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found.add(i);
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
