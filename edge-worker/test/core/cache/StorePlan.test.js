import { describe, expect, it } from "vitest";
import { CacheRequest } from "../../../src/core/cache/CacheRequest.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { StorePlan } from "../../../src/core/cache/StorePlan.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { Storability } from "../../../src/core/http/Storability.js";
import {
  BODY,
  NOW,
  ONE_MINUTE_AGO,
  TEN_SECONDS_AGO,
  get,
  httpDate,
  ruleWithStaleWindows,
  secondsAgo,
  storedAt,
} from "./fixtures.js";

// The twin of the gateway's StorePlanTest.

const ALLOW_SET_COOKIE = new CacheRule(
  false,
  undefined,
  undefined,
  undefined,
  CacheRule.DEFAULT_MAX_OBJECT_BYTES,
  true,
  CacheRule.DEFAULT_KEEP_SECONDS,
);

function routeTtl(seconds) {
  return new CacheRule(
    false,
    seconds,
    undefined,
    undefined,
    CacheRule.DEFAULT_MAX_OBJECT_BYTES,
    false,
    CacheRule.DEFAULT_KEEP_SECONDS,
  );
}

/** A GET answered at NOW with no network delay. */
function plan(rule, ...responseHeaders) {
  return StorePlan.plan(get(), 200, Headers.of(...responseHeaders), BODY, NOW, NOW, rule, new Set());
}

describe("StorePlan", () => {
  it("a storable response becomes an entry with everything reuse needs", () => {
    const request = get("Accept-Encoding", "gzip", "Cookie", "a=b");
    const response = Headers.of(
      "Date",
      httpDate(TEN_SECONDS_AGO),
      "Age",
      "30",
      "Cache-Control",
      "max-age=60, stale-while-revalidate=15",
      "Vary",
      "Accept-Encoding",
      "Set-Cookie",
      "a=b",
      "ETag",
      '"v1"',
    );

    const planned = StorePlan.plan(
      request,
      200,
      response,
      BODY,
      secondsAgo(2),
      NOW,
      ALLOW_SET_COOKIE,
      new Set(["product:1"]),
    );

    expect(planned.storable()).toBe(true);
    expect(planned.reason).toBe(Storability.Reason.STORABLE);
    const entry = planned.entry;
    expect(entry.status).toBe(200);
    expect(entry.body).toEqual(BODY);
    expect(entry.responseTime).toBe(NOW);
    // RFC 9111 §4.2.3: max(apparent age 10, Age 30 + response delay 2).
    expect(entry.initialAgeSeconds).toBe(32);
    expect(entry.lifetimeSeconds).toBe(60);
    expect(entry.staleWhileRevalidateSeconds).toBe(15);
    expect(entry.staleIfErrorSeconds).toBe(0);
    expect(entry.directives.has("max-age")).toBe(true);
    expect(entry.varyFields).toEqual(["accept-encoding"]);
    expect(entry.secondaryKey).toBe("accept-encoding=gzip\n");
    expect([...entry.tags]).toEqual(["product:1"]);
    expect(entry.headers.contains("Set-Cookie")).toBe(false);
    expect(entry.headers.contains("Age")).toBe(false);
    expect(entry.headers.first("ETag")).toBe('"v1"');
    expect(entry.hasValidators()).toBe(true);
    expect(entry.ageSeconds(NOW)).toBe(32);
    expect(entry.ttlSeconds(NOW + 8_000)).toBe(20);
  });

  it("an unstorable response has a reason and no entry", () => {
    const planned = plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "no-store, max-age=60");

    expect(planned.storable()).toBe(false);
    expect(planned.reason).toBe(Storability.Reason.NO_STORE);
    expect(planned.entry).toBeUndefined();
  });

  it("a HEAD request is not stored", () => {
    const planned = StorePlan.plan(
      new CacheRequest("HEAD", Headers.EMPTY),
      200,
      Headers.of("Cache-Control", "max-age=60"),
      new Uint8Array(0),
      NOW,
      NOW,
      CacheRule.RESPECT_ORIGIN,
      new Set(),
    );

    expect(planned.reason).toBe(Storability.Reason.METHOD);
  });

  it("Vary: * is refused rather than stored", () => {
    expect(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=60", "Vary", "*").reason).toBe(
      Storability.Reason.VARY_STAR,
    );
  });

  it("a route ttl overrides the origin lifetime", () => {
    expect(plan(routeTtl(300), "Cache-Control", "max-age=10").entry.lifetimeSeconds).toBe(300);
  });

  it("a route ttl makes a response without freshness storable", () => {
    expect(plan(CacheRule.RESPECT_ORIGIN).reason).toBe(Storability.Reason.NO_FRESHNESS);
    expect(plan(routeTtl(300)).entry.lifetimeSeconds).toBe(300);
  });

  it("a route ttl does not override no-store or private", () => {
    expect(plan(routeTtl(300), "Cache-Control", "no-store").reason).toBe(Storability.Reason.NO_STORE);
    expect(plan(routeTtl(300), "Cache-Control", "private").reason).toBe(Storability.Reason.PRIVATE);
  });

  it("the origin's stale windows win over route defaults", () => {
    const entry = plan(
      ruleWithStaleWindows(120, 600),
      "Cache-Control",
      "max-age=60, stale-while-revalidate=30, stale-if-error=300",
    ).entry;

    expect(entry.staleWhileRevalidateSeconds).toBe(30);
    expect(entry.staleIfErrorSeconds).toBe(300);
  });

  it("route defaults apply when the origin sends no windows", () => {
    const entry = plan(ruleWithStaleWindows(120, 600), "Cache-Control", "max-age=60").entry;

    expect(entry.staleWhileRevalidateSeconds).toBe(120);
    expect(entry.staleIfErrorSeconds).toBe(600);
  });

  it("an invalid origin window is zero rather than the route default", () => {
    const entry = plan(
      ruleWithStaleWindows(120, 600),
      "Cache-Control",
      "max-age=60, stale-while-revalidate=soon, stale-if-error",
    ).entry;

    expect(entry.staleWhileRevalidateSeconds).toBe(0);
    expect(entry.staleIfErrorSeconds).toBe(0);
  });

  it("route default windows do not apply under s-maxage", () => {
    // RFC 9111 §5.2.2.10 and §4.2.4: s-maxage carries proxy-revalidate semantics; only the origin's own windows count.
    const withoutOriginWindows = plan(ruleWithStaleWindows(120, 600), "Cache-Control", "s-maxage=60").entry;
    const withOriginWindows = plan(
      ruleWithStaleWindows(120, 600),
      "Cache-Control",
      "s-maxage=60, stale-while-revalidate=30, stale-if-error=300",
    ).entry;

    expect(withoutOriginWindows.staleWhileRevalidateSeconds).toBe(0);
    expect(withoutOriginWindows.staleIfErrorSeconds).toBe(0);
    expect(withOriginWindows.staleWhileRevalidateSeconds).toBe(30);
    expect(withOriginWindows.staleIfErrorSeconds).toBe(300);
  });

  it("targeted windows are used", () => {
    const entry = plan(
      CacheRule.RESPECT_ORIGIN,
      "Cache-Control",
      "max-age=5, stale-while-revalidate=1",
      "CDN-Cache-Control",
      "max-age=60, stale-while-revalidate=45",
    ).entry;

    expect(entry.lifetimeSeconds).toBe(60);
    expect(entry.staleWhileRevalidateSeconds).toBe(45);
  });

  it("an expired response without validator or window is not kept", () => {
    expect(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0").reason).toBe(Storability.Reason.NO_FRESHNESS);
    expect(plan(CacheRule.RESPECT_ORIGIN, "Date", httpDate(NOW), "Expires", "0").reason).toBe(
      Storability.Reason.NO_FRESHNESS,
    );
  });

  it("an expired response with a validator or window is kept", () => {
    expect(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0", "ETag", '"v1"').storable()).toBe(true);
    expect(
      plan(
        CacheRule.RESPECT_ORIGIN,
        "Cache-Control",
        "max-age=0",
        "Last-Modified",
        httpDate(ONE_MINUTE_AGO),
      ).storable(),
    ).toBe(true);
    expect(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0, stale-if-error=60").storable()).toBe(true);
    expect(plan(ruleWithStaleWindows(30, 0), "Cache-Control", "max-age=0").storable()).toBe(true);
  });

  it("the secondary key records absent Vary fields", () => {
    const entry = plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=60", "Vary", "Foo, Accept").entry;

    expect(entry.varyFields).toEqual(["foo", "accept"]);
    expect(entry.secondaryKey.startsWith("foo=")).toBe(true);
    expect(entry.secondaryKey).toContain("\naccept=");
  });

  it("a fresh entry is retained for its ttl plus the longest window", () => {
    const entry = storedAt(TEN_SECONDS_AGO, ruleWithStaleWindows(30, 300), "Cache-Control", "max-age=60");

    expect(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN)).toBe(50 + 300);
  });

  it("an entry with validators is also kept for the keep period", () => {
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60", "ETag", '"v1"');

    expect(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN)).toBe(50 + CacheRule.DEFAULT_KEEP_SECONDS);
  });

  it("a stale entry is retained for its windows only", () => {
    const entry = storedAt(ONE_MINUTE_AGO, "Cache-Control", "max-age=10, stale-if-error=120");

    expect(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN)).toBe(120);
  });
});
