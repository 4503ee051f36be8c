package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultipartByterangesTest {

    @Test
    void eachPartCarriesTheTypeAndItsRangeAndTheBodyEndsWithTheCloseDelimiter() {
        byte[] body = MultipartByteranges.body("B", Optional.of("text/plain"),
                List.of(new ByteRanges.Slice(0, 1), new ByteRanges.Slice(8, 9)), "0123456789".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n"
                + "--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n--B--\r\n");
        assertThat(MultipartByteranges.contentType("B")).isEqualTo("multipart/byteranges; boundary=B");
    }

    @Test
    void aRepresentationWithoutTypeHasPartsWithoutOne() {
        byte[] body = MultipartByteranges.body("B", Optional.empty(), List.of(new ByteRanges.Slice(0, 0), new ByteRanges.Slice(2, 2)),
                "abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(body, StandardCharsets.US_ASCII))
                .isEqualTo("--B\r\nContent-Range: bytes 0-0/3\r\n\r\na\r\n--B\r\nContent-Range: bytes 2-2/3\r\n\r\nc\r\n--B--\r\n");
    }
}
