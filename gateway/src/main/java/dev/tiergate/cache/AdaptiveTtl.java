package dev.tiergate.cache;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Freshness;
import dev.tiergate.http.TargetedCacheControl;
import java.time.Duration;
import java.time.Instant;

/**
 * Freshness learned from how often content was seen to change, for routes with {@code adaptiveTtl}.
 * Two pure steps: {@link #learnedSeconds} turns a variant's {@link ChangeHistory} and {@code now} into a
 * lifetime, and {@link #apply} decides whether a stored entry takes it.
 *
 * <p>The estimate is a fraction of the mean time between the changes seen, or of the time since the last
 * change when that is longer; content never seen to change gets at least {@code min} doubled for each
 * fetch that found it unchanged. Both are clamped to {@code [min, max]}.
 */
public final class AdaptiveTtl {

    /** The most doublings counted: {@code min * 2^40} is beyond any {@code max}. */
    private static final int MAX_DOUBLINGS = 40;

    private AdaptiveTtl() {
    }

    /** Where an entry's lifetime came from once the adaptive rule has looked at it. */
    public enum Outcome {
        /** The learned lifetime replaced the route's {@code ttl} or a heuristic (or absent) one. */
        LEARNED,
        /** The learned lifetime was longer than the origin's explicit freshness, which caps it. */
        CAPPED_BY_ORIGIN,
        /** Untouched: the origin's explicit freshness, a negative TTL, or a response that must not be reused unvalidated. */
        UNTOUCHED
    }

    /**
     * An entry after the adaptive rule.
     *
     * @param entry the entry, its lifetime replaced unless {@code outcome} is {@link Outcome#UNTOUCHED}
     * @param learnedSeconds the lifetime the history suggested
     */
    public record Applied(StoredResponse entry, Outcome outcome, long learnedSeconds) {
        /** True when the entry's lifetime is the adaptive rule's. */
        public boolean changedLifetime() {
            return outcome != Outcome.UNTOUCHED;
        }
    }

    /**
     * The lifetime a variant's history suggests at {@code now}.
     *
     * @param history what has been seen of the variant; null when nothing has
     */
    public static long learnedSeconds(ChangeHistory history, AdaptiveTtlRule rule, Instant now) {
        if (history == null) {
            return rule.minSeconds();
        }
        double sinceLastChange = Math.max(0, Duration.between(history.lastChange(), now).toMillis() / 1000.0);
        if (history.changes() == 0) {
            // Never seen to change: grow geometrically with each unchanged fetch, and at least with the time it has lasted.
            double doubled = rule.minSeconds() * Math.pow(2, Math.min(history.unchanged(), MAX_DOUBLINGS));
            return rule.clamp(Math.max(doubled, rule.fraction() * sinceLastChange));
        }
        // Content that has outlasted its mean interval is evidently changing less often now.
        return rule.clamp(rule.fraction() * Math.max(history.meanChangeSeconds(), sinceLastChange));
    }

    /**
     * The entry with the learned lifetime where the rules let it have one:
     * <ul>
     *   <li>never for {@code no-store}, {@code no-cache} or {@code private}: the origin requires validation or forbids sharing;</li>
     *   <li>where the route's {@code ttl} overrides the origin, the learned lifetime replaces the {@code ttl}, but never
     *       exceeds explicit freshness the origin sent ({@code s-maxage}, {@code max-age}, {@code Expires}, a targeted field);</li>
     *   <li>without a route {@code ttl}, explicit origin freshness stands as is;</li>
     *   <li>a 404 or 410 given the route's {@code negativeTtl} keeps it;</li>
     *   <li>otherwise (heuristic freshness, or none) the learned lifetime applies to heuristically cacheable statuses
     *       and {@code public} responses: it is a heuristic (RFC 9111 §4.2.2) drawn from observation rather than Last-Modified.</li>
     * </ul>
     *
     * @param entry the entry as {@link StorePlan} or {@link Revalidation} made it
     * @param rule the route's rule, which must have an {@code adaptiveTtl}
     * @param learnedSeconds from {@link #learnedSeconds}
     */
    public static Applied apply(StoredResponse entry, CacheRule rule, long learnedSeconds) {
        CacheControl directives = entry.directives();
        if (rule.adaptiveTtl().isEmpty() || directives.has("no-store") || directives.has("no-cache") || directives.has("private")) {
            return new Applied(entry, Outcome.UNTOUCHED, learnedSeconds);
        }
        Freshness.Lifetime origin = Freshness.lifetime(entry.status(), entry.headers(), TargetedCacheControl.select(entry.headers()),
                entry.responseTime());
        boolean explicit = origin.source() == Freshness.Source.S_MAXAGE || origin.source() == Freshness.Source.MAX_AGE
                || origin.source() == Freshness.Source.EXPIRES;
        if (rule.ttlSeconds().isPresent()) {
            if (explicit && origin.seconds() < learnedSeconds) {
                return new Applied(entry.withLifetimeSeconds(origin.seconds()), Outcome.CAPPED_BY_ORIGIN, learnedSeconds);
            }
            return new Applied(entry.withLifetimeSeconds(learnedSeconds), Outcome.LEARNED, learnedSeconds);
        }
        if (explicit) {
            return new Applied(entry, Outcome.UNTOUCHED, learnedSeconds);
        }
        if ((entry.status() == 404 || entry.status() == 410) && rule.negativeTtlSeconds().isPresent()) {
            return new Applied(entry, Outcome.UNTOUCHED, learnedSeconds);
        }
        if (!Freshness.HEURISTICALLY_CACHEABLE.contains(entry.status()) && !directives.has("public")) {
            return new Applied(entry, Outcome.UNTOUCHED, learnedSeconds);
        }
        return new Applied(entry.withLifetimeSeconds(learnedSeconds), Outcome.LEARNED, learnedSeconds);
    }

    /** {@link #apply} with the lifetime {@code history} suggests at {@code now}. */
    public static Applied apply(StoredResponse entry, CacheRule rule, ChangeHistory history, Instant now) {
        AdaptiveTtlRule adaptive = rule.adaptiveTtl().orElse(null);
        if (adaptive == null) {
            return new Applied(entry, Outcome.UNTOUCHED, 0);
        }
        return apply(entry, rule, learnedSeconds(history, adaptive, now));
    }

}
