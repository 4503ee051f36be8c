import { readOnlySet } from "../lang/Collections.js";
import { wholeSecondsBetween } from "../lang/JavaTime.js";
import { HttpDates } from "./HttpDates.js";

/**
 * Where a lifetime came from; `NONE` means the response carries no freshness at all. The values are the Java
 * constants' names in lower case.
 */
const Source = Object.freeze({
  /** `s-maxage` of the selected directives. */
  S_MAXAGE: "s_maxage",
  /** `max-age` of the selected directives. */
  MAX_AGE: "max_age",
  /** `Expires` minus `Date`. */
  EXPIRES: "expires",
  /** A fraction of the time since `Last-Modified`. */
  HEURISTIC: "heuristic",
  /** A route's configured TTL, which overrides the origin. */
  OVERRIDE: "override",
  /** Nothing: the response may not be reused without validation. */
  NONE: "none",
});

/** A lifetime in seconds and its source: the twin of the record `Freshness.Lifetime`. */
class Lifetime {
  /**
   * @param {number} seconds
   * @param {string} source one of `Freshness.Source`
   */
  constructor(seconds, source) {
    /** @readonly */
    this.seconds = seconds;
    /** @readonly */
    this.source = source;
    Object.freeze(this);
  }

  /**
   * True when the lifetime is explicit (not heuristic, not absent) for storability purposes.
   *
   * @returns {boolean}
   */
  isExplicit() {
    return (
      this.source === Source.S_MAXAGE ||
      this.source === Source.MAX_AGE ||
      this.source === Source.EXPIRES ||
      this.source === Source.OVERRIDE
    );
  }

  /**
   * Component-wise equality, as Java records have.
   *
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return other instanceof Lifetime && other.seconds === this.seconds && other.source === this.source;
  }
}

/**
 * Freshness lifetime of a stored response for a shared cache (RFC 9111 §4.2.1, §4.2.2): the twin of the
 * gateway's `dev.tiergate.http.Freshness`.
 *
 * Order of precedence: `s-maxage`, then `max-age`, then `Expires` minus `Date`, then a heuristic; a targeted
 * field (RFC 9213) replaces `Cache-Control` and `Expires`.
 */
export const Freshness = Object.freeze({
  /** Fraction of the time since Last-Modified used as heuristic lifetime (§4.2.2 suggests 10%). */
  HEURISTIC_FRACTION: 0.1,
  /** Upper bound for a heuristic lifetime, so that a very old resource is not cached for months. */
  DEFAULT_HEURISTIC_CAP_SECONDS: 86_400,
  /** "heuristically cacheable" status codes (RFC 9110 §15.1). */
  HEURISTICALLY_CACHEABLE: readOnlySet([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]),

  /** The enum `Freshness.Source`. */
  Source,
  /** The record `Freshness.Lifetime`: `new Freshness.Lifetime(seconds, source)`. */
  Lifetime,

  /**
   * The freshness lifetime of a response.
   *
   * @param {number} status the response status
   * @param {Headers} headers the response header fields
   * @param {TargetedCacheControl.Selection} selection the directives chosen by `TargetedCacheControl.select`
   * @param {number} responseTime when the response was received (epoch milliseconds), used when it carries no
   *     valid Date
   * @returns {Lifetime}
   */
  lifetime(status, headers, selection, responseTime) {
    const directives = selection.directives;
    // "If a response includes a Cache-Control header field with the max-age directive ... the recipient
    // ... is encouraged to consider responses that have invalid freshness information ... to be stale."
    if (directives.has("s-maxage")) {
      const sMaxAge = directives.deltaSeconds("s-maxage");
      return new Lifetime(sMaxAge ?? 0, Source.S_MAXAGE);
    }
    if (directives.has("max-age")) {
      const maxAge = directives.deltaSeconds("max-age");
      return new Lifetime(maxAge ?? 0, Source.MAX_AGE);
    }
    const date = Freshness.date(headers, responseTime);
    if (!selection.isTargeted()) {
      const expires = headers.first("Expires");
      if (expires !== undefined) {
        // "A cache recipient MUST interpret invalid date formats, especially the value "0",
        // as representing a time in the past (i.e., "already expired")." (§5.3)
        const expiry = HttpDates.parse(expires);
        const seconds = expiry === undefined ? 0 : Math.max(0, wholeSecondsBetween(date, expiry));
        return new Lifetime(seconds, Source.EXPIRES);
      }
    }
    // "a cache MUST NOT use heuristics to determine freshness when an explicit expiration time is present"
    // — reached only when none is; heuristics apply to heuristically cacheable statuses or "public".
    if (Freshness.HEURISTICALLY_CACHEABLE.has(status) || directives.has("public")) {
      const lastModified = HttpDates.parse(headers.first("Last-Modified"));
      if (lastModified !== undefined && lastModified < date) {
        const sinceModified = wholeSecondsBetween(lastModified, date);
        // The same double multiplication as Java's, then (long)'s truncation toward zero.
        const heuristic = Math.min(
          Math.trunc(sinceModified * Freshness.HEURISTIC_FRACTION),
          Freshness.DEFAULT_HEURISTIC_CAP_SECONDS,
        );
        return new Lifetime(heuristic, Source.HEURISTIC);
      }
    }
    return new Lifetime(0, Source.NONE);
  },

  /**
   * The response's Date, or the time it was received when Date is absent or invalid (RFC 9110 §6.6.1).
   *
   * @param {Headers} headers
   * @param {number} responseTime epoch milliseconds
   * @returns {number} epoch milliseconds
   */
  date(headers, responseTime) {
    return HttpDates.parse(headers.first("Date")) ?? responseTime;
  },
});
