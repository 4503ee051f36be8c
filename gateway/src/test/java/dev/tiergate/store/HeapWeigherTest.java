package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeapWeigherTest {

    private static final String KEY = "0".repeat(64);

    private final SharedNames names = new SharedNames(SharedNames.DEFAULT_MAX_NAMES);
    private final HeapWeigher weigher = new HeapWeigher(names);

    private static VariantSet entry(String body, Headers headers) {
        return VariantSet.of(Samples.response(body, headers, CacheControl.EMPTY, List.of(), "", Set.of()));
    }

    @Test
    void anEmptyResponseCostsTheObjectsEveryEntryHas() {
        // The key (24 + 16 + 64) and two empty arrays: the body's and the header list's (16 each).
        assertThat(weigher.weigh(KEY, "", entry("", Headers.EMPTY)))
                .isEqualTo(HeapWeigher.PER_ENTRY + 104 + HeapWeigher.PER_VARIANT + 16 + 16);
    }

    @Test
    void countsTheBodyByteForByteAndItsArrayHeaderOnce() {
        int small = weigher.weigh(KEY, "", entry("x".repeat(1024), Headers.EMPTY));
        int large = weigher.weigh(KEY, "", entry("x".repeat(2024), Headers.EMPTY));
        assertThat(large - small).isEqualTo(1000);
    }

    @Test
    void aFieldCostsItsEntryAndBothStringsUntilItsNameIsShared() {
        Headers one = Headers.of("Content-Type", "text/plain");
        int without = weigher.weigh(KEY, "", entry("", Headers.EMPTY));
        int unshared = weigher.weigh(KEY, "", entry("", one));
        // Array slot and entry (28), then "Content-Type" (24 + 16 + 12 -> 56) and "text/plain" (24 + 16 + 10 -> 56).
        assertThat(unshared - without).isEqualTo(8 + 28 + 56 + 56);

        VariantSet compacted = names.compact(entry("", one));
        assertThat(weigher.weigh(KEY, "", compacted)).isEqualTo(unshared - 56);
    }

    @Test
    void countsNonLatinTextAtTwoBytesACharacter() {
        assertThat(HeapWeigher.string("abcd")).isEqualTo(24 + 24);
        assertThat(HeapWeigher.string("абвг")).isEqualTo(24 + 24);
        assertThat(HeapWeigher.string("абвгде")).isEqualTo(24 + 32);
    }

    @Test
    void countsTheParsedDirectivesOfTheEntry() {
        VariantSet plain = entry("", Headers.EMPTY);
        VariantSet withDirectives = VariantSet.of(Samples.response("", Headers.EMPTY, CacheControl.parse("public, max-age=60"),
                List.of(), "", Set.of()));
        assertThat(weigher.weigh(KEY, "", withDirectives)).isGreaterThan(weigher.weigh(KEY, "", plain) + 2 * 40);
    }
}
