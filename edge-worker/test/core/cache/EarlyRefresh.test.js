import { describe, expect, it } from "vitest";
import { EarlyRefresh } from "../../../src/core/cache/EarlyRefresh.js";
import { RefreshRule } from "../../../src/core/cache/RefreshRule.js";
import { StoredResponse } from "../../../src/core/cache/StoredResponse.js";
import { CacheControl } from "../../../src/core/http/CacheControl.js";
import { Headers } from "../../../src/core/http/Headers.js";

// The twin of the gateway's EarlyRefreshTest: XFetch and refresh-ahead as pure decisions, the random
// draw and the hit count are inputs.

const STORED = Date.parse("2025-01-01T00:00:00Z");

function entry(lifetimeSeconds, fetchMillis) {
  return new StoredResponse(
    200,
    Headers.EMPTY,
    new Uint8Array(0),
    STORED,
    0,
    lifetimeSeconds,
    0,
    0,
    CacheControl.EMPTY,
    [],
    "",
    new Set(),
  ).withFetchMillis(fetchMillis);
}

describe("EarlyRefresh", () => {
  it.each([1.0, 0.5, 0.1, 0.01, 0.001])("never refreshes far from expiry (random %s)", (random) => {
    // A 200 ms fetch, 60 s of freshness left: even an unlucky draw is nowhere near.
    expect(EarlyRefresh.xfetch(60_000, 200, 1.0, random)).toBe(false);
  });

  it.each([1.0, 0.999, 0.5, 0.001])("always refreshes at expiry (random %s)", (random) => {
    expect(EarlyRefresh.xfetch(0, 200, 1.0, random)).toBe(true);
    expect(EarlyRefresh.xfetch(-5, 200, 1.0, random)).toBe(true);
  });

  it("refreshes when the scaled draw reaches the remaining time", () => {
    // -200 * 1 * ln(0.1) = 460.5 ms
    expect(EarlyRefresh.xfetch(460, 200, 1.0, 0.1)).toBe(true);
    expect(EarlyRefresh.xfetch(461, 200, 1.0, 0.1)).toBe(false);
  });

  it("is monotone in beta", () => {
    const betas = [0.1, 0.5, 1, 2, 5, 10, 100];
    for (const random of [0.9, 0.5, 0.1, 0.01]) {
      for (const remaining of [10, 100, 1_000, 10_000]) {
        let refreshed = false;
        for (const beta of betas) {
          const now = EarlyRefresh.xfetch(remaining, 500, beta, random);
          // Once a beta refreshes, every larger beta does too.
          expect(now || !refreshed, `beta ${beta}, random ${random}, remaining ${remaining}`).toBe(true);
          refreshed = now;
        }
      }
    }
  });

  it("a free fetch never refreshes before expiry", () => {
    expect(EarlyRefresh.xfetch(1, 0, 100, 0.0001)).toBe(false);
  });

  it.each([0.0, -0.1, 1.01, Number.NaN])("random must be in the half-open unit interval (%s)", (random) => {
    expect(() => EarlyRefresh.xfetch(1_000, 100, 1, random)).toThrow(Error);
  });

  it("random out of range is reported as Java reports it", () => {
    expect(() => EarlyRefresh.xfetch(1_000, 100, 1, 0)).toThrow("random: 0.0 (expected: in (0, 1])");
    expect(() => EarlyRefresh.xfetch(1_000, 100, 1, Number.NaN)).toThrow("random: NaN (expected: in (0, 1])");
    expect(() => EarlyRefresh.xfetch(1_000, 100, 1, 1.01)).toThrow("random: 1.01 (expected: in (0, 1])");
  });

  it("decide uses the entry's remaining freshness and fetch duration", () => {
    const stored = entry(60, 2_000);
    const xfetch = RefreshRule.NONE.withBeta(1.0);

    // -2000 * ln(0.01) = 9.2 s: refreshes with 9 s left, not with 10 s.
    expect(EarlyRefresh.decide(stored, xfetch, 0.01, 1, STORED + 51_000)).toBe(EarlyRefresh.XFETCH);
    expect(EarlyRefresh.decide(stored, xfetch, 0.01, 1, STORED + 50_000)).toBeUndefined();
    expect(EarlyRefresh.decide(stored, RefreshRule.NONE, 0.0001, 1_000, STORED + 59_000)).toBeUndefined();
  });

  it("refresh-ahead needs both the window and the hits", () => {
    const stored = entry(60, 0);
    const ahead = RefreshRule.NONE.withAhead(10, 5);

    expect(EarlyRefresh.decide(stored, ahead, 1.0, 5, STORED + 51_000)).toBe(EarlyRefresh.AHEAD);
    expect(EarlyRefresh.decide(stored, ahead, 1.0, 4, STORED + 51_000)).toBeUndefined();
    expect(EarlyRefresh.decide(stored, ahead, 1.0, 500, STORED + 50_000)).toBeUndefined();
  });

  it("remaining freshness counts the initial age in milliseconds", () => {
    const aged = new StoredResponse(
      200,
      Headers.EMPTY,
      new Uint8Array(0),
      STORED,
      10,
      60,
      0,
      0,
      CacheControl.EMPTY,
      [],
      "",
      new Set(),
    );

    expect(EarlyRefresh.remainingMillis(aged, STORED + 1_500)).toBe(48_500);
  });
});
