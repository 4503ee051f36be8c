package dev.tiergate.cache;

import dev.tiergate.http.AcceptEncoding;
import dev.tiergate.http.Headers;
import dev.tiergate.http.VaryMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored responses for one primary key, one per secondary (Vary) key.
 *
 * <p>A URI whose responses vary keeps its variants together so that invalidating the URI
 * removes all of them at once and a miss can tell a {@code vary-miss} from a {@code uri-miss}.
 *
 * @param variants stored responses, most recently stored last
 */
public record VariantSet(List<StoredResponse> variants) {

    /** Bound on variants per URI, so a client cannot grow one key without limit by varying a field. */
    public static final int MAX_VARIANTS = 32;

    public VariantSet {
        variants = List.copyOf(variants);
    }

    /** A set holding one response. */
    public static VariantSet of(StoredResponse entry) {
        return new VariantSet(List.of(entry));
    }

    /** The stored response whose Vary values match the request's (RFC 9111 §4.1), for a request without policy variants. */
    public Optional<StoredResponse> match(Headers requestHeaders) {
        return match(new CacheRequest("GET", requestHeaders));
    }

    /**
     * The stored response for the request's policy variant (segment, keyed fields) whose Vary values
     * match the request's (RFC 9111 §4.1).
     */
    public Optional<StoredResponse> match(CacheRequest request) {
        for (int i = variants.size() - 1; i >= 0; i--) {
            StoredResponse candidate = variants.get(i);
            Optional<String> key = VaryMatch.secondaryKey(candidate.varyFields(), request.headers());
            if (key.isPresent() && (request.variant() + key.get()).equals(candidate.secondaryKey()) && encodingAcceptable(candidate, request)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Accept-Encoding is matched by class ({@link AcceptEncoding#normalise}): a client in the class may still
     * refuse the coding the origin chose for another member of it, and must then not be served that variant.
     */
    private static boolean encodingAcceptable(StoredResponse candidate, CacheRequest request) {
        return !candidate.varyFields().contains("accept-encoding")
                || AcceptEncoding.accepts(request.headers().combined("Accept-Encoding"), candidate.headers().combined("Content-Encoding"));
    }

    /** A copy with {@code entry} replacing the variant it selects; the oldest variant goes when full. */
    public VariantSet with(StoredResponse entry) {
        List<StoredResponse> updated = new ArrayList<>(variants.size() + 1);
        for (StoredResponse existing : variants) {
            if (!existing.secondaryKey().equals(entry.secondaryKey()) || !existing.varyFields().equals(entry.varyFields())) {
                updated.add(existing);
            }
        }
        updated.add(entry);
        while (updated.size() > MAX_VARIANTS) {
            updated.remove(0);
        }
        return new VariantSet(updated);
    }

    /** How long a tier should keep the set: as long as its longest-lived variant. */
    public long retentionSeconds(Instant now, CacheRule rule) {
        long longest = 0;
        for (StoredResponse variant : variants) {
            longest = Math.max(longest, StorePlan.retentionSeconds(variant, now, rule));
        }
        return longest;
    }

    /** The set's approximate memory footprint. */
    public int sizeBytes() {
        int size = 64;
        for (StoredResponse variant : variants) {
            size += variant.sizeBytes();
        }
        return size;
    }
}
