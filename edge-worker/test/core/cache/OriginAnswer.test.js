import { describe, expect, it } from "vitest";
import { CacheRequest } from "../../../src/core/cache/CacheRequest.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { Decider } from "../../../src/core/cache/Decider.js";
import { OriginAnswer } from "../../../src/core/cache/OriginAnswer.js";
import { CacheStatus } from "../../../src/core/http/CacheStatus.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { NOW, ONE_HOUR_AGO, get, httpDate, ruleWithStaleWindows, secondsAgo, storedAt } from "./fixtures.js";

// The twin of the gateway's OriginAnswerTest.

const MISS = CacheStatus.forward("uri-miss", undefined);
const STALE = CacheStatus.forward("stale", Decider.STALE);
const SMALL = new CacheRule(false, undefined, undefined, undefined, 16, false, CacheRule.DEFAULT_KEEP_SECONDS);

/** The origin's answer to a fetch sent at `NOW - 1s`, arriving at NOW. */
function answer(client, stored, status, headers, rule, fetchStatus) {
  const conditional = stored !== undefined && stored.hasValidators();
  return OriginAnswer.plan(
    client,
    client.headers,
    stored,
    conditional,
    status,
    headers,
    OriginAnswer.declaredLength(headers),
    secondsAgo(1),
    NOW,
    rule,
    fetchStatus,
  );
}

function miss(status, ...headers) {
  return answer(get(), undefined, status, Headers.of(...headers), CacheRule.RESPECT_ORIGIN, MISS);
}

/** An entry stored an hour ago with max-age=60 and an ETag, so now stale. */
function staleEntry(rule, ...extra) {
  return storedAt(ONE_HOUR_AGO, rule, "Cache-Control", "max-age=60", "ETag", '"v1"', ...extra);
}

describe("OriginAnswer", () => {
  it("a 304 selecting the entry freshens it and keeps cookies for the client", () => {
    const entry = staleEntry(CacheRule.RESPECT_ORIGIN);
    const notModified = Headers.of(
      "Date",
      httpDate(NOW),
      "ETag",
      '"v1"',
      "Cache-Control",
      "max-age=120",
      "Set-Cookie",
      "s=1",
    );

    const planned = answer(get(), entry, 304, notModified, CacheRule.RESPECT_ORIGIN, STALE);

    expect(planned).toBeInstanceOf(OriginAnswer.Freshened);
    // RFC 9111 §4.3.4: the stored response takes the 304's fields, and is fresh again.
    expect(planned.entry.lifetimeSeconds).toBe(120);
    expect(planned.entry.responseTime).toBe(NOW);
    expect(planned.entry.headers.contains("Set-Cookie")).toBe(false);
    expect(planned.clientFields.first("Set-Cookie")).toBe("s=1");
    expect(planned.cacheStatus.format()).toBe(
      `Tiergate; fwd=stale; fwd-status=304; stored; ttl=${planned.entry.ttlSeconds(NOW)}; detail=stale`,
    );
  });

  it("a 304 naming another representation refetches unconditionally", () => {
    const entry = staleEntry(CacheRule.RESPECT_ORIGIN);
    const notModified = Headers.of("Date", httpDate(NOW), "ETag", '"v2"');

    const planned = answer(get(), entry, 304, notModified, CacheRule.RESPECT_ORIGIN, STALE);

    expect(planned).toStrictEqual(new OriginAnswer.RefetchUnconditionally(STALE));
  });

  it("a 304 to an unconditional fetch is forwarded, not stored", () => {
    const planned = miss(304, "Date", httpDate(NOW), "ETag", '"v1"');

    expect(planned).toBeInstanceOf(OriginAnswer.Forward);
    expect(planned.reason).toBe("status");
    expect(planned.failsWaiters).toBe(false);
  });

  it("a server error inside stale-if-error serves the stale entry", () => {
    const rule = ruleWithStaleWindows(0, 7200);
    const entry = staleEntry(rule);

    const planned = answer(get(), entry, 503, Headers.of("Date", httpDate(NOW)), rule, STALE);

    expect(planned).toBeInstanceOf(OriginAnswer.ServeStaleOnError);
    expect(planned.entry).toBe(entry);
    expect(planned.failedStatus).toBe(503);
    expect(planned.cacheStatus.format()).toBe(
      `Tiergate; fwd=stale; fwd-status=503; ttl=${entry.ttlSeconds(NOW)}; detail=stale-if-error`,
    );
  });

  it("stale on error keeps a collapsed fetch collapsed", () => {
    const rule = ruleWithStaleWindows(0, 7200);
    const entry = staleEntry(rule);

    const planned = answer(get(), entry, 500, Headers.of(), rule, STALE.withCollapsed());

    expect(planned.cacheStatus.collapsed).toBe(true);
  });

  it("stale on error names the tier the stale entry came from", () => {
    const rule = ruleWithStaleWindows(0, 7200);
    const entry = staleEntry(rule);

    const planned = answer(get(), entry, 502, Headers.of(), rule, STALE.withTier(CacheStatus.TIER_L2));

    expect(planned.cacheStatus.format()).toBe(
      `Tiergate; fwd=stale; fwd-status=502; ttl=${entry.ttlSeconds(NOW)}; detail=stale-if-error; tier=l2`,
    );
  });

  it("a revalidation answered with a new response still names the tier of the entry it replaces", () => {
    const entry = staleEntry(CacheRule.RESPECT_ORIGIN);

    const planned = answer(
      get(),
      entry,
      200,
      Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60"),
      CacheRule.RESPECT_ORIGIN,
      STALE.withTier(CacheStatus.TIER_L1),
    );

    expect(planned.cacheStatus.format()).toBe(
      "Tiergate; fwd=stale; fwd-status=200; stored; ttl=59; detail=stale; tier=l1",
    );
  });

  it("a server error past stale-if-error is forwarded and fails the waiters", () => {
    const entry = staleEntry(CacheRule.RESPECT_ORIGIN);

    const planned = answer(get(), entry, 502, Headers.of("Date", httpDate(NOW)), CacheRule.RESPECT_ORIGIN, STALE);

    expect(planned).toBeInstanceOf(OriginAnswer.Forward);
    expect(planned.failsWaiters).toBe(true);
    expect(planned.cacheStatus.forwardStatus).toBe(502);
  });

  it("an error outside the stale-if-error statuses is never served stale", () => {
    const rule = ruleWithStaleWindows(0, 7200);
    const entry = staleEntry(rule);

    // RFC 5861 §4 names 500, 502, 503 and 504 only.
    const planned = answer(get(), entry, 501, Headers.of("Date", httpDate(NOW)), rule, STALE);

    expect(planned).toBeInstanceOf(OriginAnswer.Forward);
    expect(planned.failsWaiters).toBe(true);
  });

  it("a client that demanded validation gets the error, not stale", () => {
    const rule = ruleWithStaleWindows(0, 7200);
    const entry = staleEntry(rule);
    // RFC 9111 §5.2.1.4: a no-cache request must not be answered with an unvalidated stored response.
    const client = get("Cache-Control", "no-cache");

    const planned = answer(client, entry, 503, Headers.of("Date", httpDate(NOW)), rule, STALE);

    expect(planned).toBeInstanceOf(OriginAnswer.Forward);
  });

  it("a storable response is collected with its ttl in Cache-Status", () => {
    const planned = miss(200, "Date", httpDate(NOW), "Cache-Control", "max-age=60");

    expect(planned).toBeInstanceOf(OriginAnswer.Collect);
    expect(planned.maxBytes).toBe(CacheRule.DEFAULT_MAX_OBJECT_BYTES);
    expect(planned.preview.lifetimeSeconds).toBe(60);
    // RFC 9111 §4.2.3: the one second the fetch took counts towards the corrected initial age.
    expect(planned.cacheStatus.format()).toBe("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=59");
  });

  it("an unstorable response is forwarded with its reason", () => {
    const planned = miss(200, "Date", httpDate(NOW), "Cache-Control", "no-store");

    expect(planned).toStrictEqual(
      new OriginAnswer.Forward("no-store", MISS.withForwardStatus(200).withDetail("no-store"), false),
    );
  });

  it("a declared length over the limit is too large, and the limit is inclusive", () => {
    const over = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Content-Length", "17");
    const at = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Content-Length", "16");

    const tooLarge = answer(get(), undefined, 200, over, SMALL, MISS);
    const fits = answer(get(), undefined, 200, at, SMALL, MISS);

    expect(tooLarge).toStrictEqual(
      new OriginAnswer.Forward(
        OriginAnswer.TOO_LARGE,
        MISS.withForwardStatus(200).withDetail(OriginAnswer.TOO_LARGE),
        false,
      ),
    );
    expect(fits).toBeInstanceOf(OriginAnswer.Collect);
    expect(fits.maxBytes).toBe(16);
  });

  it("the store reason wins over size", () => {
    const headers = Headers.of("Date", httpDate(NOW), "Cache-Control", "private", "Content-Length", "1000");

    const planned = answer(get(), undefined, 200, headers, SMALL, MISS);

    expect(planned.reason).toBe("private");
  });

  it("a HEAD request stores the GET it fetched", () => {
    const head = new CacheRequest("HEAD", Headers.of());

    const planned = answer(
      head,
      undefined,
      200,
      Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60"),
      CacheRule.RESPECT_ORIGIN,
      MISS,
    );

    expect(planned).toBeInstanceOf(OriginAnswer.Collect);
  });

  it("Vary is matched against the fields sent, not the client's own", () => {
    const client = new CacheRequest("GET", Headers.of("Accept-Language", "de"), "v");
    const headers = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Vary", "Accept-Language");

    const planned = OriginAnswer.plan(
      client,
      Headers.of(),
      undefined,
      false,
      200,
      headers,
      -1,
      secondsAgo(1),
      NOW,
      CacheRule.RESPECT_ORIGIN,
      MISS,
    );

    const preview = planned.preview;
    const asIfSent = OriginAnswer.plan(
      client,
      client.headers,
      undefined,
      false,
      200,
      headers,
      -1,
      secondsAgo(1),
      NOW,
      CacheRule.RESPECT_ORIGIN,
      MISS,
    ).preview;
    expect(preview.secondaryKey.startsWith("v")).toBe(true);
    expect(preview.secondaryKey).not.toBe(asIfSent.secondaryKey);
  });

  it("declaredLength parses Content-Length", () => {
    expect(OriginAnswer.declaredLength(Headers.of())).toBe(-1);
    expect(OriginAnswer.declaredLength(Headers.of("Content-Length", " 42 "))).toBe(42);
    // Java's Long.MAX_VALUE, 9223372036854775807, is the number 2^63 here.
    expect(OriginAnswer.declaredLength(Headers.of("Content-Length", "4x"))).toBe(OriginAnswer.UNBOUNDED_LENGTH);
    expect(OriginAnswer.UNBOUNDED_LENGTH).toBe(2 ** 63);
  });

  it("declaredLength reads Content-Length as Java's Long.parseLong does", () => {
    const length = (value) => OriginAnswer.declaredLength(Headers.of("Content-Length", value));

    expect(length("+7")).toBe(7);
    expect(length("-1")).toBe(-1);
    expect(length("\t16\u0001")).toBe(16);
    // Character.digit reads every Unicode decimal digit: Arabic-Indic 42, fullwidth 16.
    expect(length("\u0664\u0662")).toBe(42);
    expect(length("\uff11\uff16")).toBe(16);
    expect(length("9223372036854775807")).toBe(2 ** 63);
    for (const unparsable of [
      "",
      "+",
      "-",
      "1 2",
      "0x10",
      "1e3",
      "\u00a016",
      "9223372036854775808",
      "9".repeat(5000),
    ]) {
      expect(length(unparsable), JSON.stringify(unparsable)).toBe(OriginAnswer.UNBOUNDED_LENGTH);
    }
  });

  it("the stale-if-error status without an origin answer has no forward status", () => {
    const entry = staleEntry(ruleWithStaleWindows(0, 7200));
    const now = NOW;

    const served = OriginAnswer.staleIfErrorStatus(entry, MISS, 0, now);

    expect(served.forwardStatus).toBeUndefined();
    expect(served.collapsed).toBe(false);
    expect(served.detail).toBe("stale-if-error");
  });
});
