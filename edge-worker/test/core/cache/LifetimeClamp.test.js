import { describe, expect, it } from "vitest";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { StorePlan } from "../../../src/core/cache/StorePlan.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { Storability } from "../../../src/core/http/Storability.js";
import { BODY, NOW, get, httpDate, secondsAgo } from "./fixtures.js";

// The twin of the gateway's LifetimeClampTest: how a route's minTtl, maxTtl, negativeTtl and ttl shape
// the stored lifetime.

function rule(ttl, minTtl, maxTtl, negativeTtl) {
  return new CacheRule(
    false,
    ttl,
    undefined,
    undefined,
    CacheRule.DEFAULT_MAX_OBJECT_BYTES,
    false,
    CacheRule.DEFAULT_KEEP_SECONDS,
    minTtl,
    maxTtl,
    negativeTtl,
  );
}

const MIN_60_MAX_3600 = rule(undefined, 60, 3600, undefined);
const NEGATIVE_30 = rule(undefined, undefined, undefined, 30);

function plan(cacheRule, status, ...responseHeaders) {
  const headers = Headers.of(...responseHeaders)
    .toBuilder()
    .add("Date", httpDate(NOW))
    .build();
  return StorePlan.plan(get(), status, headers, BODY, NOW, NOW, cacheRule, new Set());
}

function lifetime(cacheRule, status, ...responseHeaders) {
  const planned = plan(cacheRule, status, ...responseHeaders);
  expect(planned.reason).toBe(Storability.Reason.STORABLE);
  return planned.entry.lifetimeSeconds;
}

describe("lifetime clamps", () => {
  it("origin lifetime within the clamps is kept", () => {
    expect(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=120")).toBe(120);
  });

  it("short origin lifetime is raised to minTtl", () => {
    expect(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=10")).toBe(60);
    expect(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "s-maxage=5, max-age=600")).toBe(60);
  });

  it("long origin lifetime is cut to maxTtl", () => {
    expect(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=86400")).toBe(3600);
    expect(lifetime(MIN_60_MAX_3600, 200, "Expires", httpDate(NOW + 7_200_000))).toBe(3600);
  });

  it("explicit zero lifetime is also raised to minTtl", () => {
    expect(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=0")).toBe(60);
    expect(lifetime(MIN_60_MAX_3600, 200, "Expires", "0")).toBe(60);
  });

  it("heuristic lifetime is clamped too", () => {
    // 10% of 1000 s since Last-Modified = 100 s.
    const lastModified = httpDate(secondsAgo(1000));
    expect(lifetime(rule(undefined, 300, undefined, undefined), 200, "Last-Modified", lastModified)).toBe(300);
    expect(lifetime(rule(undefined, undefined, 30, undefined), 200, "Last-Modified", lastModified)).toBe(30);
  });

  it("minTtl does not invent freshness for a response without any", () => {
    const planned = plan(MIN_60_MAX_3600, 200);

    expect(planned.storable()).toBe(false);
    expect(planned.reason).toBe(Storability.Reason.NO_FRESHNESS);
  });

  it("clamps never make a private or no-store response storable", () => {
    expect(plan(MIN_60_MAX_3600, 200, "Cache-Control", "private, max-age=10").reason).toBe(Storability.Reason.PRIVATE);
    expect(plan(MIN_60_MAX_3600, 200, "Cache-Control", "no-store, max-age=10").reason).toBe(
      Storability.Reason.NO_STORE,
    );
  });

  it("without clamps the origin lifetime is untouched", () => {
    expect(lifetime(CacheRule.RESPECT_ORIGIN, 200, "Cache-Control", "max-age=7")).toBe(7);
    expect(lifetime(CacheRule.RESPECT_ORIGIN, 200, "Cache-Control", "max-age=31536000")).toBe(31_536_000);
  });

  it("a 404 or 410 without freshness gets the negativeTtl", () => {
    expect(lifetime(NEGATIVE_30, 404)).toBe(30);
    expect(lifetime(NEGATIVE_30, 410)).toBe(30);
  });

  it("negativeTtl replaces a heuristic lifetime", () => {
    expect(lifetime(NEGATIVE_30, 404, "Last-Modified", httpDate(secondsAgo(100_000)))).toBe(30);
  });

  it("a 404 or 410 with explicit freshness keeps the origin's", () => {
    expect(lifetime(NEGATIVE_30, 404, "Cache-Control", "max-age=5")).toBe(5);
    expect(lifetime(NEGATIVE_30, 410, "Expires", httpDate(NOW + 90_000))).toBe(90);
  });

  it("negativeTtl applies only to 404 and 410", () => {
    expect(plan(NEGATIVE_30, 200).reason).toBe(Storability.Reason.NO_FRESHNESS);
    expect(plan(NEGATIVE_30, 500).reason).toBe(Storability.Reason.NO_FRESHNESS);
    expect(plan(NEGATIVE_30, 403).reason).toBe(Storability.Reason.NO_FRESHNESS);
  });

  it("without negativeTtl a 404 without freshness is not stored", () => {
    expect(plan(CacheRule.RESPECT_ORIGIN, 404).storable()).toBe(false);
  });

  it("negativeTtl never overrides private or no-store", () => {
    expect(plan(NEGATIVE_30, 404, "Cache-Control", "private").reason).toBe(Storability.Reason.PRIVATE);
    expect(plan(NEGATIVE_30, 404, "Cache-Control", "no-store").reason).toBe(Storability.Reason.NO_STORE);
  });

  it("negativeTtl is the route's own value and is not clamped by maxTtl", () => {
    const cacheRule = rule(undefined, undefined, 10, 300);

    expect(lifetime(cacheRule, 404)).toBe(300);
    expect(lifetime(cacheRule, 404, "Cache-Control", "max-age=60"), "explicit origin freshness is clamped").toBe(10);
  });

  it("route ttl overrides the origin and is not clamped", () => {
    const cacheRule = rule(7200, 60, 3600, 30);

    expect(lifetime(cacheRule, 200, "Cache-Control", "max-age=10")).toBe(7200);
    expect(lifetime(cacheRule, 404), "ttl wins over negativeTtl").toBe(7200);
  });
});
