import { CacheControl } from "../http/CacheControl.js";
import { Decision } from "./Decision.js";

/**
 * Decides how to answer a request from what is stored (RFC 9111 §4, RFC 5861), with `now` passed in:
 * the twin of `dev.tiergate.cache.Decider`. One guard clause per rule, in the order the RFCs apply them.
 */
export const Decider = Object.freeze({
  // Reason codes shared with Cache-Status, the vectors and the gateway.
  FRESH: "fresh",
  MAX_STALE: "max-stale",
  STALE_WHILE_REVALIDATE: "stale-while-revalidate",
  STALE: "stale",
  RESPONSE_NO_CACHE: "response-no-cache",
  REQUEST_NO_CACHE: "request-no-cache",
  REQUEST_MAX_AGE: "request-max-age",
  REQUEST_MIN_FRESH: "request-min-fresh",
  ONLY_IF_CACHED: "only-if-cached",
  ROUTE_BYPASS: "route-bypass",
  METHOD: "method",
  NOT_STORED: "not-stored",
  VARIANT_NOT_STORED: "variant-not-stored",

  /**
   * The decision for a request.
   *
   * @param {import("./CacheRequest.js").CacheRequest} request the client request
   * @param {import("./StoredResponse.js").StoredResponse | undefined} stored the stored response whose
   *     secondary key matches the request, if any
   * @param {boolean} otherVariantsStored true when responses for the URI are stored but none matches the
   *     request's Vary values
   * @param {import("./CacheRule.js").CacheRule} rule the route's cache rule
   * @param {number} now the current time, epoch milliseconds
   * @returns {Decision}
   */
  decide(request, stored, otherVariantsStored, rule, now) {
    if (!request.isCacheableMethod()) {
      return new Decision.Bypass("method", Decider.METHOD);
    }
    if (rule.bypass) {
      return new Decision.Bypass("bypass", Decider.ROUTE_BYPASS);
    }
    const requestDirectives = request.directives();
    const onlyIfCached = requestDirectives.has("only-if-cached");
    if (stored === undefined) {
      if (onlyIfCached) {
        return new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED);
      }
      return otherVariantsStored
        ? new Decision.Miss("vary-miss", Decider.VARIANT_NOT_STORED)
        : new Decision.Miss("uri-miss", Decider.NOT_STORED);
    }
    const decision = decideStored(stored, requestDirectives, now);
    if (onlyIfCached && !(decision instanceof Decision.Hit || decision instanceof Decision.StaleWhileRevalidate)) {
      // "a cache SHOULD either respond using a stored response that is consistent with the other
      // constraints of the request or respond with a 504 (Gateway Timeout) status code."
      return new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED);
    }
    return decision;
  },

  /**
   * After the origin failed (5xx, connection error, timeout) during a revalidation: may the stale entry be
   * served? "the cache MAY use the stale response ... when an error is encountered" within the
   * stale-if-error window (RFC 5861 §4).
   *
   * Called as `(entry, now)` or `(entry, requestDirectives, now)`, the Java's two overloads. With the
   * client's directives, a request that demanded validation (`no-cache`, or a `max-age` the entry exceeds)
   * "MUST NOT" be answered with a stored response that was not validated (RFC 9111 §5.2.1.4, §5.2.1.1), so
   * it gets the error.
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {CacheControl | number} requestDirectives the client's directives, or `now` in the two-argument form
   * @param {number} [now] epoch milliseconds
   * @returns {boolean}
   */
  mayServeStaleOnError(entry, requestDirectives, now) {
    if (typeof requestDirectives === "number") {
      return Decider.mayServeStaleOnError(entry, CacheControl.EMPTY, requestDirectives);
    }
    if (requestDirectives.has("no-cache")) {
      return false;
    }
    if (requestDirectives.has("max-age") && entry.ageSeconds(now) > (requestDirectives.deltaSeconds("max-age") ?? 0)) {
      return false;
    }
    const staleness = Math.max(0, -entry.ttlSeconds(now));
    // Same window arithmetic as stale-while-revalidate: a window of 0 (no stale-if-error) never allows
    // serving, even in the second the entry expires (§4.2.4: no stale response without permission).
    return (
      Decider.mayServeStaleByOrigin(entry) && !entry.directives.has("no-cache") && staleness < entry.staleIfErrorSeconds
    );
  },

  /**
   * The origin's "MUST NOT serve stale" directives: must-revalidate and proxy-revalidate (§5.2.2.2,
   * §5.2.2.8).
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @returns {boolean}
   */
  mayServeStaleByOrigin(entry) {
    const directives = entry.directives;
    return !directives.has("must-revalidate") && !directives.has("proxy-revalidate");
  },

  /**
   * A client's max-stale is also refused under s-maxage, which "incorporates the semantics of the
   * proxy-revalidate response directive" (§5.2.2.10). The origin's own RFC 5861 windows remain honoured
   * alongside s-maxage: the origin sent both, as CDNs read them (a documented choice).
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @returns {boolean}
   */
  mayServeStaleToClient(entry) {
    return Decider.mayServeStaleByOrigin(entry) && !entry.directives.has("s-maxage");
  },

  /**
   * RFC 9111 §4.4: "A cache MUST invalidate the target URI ... when it receives a non-error status code in
   * response to an unsafe request method (including methods whose safety is unknown)."
   *
   * @param {string} method
   * @param {number} status
   * @returns {boolean}
   */
  invalidatesTarget(method, status) {
    const safe = method === "GET" || method === "HEAD" || method === "OPTIONS" || method === "TRACE";
    return !safe && status >= 200 && status < 400;
  },
});

function decideStored(entry, requestDirectives, now) {
  const responseDirectives = entry.directives;
  const age = entry.ageSeconds(now);
  const ttl = entry.lifetimeSeconds - age;
  // "The no-cache response directive ... indicates that the response MUST NOT be used to satisfy any
  // other request without forwarding it for validation and receiving a successful response" (§5.2.2.4).
  if (responseDirectives.has("no-cache")) {
    return new Decision.Revalidate(entry, "stale", Decider.RESPONSE_NO_CACHE);
  }
  // Request no-cache: "a cache MUST NOT use a stored response to satisfy the request without
  // successfully validating it on the origin server" (§5.2.1.4).
  if (requestDirectives.has("no-cache")) {
    return new Decision.Revalidate(entry, "request", Decider.REQUEST_NO_CACHE);
  }
  // Request max-age: "the client prefers a response whose age is less than or equal to the specified
  // number of seconds" (§5.2.1.1); an invalid value is treated as 0, the most restrictive reading.
  if (requestDirectives.has("max-age") && age > (requestDirectives.deltaSeconds("max-age") ?? 0)) {
    return new Decision.Revalidate(entry, "request", Decider.REQUEST_MAX_AGE);
  }
  if (ttl > 0) {
    // min-fresh: "the client prefers a response whose freshness lifetime is no less than its current
    // age plus the specified time in seconds" (§5.2.1.3).
    if (requestDirectives.has("min-fresh") && ttl < (requestDirectives.deltaSeconds("min-fresh") ?? 0)) {
      return new Decision.Revalidate(entry, "request", Decider.REQUEST_MIN_FRESH);
    }
    return new Decision.Hit(entry, age, ttl, Decider.FRESH);
  }
  const staleness = -ttl;
  if (Decider.mayServeStaleToClient(entry) && requestDirectives.has("max-stale")) {
    // max-stale: "the client will accept a response that has exceeded its freshness lifetime", by no more
    // than the value when one is given (§5.2.1.2).
    const unbounded = requestDirectives.value("max-stale") === undefined;
    if (unbounded || staleness <= (requestDirectives.deltaSeconds("max-stale") ?? 0)) {
      return new Decision.Hit(entry, age, ttl, Decider.MAX_STALE);
    }
  }
  // stale-while-revalidate: "caches MAY serve the response in which it appears after it becomes stale,
  // up to the indicated number of seconds" (RFC 5861 §3).
  if (Decider.mayServeStaleByOrigin(entry) && staleness < entry.staleWhileRevalidateSeconds) {
    return new Decision.StaleWhileRevalidate(entry, age, ttl, Decider.STALE_WHILE_REVALIDATE);
  }
  return new Decision.Revalidate(entry, "stale", Decider.STALE);
}
