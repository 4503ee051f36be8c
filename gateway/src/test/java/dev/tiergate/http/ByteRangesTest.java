package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.ByteRanges.Full;
import dev.tiergate.http.ByteRanges.Partial;
import dev.tiergate.http.ByteRanges.Slice;
import dev.tiergate.http.ByteRanges.Spec;
import dev.tiergate.http.ByteRanges.Unsatisfiable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    private static final long TEN = 10;

    private static List<Slice> slices(String range, long length) {
        return ((Partial) ByteRanges.resolve(range, length)).slices();
    }

    @Test
    void parsesEachFormOfRangeSpec() {
        assertThat(ByteRanges.parse("bytes=0-499")).hasValue(List.of(new Spec(0, 499)));
        assertThat(ByteRanges.parse("bytes=500-")).hasValue(List.of(new Spec(500, -1)));
        assertThat(ByteRanges.parse("bytes=-500")).hasValue(List.of(new Spec(-1, 500)));
        assertThat(ByteRanges.parse("bytes=0-0,-1")).hasValue(List.of(new Spec(0, 0), new Spec(-1, 1)));
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceAroundMembersIsAllowed() {
        assertThat(ByteRanges.parse("Bytes=0-1 , 3-4")).hasValue(List.of(new Spec(0, 1), new Spec(3, 4)));
        assertThat(ByteRanges.parse("BYTES=0-1,,")).hasValue(List.of(new Spec(0, 1)));
    }

    @ParameterizedTest(name = "[{0}] is ignored")
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=,", "items=0-1", "bytes 0-1", "bytes=1", "bytes=a-b", "bytes=1-a",
        "bytes=5-4", "bytes=--1", "bytes=-", "bytes=0-1,x", "bytes=+1-2", "bytes=1 -2", "bytes=0x1-2", "bytes=-1-2",
        "bytes=1234567890123456789-", "bytes=0-1;q=1"})
    void malformedValuesAreIgnored(String value) {
        // RFC 9110 §14.2: an invalid ranges-specifier is ignored; the whole representation is served.
        assertThat(ByteRanges.parse(value)).isEmpty();
        assertThat(ByteRanges.resolve(value, TEN)).isEqualTo(new Full("malformed"));
    }

    @Test
    void aValueLongerThanTheLimitIsIgnored() {
        String longValue = "bytes=" + "0-0,".repeat(300);
        assertThat(ByteRanges.resolve(longValue, TEN)).isEqualTo(new Full("malformed"));
    }

    @Test
    void singleRangesAreClippedToTheLength() {
        assertThat(slices("bytes=0-1", TEN)).containsExactly(new Slice(0, 1));
        assertThat(slices("bytes=1-", TEN)).containsExactly(new Slice(1, 9));
        assertThat(slices("bytes=8-100", TEN)).containsExactly(new Slice(8, 9));
        assertThat(slices("bytes=9-9", TEN)).containsExactly(new Slice(9, 9));
        assertThat(slices("bytes=0-", TEN)).containsExactly(new Slice(0, 9));
    }

    @Test
    void suffixRangesTakeTheLastBytesOrTheWholeRepresentation() {
        assertThat(slices("bytes=-1", TEN)).containsExactly(new Slice(9, 9));
        assertThat(slices("bytes=-3", TEN)).containsExactly(new Slice(7, 9));
        // "If the selected representation is shorter than the specified suffix-length, the entire representation is used."
        assertThat(slices("bytes=-100", TEN)).containsExactly(new Slice(0, 9));
    }

    @Test
    void rangesThatStartBeyondTheEndAreUnsatisfiable() {
        assertThat(ByteRanges.resolve("bytes=10-", TEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.resolve("bytes=10-20, 30-40", TEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.resolve("bytes=-0", TEN)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.resolve("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(ByteRanges.resolve("bytes=-5", 0)).isInstanceOf(Unsatisfiable.class);
    }

    @Test
    void unsatisfiableMembersAreDroppedWhenOthersAreSatisfiable() {
        assertThat(slices("bytes=20-30, 2-3", TEN)).containsExactly(new Slice(2, 3));
    }

    @Test
    void severalRangesAreSortedAndKeptApart() {
        assertThat(slices("bytes=6-7, 0-1", TEN)).containsExactly(new Slice(0, 1), new Slice(6, 7));
        assertThat(slices("bytes=0-0, -1", TEN)).containsExactly(new Slice(0, 0), new Slice(9, 9));
    }

    @Test
    void overlappingAndAdjacentRangesAreCoalesced() {
        assertThat(slices("bytes=0-3, 2-5", TEN)).containsExactly(new Slice(0, 5));
        assertThat(slices("bytes=0-1, 2-3", TEN)).containsExactly(new Slice(0, 3));
        assertThat(slices("bytes=4-5, 0-1, 1-2", TEN)).containsExactly(new Slice(0, 2), new Slice(4, 5));
        assertThat(slices("bytes=0-9, 3-4", TEN)).containsExactly(new Slice(0, 9));
    }

    @Test
    void twoOverlapsAreCoalescedButMoreAreIgnored() {
        // RFC 9110 §14.2: "A server that supports range requests MAY ignore or reject a Range header field that contains
        // ... more than two overlapping ranges".
        assertThat(slices("bytes=0-5, 1-5, 2-5", TEN)).containsExactly(new Slice(0, 5));
        assertThat(ByteRanges.resolve("bytes=0-5, 1-5, 2-5, 3-5", TEN)).isEqualTo(new Full("overlapping-ranges"));
    }

    @Test
    void moreRangesThanTheLimitAreIgnored() {
        StringBuilder sixteen = new StringBuilder("bytes=");
        for (int i = 0; i < ByteRanges.MAX_RANGES; i++) {
            sixteen.append(i * 2).append('-').append(i * 2).append(',');
        }
        assertThat(slices(sixteen.toString(), 100)).hasSize(ByteRanges.MAX_RANGES);
        assertThat(ByteRanges.resolve(sixteen + "90-90", 100)).isEqualTo(new Full("too-many-ranges"));
    }

    @Test
    void contentRangeNamesBothEndsAndTheLength() {
        assertThat(new Slice(0, 1).contentRange(TEN)).isEqualTo("bytes 0-1/10");
        assertThat(new Slice(0, 1).lengthBytes()).isEqualTo(2);
        assertThat(ByteRanges.unsatisfiedRange(TEN)).isEqualTo("bytes */10");
    }
}
