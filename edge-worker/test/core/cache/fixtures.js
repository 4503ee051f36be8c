import { CacheRequest } from "../../../src/core/cache/CacheRequest.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { StorePlan } from "../../../src/core/cache/StorePlan.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { HttpDates } from "../../../src/core/http/HttpDates.js";

// A fixed clock and small builders shared by the cache-core tests (the twin of the gateway's Fixtures);
// nothing here reads the wall clock. Instants are epoch milliseconds.

export const NOW = Date.parse("2026-01-01T00:00:00Z");
export const TEN_SECONDS_AGO = NOW - 10_000;
export const ONE_MINUTE_AGO = NOW - 60_000;
export const ONE_HOUR_AGO = NOW - 3_600_000;
export const ONE_DAY_AGO = NOW - 86_400_000;
export const IN_TEN_SECONDS = NOW + 10_000;
export const IN_ONE_HOUR = NOW + 3_600_000;

export const BODY = new TextEncoder().encode("hello");

export function secondsAgo(seconds) {
  return NOW - seconds * 1000;
}

/** The IMF-fixdate of an instant, for Date, Expires, Last-Modified and If-Modified-Since values. */
export function httpDate(instant) {
  return HttpDates.format(instant);
}

export function get(...headers) {
  return new CacheRequest("GET", Headers.of(...headers));
}

/** Respect the origin, with route defaults for the two RFC 5861 windows. */
export function ruleWithStaleWindows(staleWhileRevalidateSeconds, staleIfErrorSeconds) {
  return new CacheRule(
    false,
    undefined,
    staleWhileRevalidateSeconds,
    staleIfErrorSeconds,
    CacheRule.DEFAULT_MAX_OBJECT_BYTES,
    false,
    CacheRule.DEFAULT_KEEP_SECONDS,
  );
}

/**
 * A 200 response to a plain GET, stored through StorePlan as it arrived at `receivedAt` with no network
 * delay; a Date equal to `receivedAt` is added unless one is given. Called as
 * `storedAt(receivedAt, ...headers)` or `storedAt(receivedAt, rule, ...headers)`, the Java's two overloads.
 */
export function storedAt(receivedAt, ...ruleAndHeaders) {
  const rule = ruleAndHeaders[0] instanceof CacheRule ? ruleAndHeaders.shift() : CacheRule.RESPECT_ORIGIN;
  let headers = Headers.of(...ruleAndHeaders);
  if (!headers.contains("Date")) {
    headers = headers.toBuilder().add("Date", httpDate(receivedAt)).build();
  }
  const plan = StorePlan.plan(get(), 200, headers, BODY, receivedAt, receivedAt, rule, new Set());
  if (plan.entry === undefined) {
    throw new Error(`fixture not storable: ${plan.reason}`);
  }
  return plan.entry;
}
