package dev.tiergate.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * If-Range (RFC 9110 §13.1.5): a range request is honoured only while the representation is the one the
 * client already holds part of; otherwise the client gets the whole representation.
 */
public final class IfRange {

    private IfRange() {
    }

    /**
     * True when the Range field may be applied to the stored response: without If-Range; with an entity tag
     * that strongly matches the stored ETag; or with an HTTP-date that exactly equals a stored Last-Modified
     * that is a strong validator.
     */
    public static boolean permitsRange(Optional<String> ifRange, Headers storedHeaders) {
        if (ifRange.isEmpty()) {
            return true;
        }
        String value = ifRange.get().trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            // "the condition is true if the entity-tag matches the selected representation's entity tag using
            // strong comparison" (RFC 9110 §8.8.3.2: both must be strong and identical).
            Optional<String> etag = storedHeaders.first("ETag").map(String::trim);
            return isStrongTag(value) && etag.isPresent() && etag.get().equals(value);
        }
        // "A valid entity-tag can be distinguished from a valid HTTP-date by examining the first three characters for a DQUOTE."
        Optional<Instant> date = HttpDates.parse(value);
        Optional<Instant> lastModified = storedHeaders.first("Last-Modified").flatMap(HttpDates::parse);
        return date.isPresent() && lastModified.isPresent() && date.get().equals(lastModified.get())
                && isStrongDate(lastModified.get(), storedHeaders);
    }

    private static boolean isStrongTag(String tag) {
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"");
    }

    /**
     * RFC 9110 §8.8.2.2: a Last-Modified is strong when the response's Date is at least one second later,
     * since then no other change could have happened within the same second.
     */
    private static boolean isStrongDate(Instant lastModified, Headers storedHeaders) {
        Optional<Instant> date = storedHeaders.first("Date").flatMap(HttpDates::parse);
        return date.isPresent() && !Duration.between(lastModified, date.get()).minusSeconds(1).isNegative();
    }
}
