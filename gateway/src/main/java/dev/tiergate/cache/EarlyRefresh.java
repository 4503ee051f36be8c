package dev.tiergate.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a fresh hit should also start a background refresh, so that a popular entry is replaced
 * before it expires instead of every instance missing it at once. Pure: the random value and the
 * hit count are inputs.
 *
 * <p>Probabilistic early refresh is XFetch (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic
 * Cache Stampede Prevention", VLDB 2015): refresh when {@code now - delta * beta * ln(random) >= expiry},
 * where {@code delta} is how long the last fetch took. The probability grows as expiry nears and with
 * the cost of a fetch, so one request among many refreshes, shortly before expiry.
 */
public final class EarlyRefresh {

    /** Why a hit refreshes: XFetch, or refresh-ahead of a hot entry. */
    public static final String XFETCH = "early-refresh";
    public static final String AHEAD = "refresh-ahead";

    private EarlyRefresh() {
    }

    /**
     * The reason to refresh {@code entry} now, if any.
     *
     * @param random uniform in (0, 1]
     * @param hits how often this entry has been hit, this hit included
     */
    public static Optional<String> decide(StoredResponse entry, RefreshRule rule, double random, long hits, Instant now) {
        long remainingMillis = remainingMillis(entry, now);
        if (rule.aheadSeconds().isPresent() && hits >= rule.minHits() && remainingMillis < rule.aheadSeconds().getAsLong() * 1000) {
            return Optional.of(AHEAD);
        }
        if (rule.beta().isPresent() && xfetch(remainingMillis, entry.fetchMillis(), rule.beta().getAsDouble(), random)) {
            return Optional.of(XFETCH);
        }
        return Optional.empty();
    }

    /**
     * The XFetch rule in remaining-time form: {@code -delta * beta * ln(random) >= expiry - now}.
     *
     * @param remainingMillis freshness left; zero or less at and after expiry
     * @param fetchMillis how long the last fetch took ({@code delta})
     * @param random uniform in (0, 1]; smaller values refresh earlier
     */
    public static boolean xfetch(long remainingMillis, long fetchMillis, double beta, double random) {
        if (!(random > 0 && random <= 1)) {
            throw new IllegalArgumentException("random: " + random + " (expected: in (0, 1])");
        }
        if (beta < 0 || fetchMillis < 0) {
            throw new IllegalArgumentException("beta and fetchMillis must not be negative");
        }
        return -fetchMillis * beta * Math.log(random) >= remainingMillis;
    }

    /**
     * Freshness left at {@code now}, in milliseconds: the stored age arithmetic of RFC 9111 §4.2.3 at
     * millisecond resolution, because XFetch's margins are often well under a second.
     */
    static long remainingMillis(StoredResponse entry, Instant now) {
        long resident = Math.max(0, Duration.between(entry.responseTime(), now).toMillis());
        return (entry.lifetimeSeconds() - entry.initialAgeSeconds()) * 1000 - resident;
    }
}
