package dev.tiergate.http;

import java.time.Instant;
import java.util.Optional;

/**
 * Conditional requests: answering a client's validators from a stored response
 * (RFC 9111 §4.3.2, RFC 9110 §13) and building the validators of a revalidation (§4.3.1).
 */
public final class Conditionals {

    /** Response fields that describe the body and must not travel on a 304. */
    private static final String[] BODY_FIELDS = {"Content-Length", "Transfer-Encoding", "Content-Range"};
    /**
     * Fields of a 304 that never update a shared entry: the fields that describe the stored bytes (the body
     * fields, and Content-Encoding and Content-MD5, which a 304 cannot change for a body it does not carry:
     * "fields that the cache's stored response depends upon", RFC 9111 §3.2), personal state that a shared
     * cache does not keep (the entry was stored without it), and Age, which is recomputed rather than stored.
     */
    private static final String[] NOT_FRESHENED_FIELDS = {"Content-Length", "Transfer-Encoding", "Content-Range",
            "Content-Encoding", "Content-MD5", "Set-Cookie", "Set-Cookie2", "Age"};

    private Conditionals() {
    }

    /**
     * True when the client's conditional request is satisfied by the stored response, so the
     * cache answers 304. If-None-Match takes precedence; If-Modified-Since is evaluated only
     * without it (RFC 9110 §13.2.2) and only for GET and HEAD; without a stored Last-Modified, the stored
     * Date stands in for it (RFC 9111 §4.3.2).
     */
    public static boolean notModified(String method, Headers requestHeaders, int storedStatus, Headers storedHeaders) {
        if (!(method.equals("GET") || method.equals("HEAD")) || storedStatus != 200) {
            return false;
        }
        Optional<String> ifNoneMatch = requestHeaders.combined("If-None-Match");
        if (ifNoneMatch.isPresent()) {
            return matchesAny(ifNoneMatch.get(), storedHeaders.first("ETag"));
        }
        Optional<Instant> ifModifiedSince = requestHeaders.first("If-Modified-Since").flatMap(HttpDates::parse);
        Optional<Instant> lastModified = storedHeaders.first("Last-Modified").flatMap(HttpDates::parse)
                .or(() -> storedHeaders.first("Date").flatMap(HttpDates::parse));
        if (ifModifiedSince.isPresent() && lastModified.isPresent()) {
            return !lastModified.get().isAfter(ifModifiedSince.get());
        }
        return false;
    }

    /** True when the request carries a validator a cache could answer. */
    public static boolean isConditional(Headers requestHeaders) {
        return requestHeaders.contains("If-None-Match") || requestHeaders.contains("If-Modified-Since");
    }

    /**
     * Weak comparison of an If-None-Match list against an entity tag (RFC 9110 §8.8.3.2); "*" matches any
     * stored representation, with or without an entity tag (RFC 9110 §13.1.2).
     */
    static boolean matchesAny(String ifNoneMatch, Optional<String> etag) {
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        if (etag.isEmpty()) {
            return false;
        }
        String opaque = opaqueTag(etag.get());
        for (String candidate : ifNoneMatch.split(",")) {
            if (opaqueTag(candidate).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaqueTag(String etag) {
        String trimmed = etag.trim();
        return isWeak(trimmed) ? trimmed.substring(2) : trimmed;
    }

    private static boolean isWeak(String etag) {
        return etag.trim().startsWith("W/");
    }

    /** The validators a revalidation sends for a stored response (§4.3.1); empty when it has none. */
    public static Headers validators(Headers storedHeaders) {
        Headers.Builder validators = Headers.builder();
        storedHeaders.first("ETag").ifPresent(etag -> validators.add("If-None-Match", etag));
        storedHeaders.first("Last-Modified").ifPresent(lastModified -> validators.add("If-Modified-Since", lastModified));
        return validators.build();
    }

    /**
     * Whether a 304 from the origin applies to the stored response: "If the new response contains a
     * strong validator ... then that strong validator identifies the selected representation ... If none
     * of the stored responses contain the same strong validator, then the cache MUST NOT use the new
     * response to update any stored responses" (§4.3.4). A weak entity tag selects by weak comparison.
     */
    public static boolean notModifiedSelects(Headers storedHeaders, Headers notModifiedHeaders) {
        Optional<String> newEtag = notModifiedHeaders.first("ETag");
        Optional<String> storedEtag = storedHeaders.first("ETag");
        if (newEtag.isPresent()) {
            if (storedEtag.isEmpty()) {
                return false;
            }
            if (isWeak(newEtag.get())) {
                return opaqueTag(newEtag.get()).equals(opaqueTag(storedEtag.get()));
            }
            return !isWeak(storedEtag.get()) && newEtag.get().trim().equals(storedEtag.get().trim());
        }
        Optional<String> newLastModified = notModifiedHeaders.first("Last-Modified");
        Optional<String> storedLastModified = storedHeaders.first("Last-Modified");
        if (newEtag.isEmpty() && newLastModified.isPresent() && storedLastModified.isPresent()) {
            return HttpDates.parse(newLastModified.get()).equals(HttpDates.parse(storedLastModified.get()));
        }
        return true;
    }

    /**
     * The stored fields updated by a 304 (§3.2): every field of the 304 replaces the stored one,
     * except the fields that describe the stored body (its length, range, content coding and digest),
     * and the fields a shared entry never keeps (Set-Cookie, Set-Cookie2, Age). The response to the client that triggered the
     * revalidation still gets the 304's Set-Cookie from the caller; later clients must not.
     */
    public static Headers freshen(Headers storedHeaders, Headers notModifiedHeaders) {
        Headers.Builder updated = storedHeaders.toBuilder();
        Headers replacing = notModifiedHeaders.without(NOT_FRESHENED_FIELDS);
        for (var field : replacing.entries()) {
            updated.remove(field.getKey());
        }
        for (var field : replacing.entries()) {
            updated.add(field.getKey(), field.getValue());
        }
        return updated.build();
    }

    /** The fields of a 304 generated from a stored response. */
    public static Headers notModifiedHeaders(Headers storedHeaders) {
        return storedHeaders.without(BODY_FIELDS);
    }
}
