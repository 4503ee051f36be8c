package dev.tiergate.cache;

import dev.tiergate.http.CacheControl;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides how to answer a request from what is stored (RFC 9111 §4, RFC 5861), with {@code now}
 * passed in. One guard clause per rule, in the order the RFCs apply them.
 */
public final class Decider {

    /** Reason codes shared with Cache-Status, the vectors and the edge worker. */
    public static final String FRESH = "fresh";
    public static final String MAX_STALE = "max-stale";
    public static final String STALE_WHILE_REVALIDATE = "stale-while-revalidate";
    public static final String STALE = "stale";
    public static final String RESPONSE_NO_CACHE = "response-no-cache";
    public static final String REQUEST_NO_CACHE = "request-no-cache";
    public static final String REQUEST_MAX_AGE = "request-max-age";
    public static final String REQUEST_MIN_FRESH = "request-min-fresh";
    public static final String ONLY_IF_CACHED = "only-if-cached";
    public static final String ROUTE_BYPASS = "route-bypass";
    public static final String METHOD = "method";
    public static final String NOT_STORED = "not-stored";
    public static final String VARIANT_NOT_STORED = "variant-not-stored";

    private Decider() {
    }

    /**
     * The decision for a request.
     *
     * @param request the client request
     * @param stored the stored response whose secondary key matches the request, if any
     * @param otherVariantsStored true when responses for the URI are stored but none matches the request's Vary values
     * @param rule the route's cache rule
     * @param now the current time
     */
    public static Decision decide(CacheRequest request, Optional<StoredResponse> stored, boolean otherVariantsStored,
                                  CacheRule rule, Instant now) {
        if (!request.isCacheableMethod()) {
            return new Decision.Bypass("method", METHOD);
        }
        if (rule.bypass()) {
            return new Decision.Bypass("bypass", ROUTE_BYPASS);
        }
        CacheControl requestDirectives = request.directives();
        boolean onlyIfCached = requestDirectives.has("only-if-cached");
        if (stored.isEmpty()) {
            if (onlyIfCached) {
                return new Decision.Unsatisfiable(ONLY_IF_CACHED);
            }
            return otherVariantsStored ? new Decision.Miss("vary-miss", VARIANT_NOT_STORED) : new Decision.Miss("uri-miss", NOT_STORED);
        }
        StoredResponse entry = stored.get();
        Decision decision = decideStored(entry, requestDirectives, now);
        if (onlyIfCached && !(decision instanceof Decision.Hit || decision instanceof Decision.StaleWhileRevalidate)) {
            // "a cache SHOULD either respond using a stored response that is consistent with the other
            // constraints of the request or respond with a 504 (Gateway Timeout) status code."
            return new Decision.Unsatisfiable(ONLY_IF_CACHED);
        }
        return decision;
    }

    private static Decision decideStored(StoredResponse entry, CacheControl requestDirectives, Instant now) {
        CacheControl responseDirectives = entry.directives();
        long age = entry.ageSeconds(now);
        long ttl = entry.lifetimeSeconds() - age;
        // "The no-cache response directive ... indicates that the response MUST NOT be used to satisfy any
        // other request without forwarding it for validation and receiving a successful response" (§5.2.2.4).
        if (responseDirectives.has("no-cache")) {
            return new Decision.Revalidate(entry, "stale", RESPONSE_NO_CACHE);
        }
        // Request no-cache: "a cache MUST NOT use a stored response to satisfy the request without
        // successfully validating it on the origin server" (§5.2.1.4).
        if (requestDirectives.has("no-cache")) {
            return new Decision.Revalidate(entry, "request", REQUEST_NO_CACHE);
        }
        // Request max-age: "the client prefers a response whose age is less than or equal to the specified
        // number of seconds" (§5.2.1.1); an invalid value is treated as 0, the most restrictive reading.
        if (requestDirectives.has("max-age") && age > requestDirectives.deltaSeconds("max-age").orElse(0)) {
            return new Decision.Revalidate(entry, "request", REQUEST_MAX_AGE);
        }
        if (ttl > 0) {
            // min-fresh: "the client prefers a response whose freshness lifetime is no less than its current
            // age plus the specified time in seconds" (§5.2.1.3).
            if (requestDirectives.has("min-fresh") && ttl < requestDirectives.deltaSeconds("min-fresh").orElse(0)) {
                return new Decision.Revalidate(entry, "request", REQUEST_MIN_FRESH);
            }
            return new Decision.Hit(entry, age, ttl, FRESH);
        }
        long staleness = -ttl;
        if (mayServeStaleToClient(entry) && requestDirectives.has("max-stale")) {
            // max-stale: "the client will accept a response that has exceeded its freshness lifetime", by no more
            // than the value when one is given (§5.2.1.2).
            boolean unbounded = requestDirectives.value("max-stale").isEmpty();
            if (unbounded || staleness <= requestDirectives.deltaSeconds("max-stale").orElse(0)) {
                return new Decision.Hit(entry, age, ttl, MAX_STALE);
            }
        }
        // stale-while-revalidate: "caches MAY serve the response in which it appears after it becomes stale,
        // up to the indicated number of seconds" (RFC 5861 §3).
        if (mayServeStaleByOrigin(entry) && staleness < entry.staleWhileRevalidateSeconds()) {
            return new Decision.StaleWhileRevalidate(entry, age, ttl, STALE_WHILE_REVALIDATE);
        }
        return new Decision.Revalidate(entry, "stale", STALE);
    }

    /**
     * After the origin failed (5xx, connection error, timeout) during a revalidation: may the stale
     * entry be served? "the cache MAY use the stale response ... when an error is encountered" within
     * the stale-if-error window (RFC 5861 §4).
     */
    public static boolean mayServeStaleOnError(StoredResponse entry, Instant now) {
        return mayServeStaleOnError(entry, CacheControl.EMPTY, now);
    }

    /**
     * As {@link #mayServeStaleOnError(StoredResponse, Instant)}, also honouring the client: a request that
     * demanded validation ({@code no-cache}, or a {@code max-age} the entry exceeds) "MUST NOT" be answered
     * with a stored response that was not validated (RFC 9111 §5.2.1.4, §5.2.1.1), so it gets the error.
     */
    public static boolean mayServeStaleOnError(StoredResponse entry, CacheControl requestDirectives, Instant now) {
        if (requestDirectives.has("no-cache")) {
            return false;
        }
        if (requestDirectives.has("max-age") && entry.ageSeconds(now) > requestDirectives.deltaSeconds("max-age").orElse(0)) {
            return false;
        }
        long staleness = Math.max(0, -entry.ttlSeconds(now));
        // Same window arithmetic as stale-while-revalidate: a window of 0 (no stale-if-error) never allows
        // serving, even in the second the entry expires (§4.2.4: no stale response without permission).
        return mayServeStaleByOrigin(entry) && !entry.directives().has("no-cache")
                && staleness < entry.staleIfErrorSeconds();
    }

    /** The origin's "MUST NOT serve stale" directives: must-revalidate and proxy-revalidate (§5.2.2.2, §5.2.2.8). */
    static boolean mayServeStaleByOrigin(StoredResponse entry) {
        CacheControl directives = entry.directives();
        return !directives.has("must-revalidate") && !directives.has("proxy-revalidate");
    }

    /**
     * A client's max-stale is also refused under s-maxage, which "incorporates the semantics of the
     * proxy-revalidate response directive" (§5.2.2.10). The origin's own RFC 5861 windows remain
     * honoured alongside s-maxage: the origin sent both, as CDNs read them (a documented choice).
     */
    static boolean mayServeStaleToClient(StoredResponse entry) {
        return mayServeStaleByOrigin(entry) && !entry.directives().has("s-maxage");
    }

    /**
     * RFC 9111 §4.4: "A cache MUST invalidate the target URI ... when it receives a non-error status
     * code in response to an unsafe request method (including methods whose safety is unknown)."
     */
    public static boolean invalidatesTarget(String method, int status) {
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
        return !safe && status >= 200 && status < 400;
    }
}
