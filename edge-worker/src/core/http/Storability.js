import { readOnlySet } from "../lang/Collections.js";
import { CacheControl } from "./CacheControl.js";
import { Freshness } from "./Freshness.js";
import { VaryMatch } from "./VaryMatch.js";

/**
 * Why a response was or was not stored; `STORABLE` is the only positive outcome. Each value is the reason code
 * the Java constant's `code()` gives, used in Cache-Status and the conformance vectors.
 */
const Reason = Object.freeze({
  /** Every rule allows storing. */
  STORABLE: "stored",
  /** Only GET responses are stored; HEAD is answered from them. */
  METHOD: "method",
  /** 1xx, 206 (ranges are not cached) and 304 are never stored as such. */
  STATUS: "status",
  /** no-store in the request or the response. */
  NO_STORE: "no-store",
  /** private: only a private cache may store it. */
  PRIVATE: "private",
  /** The request carried Authorization and the response did not allow sharing it (§3.5). */
  AUTHORIZATION: "authorization",
  /** Set-Cookie: personal state is never shared unless a route allows it. */
  SET_COOKIE: "set-cookie",
  /** Vary: * can never be matched, so storing it only wastes space. */
  VARY_STAR: "vary-star",
  /** No explicit freshness, no heuristic status and no public: nothing makes it reusable. */
  NO_FRESHNESS: "no-freshness",
});

/**
 * May a shared cache store this response (RFC 9111 §3, §3.5)? The twin of the gateway's
 * `dev.tiergate.http.Storability`.
 *
 * One guard clause per rule; the first that refuses names its reason, which becomes the `detail` of the
 * Cache-Status field and a reason code in the conformance vectors.
 */
export const Storability = Object.freeze({
  /**
   * Status codes this cache understands well enough to store (§3: "the response status code is final" and
   * understood). Package-private on the Java side.
   */
  UNDERSTOOD_STATUSES: readOnlySet([
    200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 403, 404, 405, 410, 414, 451, 500, 501, 502, 503, 504,
  ]),

  /** The enum `Storability.Reason`, whose values are the reason codes. */
  Reason,

  /**
   * Checks the storage rules for a shared cache.
   *
   * @param {string} method the request method
   * @param {Headers} requestHeaders the request fields (Authorization, Cache-Control)
   * @param {number} status the response status
   * @param {Headers} responseHeaders the response fields
   * @param {TargetedCacheControl.Selection} selection the directives that govern this cache
   * @param {Freshness.Lifetime} lifetime the freshness lifetime computed for the response
   * @param {boolean} allowSetCookie whether the route accepts sharing responses that set cookies
   * @returns {string} one of `Storability.Reason`
   */
  check(method, requestHeaders, status, responseHeaders, selection, lifetime, allowSetCookie) {
    const response = selection.directives;
    const request = CacheControl.parse(requestHeaders.combined("Cache-Control"));
    // "the request method is understood by the cache" — GET only; HEAD is served from GET entries.
    if (method !== "GET") {
      return Reason.METHOD;
    }
    // "the response status code is final" and, for 206 and 304, "the cache understands" it: we do not.
    if (!Storability.UNDERSTOOD_STATUSES.has(status)) {
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
    if (
      requestHeaders.contains("Authorization") &&
      !(response.has("must-revalidate") || response.has("public") || response.has("s-maxage"))
    ) {
      return Reason.AUTHORIZATION;
    }
    if (responseHeaders.contains("Set-Cookie") && !allowSetCookie) {
      return Reason.SET_COOKIE;
    }
    if (VaryMatch.fields(responseHeaders).includes("*")) {
      return Reason.VARY_STAR;
    }
    // "the response contains at least one of: a public response directive; ... an Expires header field;
    // a max-age response directive; ... an s-maxage response directive; ... a status code that is defined
    // as heuristically cacheable" — a heuristic status without Last-Modified has nothing to reuse.
    if (lifetime.isExplicit() || response.has("public") || lifetime.source === Freshness.Source.HEURISTIC) {
      return Reason.STORABLE;
    }
    return Reason.NO_FRESHNESS;
  },
});
