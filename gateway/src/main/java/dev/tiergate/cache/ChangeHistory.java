package dev.tiergate.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the cache has seen of one stored variant's content over time: a compact summary, not a log, so that
 * its size does not grow with the number of fetches.
 *
 * @param fingerprint the last content seen ({@link ContentFingerprint})
 * @param firstSeen when the variant was first fetched
 * @param lastChange when a change was last seen; {@code firstSeen} before any change
 * @param lastObserved when the last fetch or revalidation was
 * @param changes how many changes have been seen
 * @param unchanged how many fetches or revalidations in a row found the content unchanged
 * @param meanChangeSeconds the weighted mean of the intervals between the changes seen; 0 before the first change
 */
public record ChangeHistory(String fingerprint, Instant firstSeen, Instant lastChange, Instant lastObserved, long changes,
                            long unchanged, double meanChangeSeconds) {

    /**
     * The weight of the newest interval in the mean: a half, so that content that starts changing more often
     * than it used to is noticed within a few changes, while one odd interval moves the mean only halfway.
     */
    public static final double NEWEST_INTERVAL_WEIGHT = 0.5;

    public ChangeHistory {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (changes < 0 || unchanged < 0 || meanChangeSeconds < 0) {
            throw new IllegalArgumentException("counts and mean: (expected: >= 0)");
        }
    }

    /** The history after a variant's first fetch. */
    public static ChangeHistory first(String fingerprint, Instant at) {
        return new ChangeHistory(fingerprint, at, at, at, 0, 0, 0);
    }

    /**
     * The history after one more fetch or revalidation.
     *
     * @param observation what it found
     */
    public ChangeHistory observe(ChangeObservation observation) {
        Instant at = observation.at().isBefore(lastObserved) ? lastObserved : observation.at();
        if (observation.notModified() || observation.fingerprint().equals(fingerprint)) {
            return new ChangeHistory(observation.fingerprint(), firstSeen, lastChange, at, changes, unchanged + 1, meanChangeSeconds);
        }
        double interval = Math.max(0, Duration.between(lastChange, at).toMillis() / 1000.0);
        double mean;
        if (changes == 0) {
            mean = interval;
        } else if (unchanged == 0) {
            // Changed again at the very next look: it changes at least as often as the cache looks, so the mean is at
            // most this interval. Without this, content that starts changing on every fetch would shrink its lifetime
            // by only a quarter per fetch.
            mean = Math.min(interval, meanChangeSeconds);
        } else {
            mean = NEWEST_INTERVAL_WEIGHT * interval + (1 - NEWEST_INTERVAL_WEIGHT) * meanChangeSeconds;
        }
        return new ChangeHistory(observation.fingerprint(), firstSeen, at, at, changes + 1, 0, mean);
    }

    /** The history after {@code observation}, starting one when there was none. */
    public static ChangeHistory observe(ChangeHistory previous, ChangeObservation observation) {
        if (previous != null) {
            return previous.observe(observation);
        }
        return first(observation.fingerprint(), observation.at());
    }
}
