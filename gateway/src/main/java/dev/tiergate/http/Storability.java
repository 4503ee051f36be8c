package dev.tiergate.http;

import java.util.Set;

/**
 * May a shared cache store this response (RFC 9111 §3, §3.5)?
 *
 * <p>One guard clause per rule; the first that refuses names its reason, which becomes the
 * {@code detail} of the Cache-Status field and a reason code in the conformance vectors.
 */
public final class Storability {

    /** Status codes this cache understands well enough to store (§3: "the response status code is final" and understood). */
    static final Set<Integer> UNDERSTOOD_STATUSES =
            Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 403, 404, 405, 410, 414, 451, 500, 501, 502, 503, 504);

    /** Why a response was or was not stored; {@code STORABLE} is the only positive outcome. */
    public enum Reason {
        /** Every rule allows storing. */
        STORABLE("stored"),
        /** Only GET responses are stored; HEAD is answered from them. */
        METHOD("method"),
        /** 1xx, 206 (ranges are not cached) and 304 are never stored as such. */
        STATUS("status"),
        /** no-store in the request or the response. */
        NO_STORE("no-store"),
        /** private: only a private cache may store it. */
        PRIVATE("private"),
        /** The request carried Authorization and the response did not allow sharing it (§3.5). */
        AUTHORIZATION("authorization"),
        /** Set-Cookie: personal state is never shared unless a route allows it. */
        SET_COOKIE("set-cookie"),
        /** Vary: * can never be matched, so storing it only wastes space. */
        VARY_STAR("vary-star"),
        /** No explicit freshness, no heuristic status and no public: nothing makes it reusable. */
        NO_FRESHNESS("no-freshness");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The reason code used in Cache-Status and the vectors. */
        public String code() {
            return code;
        }
    }

    private Storability() {
    }

    /**
     * Checks the storage rules for a shared cache.
     *
     * @param method the request method
     * @param requestHeaders the request fields (Authorization, Cache-Control)
     * @param status the response status
     * @param responseHeaders the response fields
     * @param selection the directives that govern this cache
     * @param lifetime the freshness lifetime computed for the response
     * @param allowSetCookie whether the route accepts sharing responses that set cookies
     */
    public static Reason check(String method, Headers requestHeaders, int status, Headers responseHeaders,
                               TargetedCacheControl.Selection selection, Freshness.Lifetime lifetime, boolean allowSetCookie) {
        CacheControl response = selection.directives();
        CacheControl request = CacheControl.parse(requestHeaders.combined("Cache-Control").orElse(null));
        // "the request method is understood by the cache" — GET only; HEAD is served from GET entries.
        if (!method.equals("GET")) {
            return Reason.METHOD;
        }
        // "the response status code is final" and, for 206 and 304, "the cache understands" it: we do not.
        if (!UNDERSTOOD_STATUSES.contains(status)) {
            return Reason.STATUS;
        }
        // "the no-store cache directive is not present in the request"
        if (request.has("no-store")) {
            return Reason.NO_STORE;
        }
        // "the no-store cache directive is not present in the response" — unless must-understand
        // is present and the status is understood, which lets a cache ignore no-store (§5.2.2.3).
        if (response.has("no-store") && !response.has("must-understand")) {
            return Reason.NO_STORE;
        }
        // "if the cache is shared: the private response directive is either not present or allows a shared
        // cache to store a modified response" — we do not store qualified private responses either.
        if (response.has("private")) {
            return Reason.PRIVATE;
        }
        // "if the cache is shared: the Authorization header field is not present in the request or a response
        // directive is present that explicitly allows shared caching" (must-revalidate, public, s-maxage).
        if (requestHeaders.contains("Authorization")
                && !(response.has("must-revalidate") || response.has("public") || response.has("s-maxage"))) {
            return Reason.AUTHORIZATION;
        }
        if (responseHeaders.contains("Set-Cookie") && !allowSetCookie) {
            return Reason.SET_COOKIE;
        }
        if (VaryMatch.fields(responseHeaders).contains("*")) {
            return Reason.VARY_STAR;
        }
        // "the response contains at least one of: a public response directive; ... an Expires header field;
        // a max-age response directive; ... an s-maxage response directive; ... a status code that is defined
        // as heuristically cacheable" — a heuristic status without Last-Modified has nothing to reuse.
        if (lifetime.isExplicit() || response.has("public") || lifetime.source() == Freshness.Source.HEURISTIC) {
            return Reason.STORABLE;
        }
        return Reason.NO_FRESHNESS;
    }
}
