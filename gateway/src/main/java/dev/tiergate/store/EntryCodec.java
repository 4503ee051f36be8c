package dev.tiergate.store;

import dev.tiergate.cache.Generations;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The binary form of a {@link VariantSet} in a shared tier.
 *
 * <p>Layout (all integers big-endian; a <em>string</em> is an int32 byte length then UTF-8; a
 * <em>list</em> is an int32 count then its items):
 * <pre>
 *   magic      4 bytes  'T' 'G' 'V' 'S'
 *   version    1 byte   {@value #VERSION}
 *   variants   list of:
 *     status              int32
 *     headers             list of (name string, value string), in order
 *     body                int32 length + bytes
 *     responseTime        int64 epoch milliseconds
 *     initialAgeSeconds   int64
 *     lifetimeSeconds     int64
 *     staleWhileRevalidateSeconds int64
 *     staleIfErrorSeconds int64
 *     directives          string, Cache-Control text
 *     varyFields          list of string
 *     secondaryKey        string
 *     tags                list of string
 *     generations         the purge stamp:
 *       all               int64
 *       route             string
 *       routeGeneration   int64
 *       family            int64
 *       tags              list of (tag string, generation int64)
 *     fetchMillis         int64, how long the fetch that produced it took
 *   checksum   4 bytes  CRC32C of every byte before it
 * </pre>
 * The response time keeps millisecond precision only. Anything that does not decode exactly,
 * with nothing left over, is treated as absent: a shared store may hold values written by
 * another version, truncated by a failure, or corrupted, and none of those may break a request.
 */
public final class EntryCodec {

    /**
     * The only format this code writes and reads; a new layout gets a new number. 2 added the purge
     * generations, 3 the fetch duration (for early refresh); a value of an older version decodes as absent, so
     * it is refetched and rewritten once.
     */
    public static final byte VERSION = 3;

    private static final byte[] MAGIC = {'T', 'G', 'V', 'S'};
    private static final int CHECKSUM_BYTES = Integer.BYTES;
    private static final int MIN_STRING_BYTES = Integer.BYTES;
    /** The fixed-width part of a variant: status, nine int64s, and the eight lengths or counts. */
    private static final int MIN_VARIANT_BYTES = Integer.BYTES * 9 + Long.BYTES * 9;
    /** A stamped tag: its string's length and its generation. */
    private static final int MIN_TAG_GENERATION_BYTES = MIN_STRING_BYTES + Long.BYTES;

    private EntryCodec() {
    }

    /** The bytes of {@code variants}, checksum included. */
    public static byte[] encode(VariantSet variants) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + variants.sizeBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(variants.variants().size());
            for (StoredResponse variant : variants.variants()) {
                writeVariant(out, variant);
            }
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; this only satisfies the stream API.
            throw new UncheckedIOException(e);
        }
        byte[] payload = bytes.toByteArray();
        byte[] framed = new byte[payload.length + CHECKSUM_BYTES];
        System.arraycopy(payload, 0, framed, 0, payload.length);
        ByteBuffer.wrap(framed, payload.length, CHECKSUM_BYTES).putInt(checksum(payload, payload.length));
        return framed;
    }

    /** The variant set in {@code bytes}, or empty for anything that is not a complete, intact value of this version. */
    public static Optional<VariantSet> decode(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length + 1 + Integer.BYTES + CHECKSUM_BYTES) {
            return Optional.empty();
        }
        int end = bytes.length - CHECKSUM_BYTES;
        if (ByteBuffer.wrap(bytes, end, CHECKSUM_BYTES).getInt() != checksum(bytes, end)) {
            return Optional.empty();
        }
        BoundedReader in = new BoundedReader(bytes, end);
        try {
            for (byte expected : MAGIC) {
                if (in.readByte() != expected) {
                    return Optional.empty();
                }
            }
            if (in.readByte() != VERSION) {
                return Optional.empty();
            }
            int count = in.readCount(MIN_VARIANT_BYTES);
            List<StoredResponse> variants = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                variants.add(readVariant(in));
            }
            return in.remaining() == 0 ? Optional.of(new VariantSet(variants)) : Optional.empty();
        } catch (BoundedReader.MalformedException e) {
            return Optional.empty();
        }
    }

    private static void writeVariant(DataOutputStream out, StoredResponse variant) throws IOException {
        out.writeInt(variant.status());
        List<Map.Entry<String, String>> fields = variant.headers().entries();
        out.writeInt(fields.size());
        for (Map.Entry<String, String> field : fields) {
            writeString(out, field.getKey());
            writeString(out, field.getValue());
        }
        out.writeInt(variant.body().length);
        out.write(variant.body());
        out.writeLong(variant.responseTime().toEpochMilli());
        out.writeLong(variant.initialAgeSeconds());
        out.writeLong(variant.lifetimeSeconds());
        out.writeLong(variant.staleWhileRevalidateSeconds());
        out.writeLong(variant.staleIfErrorSeconds());
        writeString(out, DirectivesText.format(variant.directives()));
        writeStrings(out, variant.varyFields());
        writeString(out, variant.secondaryKey());
        writeStrings(out, variant.tags());
        Generations stamp = variant.generations();
        out.writeLong(stamp.all());
        writeString(out, stamp.route());
        out.writeLong(stamp.routeGeneration());
        out.writeLong(stamp.family());
        out.writeInt(stamp.tags().size());
        for (Map.Entry<String, Long> tag : stamp.tags().entrySet()) {
            writeString(out, tag.getKey());
            out.writeLong(tag.getValue());
        }
        out.writeLong(variant.fetchMillis());
    }

    private static StoredResponse readVariant(BoundedReader in) throws BoundedReader.MalformedException {
        int status = in.readInt();
        int fieldCount = in.readCount(2 * MIN_STRING_BYTES);
        Headers.Builder headers = Headers.builder();
        for (int i = 0; i < fieldCount; i++) {
            headers.add(in.readString(), in.readString());
        }
        byte[] body = in.readBytes();
        Instant responseTime = Instant.ofEpochMilli(in.readLong());
        long initialAge = in.readLong();
        long lifetime = in.readLong();
        long staleWhileRevalidate = in.readLong();
        long staleIfError = in.readLong();
        CacheControl directives = CacheControl.parse(in.readString());
        List<String> varyFields = List.copyOf(readStrings(in));
        String secondaryKey = in.readString();
        Set<String> tags = Collections.unmodifiableSet(new LinkedHashSet<>(readStrings(in)));
        Generations generations = readGenerations(in);
        long fetchMillis = in.readLong();
        if (fetchMillis < 0) {
            throw new BoundedReader.MalformedException("negative fetch duration");
        }
        return new StoredResponse(status, headers.build(), body, responseTime, initialAge, lifetime,
                staleWhileRevalidate, staleIfError, directives, varyFields, secondaryKey, tags, generations, fetchMillis);
    }

    private static Generations readGenerations(BoundedReader in) throws BoundedReader.MalformedException {
        long all = in.readLong();
        String route = in.readString();
        long routeGeneration = in.readLong();
        long family = in.readLong();
        int count = in.readCount(MIN_TAG_GENERATION_BYTES);
        Map<String, Long> tags = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            tags.put(in.readString(), in.readLong());
        }
        return new Generations(all, route, routeGeneration, family, tags);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeStrings(DataOutputStream out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static List<String> readStrings(BoundedReader in) throws BoundedReader.MalformedException {
        int count = in.readCount(MIN_STRING_BYTES);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readString());
        }
        return values;
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
