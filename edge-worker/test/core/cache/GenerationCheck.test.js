import { describe, expect, it } from "vitest";
import { CacheRequest } from "../../../src/core/cache/CacheRequest.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { Decider } from "../../../src/core/cache/Decider.js";
import { Decision } from "../../../src/core/cache/Decision.js";
import { GenerationCheck } from "../../../src/core/cache/GenerationCheck.js";
import { GenerationCounter } from "../../../src/core/cache/GenerationCounter.js";
import { Generations } from "../../../src/core/cache/Generations.js";
import { StoredResponse } from "../../../src/core/cache/StoredResponse.js";
import { VariantSet } from "../../../src/core/cache/VariantSet.js";
import { CacheControl } from "../../../src/core/http/CacheControl.js";
import { Headers } from "../../../src/core/http/Headers.js";

// The twin of the gateway's GenerationCheckTest: how a stamp compares with the current counters, and
// what that does to a variant set.

const STORED = Date.parse("2026-01-01T00:00:00Z");
const FAMILY = "f00d";
const { Verdict } = GenerationCheck;

function entry(stamp) {
  return new StoredResponse(
    200,
    Headers.of("Cache-Control", "max-age=60"),
    new Uint8Array(0),
    STORED,
    0,
    60,
    30,
    0,
    CacheControl.parse("max-age=60"),
    [],
    "",
    new Set(["product:1"]),
    stamp,
  );
}

/** The known counters; every other scope has never been purged. */
function counters(known) {
  return (scope) => known.get(scope) ?? GenerationCounter.ZERO;
}

const STAMP = new Generations(2, "product", 1, 4, new Map([["product:1", 3]]));

describe("GenerationCheck", () => {
  it("an entry stamped at the current generations is current", () => {
    const now = new Map([
      ["all", new GenerationCounter(2, 2)],
      ["r:product", new GenerationCounter(1, 0)],
      ["u:" + FAMILY, new GenerationCounter(4, 4)],
      ["t:product:1", new GenerationCounter(3, 1)],
    ]);

    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now))).toBe(Verdict.CURRENT);
  });

  it("a hard purge of any scope after storing purges it", () => {
    for (const scope of ["all", "r:product", "u:" + FAMILY, "t:product:1"]) {
      const stamped = STAMP.byScope(FAMILY).get(scope);
      const now = new Map([[scope, new GenerationCounter(stamped, stamped).next(true)]]);

      expect(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now)), scope).toBe(Verdict.PURGED);
    }
  });

  it("a soft purge makes it stale and a hard one later still purges it", () => {
    const soft = new GenerationCounter(3, 0).next(false);
    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(new Map([["t:product:1", soft]])))).toBe(
      Verdict.STALE,
    );

    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(new Map([["t:product:1", soft.next(true)]])))).toBe(
      Verdict.PURGED,
    );
  });

  it("a purge of another tag or route does not reach it", () => {
    const now = new Map([
      ["t:product:2", new GenerationCounter(9, 9)],
      ["r:search", new GenerationCounter(9, 9)],
    ]);

    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now))).toBe(Verdict.CURRENT);
  });

  it("an unknown generation makes it unusable but a hard purge still wins", () => {
    const unknownTag = (scope) => (scope.startsWith("t:") ? undefined : GenerationCounter.ZERO);
    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, unknownTag)).toBe(Verdict.UNKNOWN);

    const purgedAll = (scope) => (scope === "all" ? new GenerationCounter(5, 5) : undefined);
    expect(GenerationCheck.verdict(entry(STAMP), FAMILY, purgedAll)).toBe(Verdict.PURGED);
  });

  it("counters merge to the later observation whatever the order", () => {
    const a = new GenerationCounter(5, 3);
    const b = new GenerationCounter(4, 4);

    expect(a.merge(b)).toStrictEqual(new GenerationCounter(5, 4));
    expect(a.merge(b)).toStrictEqual(b.merge(a));
  });

  it("apply drops purged variants and expires stale ones", () => {
    const purged = entry(new Generations(0, "product", 0, 0, new Map()));
    const stale = entry(new Generations(1, "product", 0, 0, new Map()));
    const staleWithKey = new StoredResponse(
      stale.status,
      stale.headers,
      stale.body,
      stale.responseTime,
      0,
      60,
      30,
      0,
      stale.directives,
      [],
      "b",
      new Set(),
      stale.generations,
    );
    const now = new Map([["all", new GenerationCounter(2, 1)]]);
    const later = STORED + 10_000;

    const usable = GenerationCheck.apply(new VariantSet([purged, staleWithKey]), FAMILY, counters(now), later);

    expect(usable.variants).toHaveLength(1);
    const expired = usable.variants[0];
    expect(expired.secondaryKey).toBe("b");
    expect(expired.ttlSeconds(later)).toBe(0);
    expect(expired.staleWhileRevalidateSeconds).toBe(30);
    expect(GenerationCheck.apply(VariantSet.of(purged), FAMILY, counters(now), later)).toBeUndefined();
  });

  it("apply returns the same set when nothing was purged", () => {
    const set = VariantSet.of(entry(STAMP));

    expect(GenerationCheck.apply(set, FAMILY, counters(new Map()), STORED)).toBe(set);
  });

  it("an expired copy decides as stale-while-revalidate", () => {
    const fresh = entry(STAMP);
    const later = STORED + 5_000;

    const decision = Decider.decide(
      new CacheRequest("GET", Headers.EMPTY),
      fresh.asExpired(later),
      false,
      CacheRule.RESPECT_ORIGIN,
      later,
    );

    expect(decision).toBeInstanceOf(Decision.StaleWhileRevalidate);
    expect(decision.cacheStatus().format()).toBe("Tiergate; hit; ttl=0; detail=stale-while-revalidate");
  });

  it("covers matches the scopes the entry belongs to", () => {
    const stored = entry(STAMP);

    expect(GenerationCheck.covers(stored, FAMILY, "all")).toBe(true);
    expect(GenerationCheck.covers(stored, FAMILY, "r:product")).toBe(true);
    expect(GenerationCheck.covers(stored, FAMILY, "u:" + FAMILY)).toBe(true);
    expect(GenerationCheck.covers(stored, FAMILY, "t:product:1")).toBe(true);
    expect(GenerationCheck.covers(stored, FAMILY, "t:product:2")).toBe(false);
    expect(GenerationCheck.covers(stored, FAMILY, "r:search")).toBe(false);
    expect(GenerationCheck.covers(stored, FAMILY, "u:other")).toBe(false);
  });
});
