package dev.tiergate.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian primitives and length-prefixed fields from untrusted bytes. Every length is
 * checked against what is left before anything is allocated, so a corrupt or hostile value can
 * make decoding fail but never make it allocate gigabytes or read past the end.
 */
final class BoundedReader {

    /** Thrown for anything unreadable; decoding turns it into "no value". */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private final ByteBuffer buffer;

    /** Reads {@code bytes[0, end)}. */
    BoundedReader(byte[] bytes, int end) {
        this.buffer = ByteBuffer.wrap(bytes, 0, end);
    }

    int remaining() {
        return buffer.remaining();
    }

    byte readByte() throws MalformedException {
        require(1);
        return buffer.get();
    }

    int readInt() throws MalformedException {
        require(Integer.BYTES);
        return buffer.getInt();
    }

    long readLong() throws MalformedException {
        require(Long.BYTES);
        return buffer.getLong();
    }

    /**
     * A count of items that each take at least {@code minItemBytes}, rejected when negative or when
     * that many items could not possibly fit in what is left.
     */
    int readCount(int minItemBytes) throws MalformedException {
        int count = readInt();
        if (count < 0 || (long) count * minItemBytes > buffer.remaining()) {
            throw new MalformedException("count " + count + " exceeds remaining " + buffer.remaining());
        }
        return count;
    }

    byte[] readBytes() throws MalformedException {
        int length = readCount(1);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** Strict UTF-8: malformed sequences are corruption, not something to paper over with U+FFFD. */
    String readString() throws MalformedException {
        int length = readCount(1);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("invalid UTF-8");
        }
    }

    private void require(int bytes) throws MalformedException {
        if (buffer.remaining() < bytes) {
            throw new MalformedException("truncated");
        }
    }
}
