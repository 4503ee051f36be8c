package dev.tiergate.store;

import dev.tiergate.cache.Generations;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.util.Map;
import java.util.Optional;

/**
 * What an L1 entry costs in heap, so that {@code l1.maxSize} bounds memory rather than payload. The
 * sizes are those of a 64-bit HotSpot JVM with compressed references (the default below 32 GiB of
 * heap): 12-byte object headers, 4-byte references, 8-byte alignment, Latin-1 strings at one byte a
 * character. {@code bench/l1-memory.sh} sets this estimate beside the live heap a fill really takes.
 *
 * <p>Shared objects are not counted: the empty collections and stamps every entry points to, and the
 * header names {@link SharedNames} makes one instance of across entries.
 */
final class HeapWeigher {

    private final SharedNames names;

    // Per entry, in the cache: Caffeine's node for a weighed, expiring entry (56), its ConcurrentHashMap
    // node (32) and table slot at the usual load (8), the Held record (32), the VariantSet (16) and its list (24).
    static final int PER_ENTRY = 56 + 32 + 8 + 32 + 16 + 24;
    // Per variant: the StoredResponse record (88), its Instant (24), the Headers object and its list (16 + 16),
    // and the generation stamp (48).
    static final int PER_VARIANT = 88 + 24 + 16 + 16 + 48;
    // Per header field: its Map.Entry (24) and a slot in the list's array (4).
    static final int PER_FIELD = 24 + 4;

    HeapWeigher(SharedNames names) {
        this.names = names;
    }

    /** The heap an entry takes: its key, its canonical URL and every variant. */
    int weigh(String key, String canonical, VariantSet variants) {
        long size = PER_ENTRY + string(key) + (canonical.isEmpty() ? 0 : string(canonical));
        for (StoredResponse variant : variants.variants()) {
            size += variant(variant);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    long variant(StoredResponse variant) {
        long size = PER_VARIANT + array(variant.body().length) + headers(variant.headers()) + directives(variant.directives())
                + (variant.secondaryKey().isEmpty() ? 0 : string(variant.secondaryKey())) + generations(variant.generations());
        for (String field : variant.varyFields()) {
            size += string(field) + 4;
        }
        for (String tag : variant.tags()) {
            size += string(tag) + 8;
        }
        return size;
    }

    private long headers(Headers headers) {
        long size = array(4L * headers.entries().size());
        for (Map.Entry<String, String> field : headers.entries()) {
            size += PER_FIELD + string(field.getValue()) + (names.isShared(field.getKey()) ? 0 : string(field.getKey()));
        }
        return size;
    }

    // A parsed Cache-Control: the object and its map (16 + 32 + 56 + table), then per directive a map entry,
    // its name and, when it has one, its value in an Optional.
    private static long directives(CacheControl directives) {
        if (directives.isEmpty()) {
            return 0;
        }
        long size = 16 + 32 + 56 + array(4L * tableSize(directives.directives().size()));
        for (Map.Entry<String, Optional<String>> directive : directives.directives().entrySet()) {
            size += 40 + string(directive.getKey()) + directive.getValue().map(value -> 16 + string(value)).orElse(0L);
        }
        return size;
    }

    // The stamp's tag map (a TreeMap in an unmodifiable view) and, per tag, its tree node, name and boxed counter.
    private static long generations(Generations generations) {
        if (generations.tags().isEmpty()) {
            return 0;
        }
        long size = 48 + 32;
        for (String tag : generations.tags().keySet()) {
            size += 40 + string(tag) + 16;
        }
        return size;
    }

    private static int tableSize(int entries) {
        return Integer.highestOneBit(Math.max(1, entries * 4 / 3)) * 2;
    }

    /** A String: the object (24) and its byte array, one byte a character when every character is Latin-1. */
    static long string(String text) {
        boolean latin1 = true;
        for (int i = 0; i < text.length() && latin1; i++) {
            latin1 = text.charAt(i) < 256;
        }
        return 24 + array(latin1 ? text.length() : 2L * text.length());
    }

    /** An array of {@code length} bytes: a 16-byte header, aligned to 8. */
    static long array(long length) {
        return (16 + length + 7) & ~7L;
    }
}
