package dev.tiergate.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * One fetch or revalidation of a stored variant, as the adaptive TTL counts it.
 *
 * @param at when the origin's answer arrived
 * @param notModified the origin answered a conditional request with 304: the content is unchanged
 * @param fingerprint the content the answer leaves stored ({@link ContentFingerprint}): a full answer's, or for a 304
 *     the stored entry's
 */
public record ChangeObservation(Instant at, boolean notModified, String fingerprint) {

    public ChangeObservation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** A 304 to a conditional request that revalidated content with {@code storedFingerprint}. */
    public static ChangeObservation notModified(Instant at, String storedFingerprint) {
        return new ChangeObservation(at, true, storedFingerprint);
    }

    /** A full answer whose content is {@code fingerprint}. */
    public static ChangeObservation full(Instant at, String fingerprint) {
        return new ChangeObservation(at, false, fingerprint);
    }
}
