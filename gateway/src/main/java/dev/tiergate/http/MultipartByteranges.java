package dev.tiergate.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code multipart/byteranges} body of a 206 with several ranges (RFC 9110 §14.6): one part per range,
 * each with its Content-Range and the representation's Content-Type.
 */
public final class MultipartByteranges {

    private static final byte[] CRLF = {'\r', '\n'};

    private MultipartByteranges() {
    }

    /** The Content-Type of the 206 that carries the parts. */
    public static String contentType(String boundary) {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /**
     * The parts of {@code representation} for these ranges, separated by {@code boundary}.
     *
     * @param boundary a token (RFC 2046 §5.1.1) the caller chose not to appear in the representation
     * @param contentType the representation's Content-Type, repeated in every part
     */
    public static byte[] body(String boundary, Optional<String> contentType, List<ByteRanges.Slice> slices, byte[] representation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteRanges.Slice slice : slices) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
            contentType.ifPresent(type -> head.append("Content-Type: ").append(type).append("\r\n"));
            head.append("Content-Range: ").append(slice.contentRange(representation.length)).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(representation, (int) slice.first(), (int) slice.lengthBytes());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
