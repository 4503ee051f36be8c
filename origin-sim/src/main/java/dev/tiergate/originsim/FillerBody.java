package dev.tiergate.originsim;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Deterministic body content of a requested size, for payload-size experiments. */
final class FillerBody {

    // Printable and newline-separated so a truncated body is still easy to inspect by eye.
    private static final byte[] PATTERN =
            "origin-sim filler 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private FillerBody() {}

    static Buffer ofSize(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = PATTERN[i % PATTERN.length];
        }
        return Buffer.buffer(bytes);
    }
}
