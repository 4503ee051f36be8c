import { CurrentAge } from "../http/CurrentAge.js";
import { Freshness } from "../http/Freshness.js";
import { Storability } from "../http/Storability.js";
import { TargetedCacheControl } from "../http/TargetedCacheControl.js";
import { VaryMatch } from "../http/VaryMatch.js";
import { StoredResponse } from "./StoredResponse.js";

/**
 * Whether an origin response is stored, and the entry it becomes: the twin of
 * `dev.tiergate.cache.StorePlan`.
 */
export class StorePlan {
  /**
   * @param {string} reason `Storability.Reason.STORABLE` or why not
   * @param {StoredResponse | undefined} entry the entry to store, present only when storable
   */
  constructor(reason, entry) {
    /** @type {string} */
    this.reason = reason;
    /** @type {StoredResponse | undefined} */
    this.entry = entry;
    Object.freeze(this);
  }

  /**
   * True when the response is to be stored.
   *
   * @returns {boolean}
   */
  storable() {
    return this.entry !== undefined;
  }

  /**
   * Plans storing a complete origin response.
   *
   * @param {import("./CacheRequest.js").CacheRequest} request the client request that led to the origin request
   * @param {number} status the origin status
   * @param {import("../http/Headers.js").Headers} responseHeaders the origin fields, hop-by-hop fields already removed
   * @param {Uint8Array} body the body (may be empty)
   * @param {number} requestTime when the origin request was sent, epoch milliseconds
   * @param {number} responseTime when the origin response arrived, epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule the route's cache rule
   * @param {Iterable<string>} tags tags to attach
   * @returns {StorePlan}
   */
  static plan(request, status, responseHeaders, body, requestTime, responseTime, rule, tags) {
    const selection = TargetedCacheControl.select(responseHeaders);
    const lifetime = StorePlan.effectiveLifetime(status, responseHeaders, selection, responseTime, rule);
    const reason = Storability.check(
      request.method,
      request.headers,
      status,
      responseHeaders,
      selection,
      lifetime,
      rule.allowSetCookie,
    );
    if (reason !== Storability.Reason.STORABLE) {
      return new StorePlan(reason, undefined);
    }
    const directives = selection.directives;
    const varyFields = VaryMatch.fields(responseHeaders);
    const secondaryKey = VaryMatch.secondaryKey(varyFields, request.headers);
    if (secondaryKey === undefined) {
      // Storability refuses Vary: *, the only way to get no key; Java's orElseThrow guards the same.
      throw new Error("No value present");
    }
    const entry = new StoredResponse(
      status,
      responseHeaders.without(...StorePlan.UNSTORED_FIELDS),
      body,
      responseTime,
      CurrentAge.correctedInitialAgeSeconds(responseHeaders, requestTime, responseTime),
      lifetime.seconds,
      StorePlan.window(directives, "stale-while-revalidate", rule.staleWhileRevalidateSeconds ?? 0),
      StorePlan.window(directives, "stale-if-error", rule.staleIfErrorSeconds ?? 0),
      directives,
      varyFields,
      request.variant + secondaryKey,
      tags,
    );
    if (
      entry.lifetimeSeconds <= 0 &&
      !entry.hasValidators() &&
      entry.staleIfErrorSeconds === 0 &&
      entry.staleWhileRevalidateSeconds === 0
    ) {
      // "a response with no freshness and no validator can never be reused" — keep it out of the tier.
      return new StorePlan(Storability.Reason.NO_FRESHNESS, undefined);
    }
    return new StorePlan(reason, entry);
  }

  /**
   * The lifetime after the route has had its say: a `ttl` replaces the origin's; a 404 or 410 without
   * explicit freshness gets the `negativeTtl`; any other lifetime the origin sets (explicit or heuristic)
   * is held between `minTtl` and `maxTtl`.
   *
   * @param {number} status
   * @param {import("../http/Headers.js").Headers} headers
   * @param {object} selection what `TargetedCacheControl.select` chose
   * @param {number} responseTime epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule
   * @returns {object} a `Freshness.Lifetime`
   */
  static effectiveLifetime(status, headers, selection, responseTime, rule) {
    if (rule.ttlSeconds !== undefined) {
      return new Freshness.Lifetime(rule.ttlSeconds, Freshness.Source.OVERRIDE);
    }
    const origin = Freshness.lifetime(status, headers, selection, responseTime);
    if ((status === 404 || status === 410) && !origin.isExplicit() && rule.negativeTtlSeconds !== undefined) {
      return new Freshness.Lifetime(rule.negativeTtlSeconds, Freshness.Source.OVERRIDE);
    }
    if (origin.source === Freshness.Source.NONE) {
      return origin;
    }
    let seconds = origin.seconds;
    seconds = Math.max(seconds, rule.minTtlSeconds ?? 0);
    // Java's default here is Long.MAX_VALUE, which no lifetime reaches: without a maxTtl nothing is cut.
    if (rule.maxTtlSeconds !== undefined) {
      seconds = Math.min(seconds, rule.maxTtlSeconds);
    }
    return new Freshness.Lifetime(seconds, origin.source);
  }

  /**
   * An RFC 5861 window: the origin's directive when it sends one, else the route's default. Under
   * `s-maxage`, which "incorporates the semantics of the proxy-revalidate response directive" (RFC 9111
   * §5.2.2.10), only the origin's own window applies: "A cache MUST NOT generate a stale response if it is
   * prohibited by an explicit in-protocol directive (e.g., ... an applicable s-maxage ...)" (§4.2.4).
   *
   * @param {import("../http/CacheControl.js").CacheControl} directives
   * @param {string} directive
   * @param {number} routeDefaultSeconds
   * @returns {number}
   */
  static window(directives, directive, routeDefaultSeconds) {
    if (directives.has(directive)) {
      return directives.deltaSeconds(directive) ?? 0;
    }
    return directives.has("s-maxage") ? 0 : routeDefaultSeconds;
  }

  /**
   * How long a tier should keep the entry, counted from `now`: its remaining freshness, then the longest
   * stale window, or the keep period when it can be revalidated.
   *
   * @param {StoredResponse} entry
   * @param {number} now epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule
   * @returns {number} seconds
   */
  static retentionSeconds(entry, now, rule) {
    let afterExpiry = Math.max(entry.staleWhileRevalidateSeconds, entry.staleIfErrorSeconds);
    if (entry.hasValidators()) {
      afterExpiry = Math.max(afterExpiry, rule.keepSeconds);
    }
    return Math.max(0, entry.ttlSeconds(now)) + afterExpiry;
  }
}

/** Response fields never kept in a shared entry: personal state and per-connection fields. */
StorePlan.UNSTORED_FIELDS = Object.freeze(["Set-Cookie", "Set-Cookie2", "Age"]);
