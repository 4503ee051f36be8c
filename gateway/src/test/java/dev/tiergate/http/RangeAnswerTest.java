package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeAnswerTest {

    private static final Headers STORED = Headers.of("ETag", "\"v1\"", "Content-Type", "text/plain");

    @Test
    void aGetWithRangeOnAStored200IsPartial() {
        assertThat(RangeAnswer.of("GET", Headers.of("Range", "bytes=0-1"), 200, STORED, 10))
                .isEqualTo(new ByteRanges.Partial(List.of(new ByteRanges.Slice(0, 1))));
    }

    @Test
    void withoutRangeOrForOtherMethodsTheResponseIsFull() {
        assertThat(RangeAnswer.of("GET", Headers.EMPTY, 200, STORED, 10)).isEqualTo(new ByteRanges.Full("no-range"));
        // "GET is the only method for which range handling is defined."
        assertThat(RangeAnswer.of("HEAD", Headers.of("Range", "bytes=0-1"), 200, STORED, 10)).isEqualTo(new ByteRanges.Full("method"));
    }

    @Test
    void onlyA200IsCut() {
        assertThat(RangeAnswer.of("GET", Headers.of("Range", "bytes=0-1"), 404, STORED, 10)).isEqualTo(new ByteRanges.Full("status"));
    }

    @Test
    void aFailedIfRangeGivesTheWholeRepresentation() {
        assertThat(RangeAnswer.of("GET", Headers.of("Range", "bytes=0-1", "If-Range", "\"v2\""), 200, STORED, 10))
                .isEqualTo(new ByteRanges.Full("if-range"));
        assertThat(RangeAnswer.of("GET", Headers.of("Range", "bytes=0-1", "If-Range", "\"v1\""), 200, STORED, 10))
                .isInstanceOf(ByteRanges.Partial.class);
    }

    @Test
    void anIfRangeWithoutRangeIsIgnored() {
        assertThat(RangeAnswer.of("GET", Headers.of("If-Range", "\"v2\""), 200, STORED, 10)).isEqualTo(new ByteRanges.Full("no-range"));
    }

    @Test
    void unsatisfiableRangesAreReported() {
        assertThat(RangeAnswer.of("GET", Headers.of("Range", "bytes=10-"), 200, STORED, 10)).isInstanceOf(ByteRanges.Unsatisfiable.class);
    }
}
