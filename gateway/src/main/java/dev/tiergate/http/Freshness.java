package dev.tiergate.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Freshness lifetime of a stored response for a shared cache (RFC 9111 §4.2.1, §4.2.2).
 *
 * <p>Order of precedence: {@code s-maxage}, then {@code max-age}, then {@code Expires} minus
 * {@code Date}, then a heuristic; a targeted field (RFC 9213) replaces {@code Cache-Control}
 * and {@code Expires}.
 */
public final class Freshness {

    /** Fraction of the time since Last-Modified used as heuristic lifetime (§4.2.2 suggests 10%). */
    public static final double HEURISTIC_FRACTION = 0.1;
    /** Upper bound for a heuristic lifetime, so that a very old resource is not cached for months. */
    public static final long DEFAULT_HEURISTIC_CAP_SECONDS = Duration.ofDays(1).toSeconds();

    /** "heuristically cacheable" status codes (RFC 9110 §15.1). */
    public static final Set<Integer> HEURISTICALLY_CACHEABLE =
            Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    /** Where a lifetime came from; {@code NONE} means the response carries no freshness at all. */
    public enum Source {
        /** {@code s-maxage} of the selected directives. */
        S_MAXAGE,
        /** {@code max-age} of the selected directives. */
        MAX_AGE,
        /** {@code Expires} minus {@code Date}. */
        EXPIRES,
        /** A fraction of the time since {@code Last-Modified}. */
        HEURISTIC,
        /** A route's configured TTL, which overrides the origin. */
        OVERRIDE,
        /** Nothing: the response may not be reused without validation. */
        NONE
    }

    /** A lifetime in seconds and its source. */
    public record Lifetime(long seconds, Source source) {
        /** True when the lifetime is explicit (not heuristic, not absent) for storability purposes. */
        public boolean isExplicit() {
            return source == Source.S_MAXAGE || source == Source.MAX_AGE || source == Source.EXPIRES || source == Source.OVERRIDE;
        }
    }

    private Freshness() {
    }

    /**
     * The freshness lifetime of a response.
     *
     * @param status the response status
     * @param headers the response header fields
     * @param selection the directives chosen by {@link TargetedCacheControl#select}
     * @param responseTime when the response was received, used when it carries no valid Date
     */
    public static Lifetime lifetime(int status, Headers headers, TargetedCacheControl.Selection selection, Instant responseTime) {
        CacheControl directives = selection.directives();
        // "If a response includes a Cache-Control header field with the max-age directive ... the recipient
        // ... is encouraged to consider responses that have invalid freshness information ... to be stale."
        if (directives.has("s-maxage")) {
            OptionalLong sMaxAge = directives.deltaSeconds("s-maxage");
            return new Lifetime(sMaxAge.orElse(0), Source.S_MAXAGE);
        }
        if (directives.has("max-age")) {
            OptionalLong maxAge = directives.deltaSeconds("max-age");
            return new Lifetime(maxAge.orElse(0), Source.MAX_AGE);
        }
        Instant date = date(headers, responseTime);
        if (!selection.isTargeted()) {
            Optional<String> expires = headers.first("Expires");
            if (expires.isPresent()) {
                // "A cache recipient MUST interpret invalid date formats, especially the value "0",
                // as representing a time in the past (i.e., "already expired")." (§5.3)
                long seconds = HttpDates.parse(expires.get())
                        .map(expiry -> Math.max(0, Duration.between(date, expiry).toSeconds()))
                        .orElse(0L);
                return new Lifetime(seconds, Source.EXPIRES);
            }
        }
        // "a cache MUST NOT use heuristics to determine freshness when an explicit expiration time is present"
        // — reached only when none is; heuristics apply to heuristically cacheable statuses or "public".
        if (HEURISTICALLY_CACHEABLE.contains(status) || directives.has("public")) {
            Optional<Instant> lastModified = headers.first("Last-Modified").flatMap(HttpDates::parse);
            if (lastModified.isPresent() && lastModified.get().isBefore(date)) {
                long sinceModified = Duration.between(lastModified.get(), date).toSeconds();
                long heuristic = Math.min((long) (sinceModified * HEURISTIC_FRACTION), DEFAULT_HEURISTIC_CAP_SECONDS);
                return new Lifetime(heuristic, Source.HEURISTIC);
            }
        }
        return new Lifetime(0, Source.NONE);
    }

    /** The response's Date, or the time it was received when Date is absent or invalid (RFC 9110 §6.6.1). */
    public static Instant date(Headers headers, Instant responseTime) {
        return headers.first("Date").flatMap(HttpDates::parse).orElse(responseTime);
    }
}
