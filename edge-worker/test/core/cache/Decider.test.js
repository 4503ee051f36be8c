import { describe, expect, it } from "vitest";
import { CacheRequest } from "../../../src/core/cache/CacheRequest.js";
import { CacheRule } from "../../../src/core/cache/CacheRule.js";
import { Decider } from "../../../src/core/cache/Decider.js";
import { Decision } from "../../../src/core/cache/Decision.js";
import { Headers } from "../../../src/core/http/Headers.js";
import { NOW, ONE_MINUTE_AGO, TEN_SECONDS_AGO, get, ruleWithStaleWindows, secondsAgo, storedAt } from "./fixtures.js";

// The twin of the gateway's DeciderTest.

/** The decision for `request` with `entry` stored (Java's `decide(CacheRequest, StoredResponse)`). */
function decideFor(request, entry) {
  return Decider.decide(request, entry, false, CacheRule.RESPECT_ORIGIN, NOW);
}

/** The decision for a GET with `requestHeaders` and `entry` stored. */
function decide(entry, ...requestHeaders) {
  return decideFor(get(...requestHeaders), entry);
}

/** An entry with `max-age=60` (plus `extraDirectives`) that became stale `seconds` ago. */
function staleBy(seconds, extraDirectives) {
  const cacheControl = extraDirectives === "" ? "max-age=60" : "max-age=60, " + extraDirectives;
  return storedAt(secondsAgo(60 + seconds), "Cache-Control", cacheControl);
}

describe("Decider", () => {
  it("fresh entry is a hit", () => {
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

    const decision = decide(entry);

    expect(decision).toStrictEqual(new Decision.Hit(entry, 10, 50, Decider.FRESH));
    expect(decision.cacheStatus().format()).toBe("Tiergate; hit; ttl=50; detail=fresh");
  });

  it("HEAD is answered from the stored GET", () => {
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

    expect(decideFor(new CacheRequest("HEAD", Headers.EMPTY), entry)).toBeInstanceOf(Decision.Hit);
  });

  it("entry whose age equals its lifetime is stale", () => {
    // RFC 9111 §4.2: response_is_fresh = (freshness_lifetime > current_age).
    const entry = storedAt(ONE_MINUTE_AGO, "Cache-Control", "max-age=60");

    expect(decide(entry)).toStrictEqual(new Decision.Revalidate(entry, "stale", Decider.STALE));
  });

  it("stale entry is revalidated", () => {
    const entry = staleBy(30, "");

    const decision = decide(entry);

    expect(decision).toStrictEqual(new Decision.Revalidate(entry, "stale", Decider.STALE));
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=stale; detail=stale");
  });

  it("Age header from upstream counts towards the age", () => {
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60", "Age", "50");

    expect(decide(entry)).toBeInstanceOf(Decision.Revalidate);
  });

  it("response no-cache always revalidates", () => {
    // RFC 9111 §5.2.2.4: no-cache forbids reuse "without forwarding it for validation".
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600, No-Cache", "ETag", '"v1"');

    expect(decide(entry)).toStrictEqual(new Decision.Revalidate(entry, "stale", Decider.RESPONSE_NO_CACHE));
  });

  it("request no-cache revalidates a fresh entry", () => {
    // RFC 9111 §5.2.1.4.
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600");

    const decision = decide(entry, "Cache-Control", "no-cache");

    expect(decision).toStrictEqual(new Decision.Revalidate(entry, "request", Decider.REQUEST_NO_CACHE));
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=request; detail=request-no-cache");
  });

  it("Pragma: no-cache counts only without Cache-Control", () => {
    // RFC 9111 §5.4: Pragma: no-cache is honoured only when the request has no Cache-Control field.
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600");

    expect(decide(entry, "Pragma", "no-cache")).toStrictEqual(
      new Decision.Revalidate(entry, "request", Decider.REQUEST_NO_CACHE),
    );
    expect(decide(entry, "Pragma", "no-cache", "Cache-Control", "max-stale=10")).toBeInstanceOf(Decision.Hit);
    expect(decide(entry, "Pragma", "unrecognised-extension")).toBeInstanceOf(Decision.Hit);
  });

  it("request max-age rejects an older entry", () => {
    // RFC 9111 §5.2.1.1: the client prefers a response whose age is at most max-age.
    const entry = storedAt(secondsAgo(30), "Cache-Control", "max-age=3600");

    expect(decide(entry, "Cache-Control", "max-age=29")).toStrictEqual(
      new Decision.Revalidate(entry, "request", Decider.REQUEST_MAX_AGE),
    );
    expect(decide(entry, "Cache-Control", "max-age=30")).toBeInstanceOf(Decision.Hit);
  });

  it("request max-age=0 accepts only an entry of age zero", () => {
    expect(decide(storedAt(NOW, "Cache-Control", "max-age=3600"), "Cache-Control", "max-age=0")).toBeInstanceOf(
      Decision.Hit,
    );
    expect(
      decide(storedAt(secondsAgo(1), "Cache-Control", "max-age=3600"), "Cache-Control", "max-age=0"),
    ).toBeInstanceOf(Decision.Revalidate);
  });

  it("invalid request max-age is read as zero", () => {
    const entry = storedAt(secondsAgo(1), "Cache-Control", "max-age=3600");

    expect(decide(entry, "Cache-Control", "max-age=soon")).toBeInstanceOf(Decision.Revalidate);
  });

  it("min-fresh rejects an entry expiring too soon", () => {
    // RFC 9111 §5.2.1.3: lifetime must be at least current age plus min-fresh.
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

    expect(decide(entry, "Cache-Control", "min-fresh=51")).toStrictEqual(
      new Decision.Revalidate(entry, "request", Decider.REQUEST_MIN_FRESH),
    );
    expect(decide(entry, "Cache-Control", "min-fresh=50")).toBeInstanceOf(Decision.Hit);
  });

  it("max-stale accepts a stale entry within its bound", () => {
    // RFC 9111 §5.2.1.2: exceeded its freshness lifetime by no more than the given seconds.
    const entry = staleBy(10, "");

    expect(decide(entry, "Cache-Control", "max-stale=10")).toStrictEqual(
      new Decision.Hit(entry, 70, -10, Decider.MAX_STALE),
    );
    expect(decide(entry, "Cache-Control", "max-stale=9")).toBeInstanceOf(Decision.Revalidate);
  });

  it("max-stale without a value accepts any staleness", () => {
    expect(decide(staleBy(86_400, ""), "Cache-Control", "max-stale")).toBeInstanceOf(Decision.Hit);
  });

  it.each(["must-revalidate", "proxy-revalidate", "s-maxage=60"])(
    "origin revalidation directive %s forbids client max-stale",
    (directive) => {
      // RFC 9111 §5.2.2.2, §5.2.2.8, §5.2.2.10 (s-maxage incorporates proxy-revalidate).
      const entry = staleBy(10, directive);

      expect(decide(entry, "Cache-Control", "max-stale=3600")).toBeInstanceOf(Decision.Revalidate);
    },
  );

  it.each(["must-revalidate", "proxy-revalidate"])("%s forbids stale-while-revalidate", (directive) => {
    const entry = staleBy(5, directive + ", stale-while-revalidate=30");

    expect(decide(entry)).toStrictEqual(new Decision.Revalidate(entry, "stale", Decider.STALE));
  });

  it.each(["must-revalidate", "proxy-revalidate", "no-cache"])("%s forbids stale-if-error", (directive) => {
    const entry = staleBy(5, directive + ", stale-if-error=300");

    expect(Decider.mayServeStaleOnError(entry, NOW)).toBe(false);
  });

  it("s-maxage still honours the origin's own stale-while-revalidate", () => {
    // A documented choice: the origin sent both s-maxage and stale-while-revalidate, as CDNs read them.
    const entry = storedAt(secondsAgo(65), "Cache-Control", "s-maxage=60, stale-while-revalidate=30");

    expect(decide(entry)).toStrictEqual(
      new Decision.StaleWhileRevalidate(entry, 65, -5, Decider.STALE_WHILE_REVALIDATE),
    );
  });

  it("s-maxage still honours the origin's own stale-if-error", () => {
    const entry = storedAt(secondsAgo(65), "Cache-Control", "s-maxage=60, stale-if-error=30");

    expect(Decider.mayServeStaleOnError(entry, NOW)).toBe(true);
  });

  it.each([
    [0, true],
    [1, true],
    [29, true],
    [30, false],
    [31, false],
  ])("stale-while-revalidate window: stale by %i, served stale %s", (staleness, servedStale) => {
    // RFC 5861 §3: stale responses may be served "up to the indicated number of seconds" after becoming stale.
    const entry = staleBy(staleness, "stale-while-revalidate=30");

    const decision = decide(entry);

    // 0 - staleness, not -staleness: Java's long has no negative zero, and the entry's ttl is 60 - 60 = 0.
    if (servedStale) {
      expect(decision).toStrictEqual(
        new Decision.StaleWhileRevalidate(entry, 60 + staleness, 0 - staleness, Decider.STALE_WHILE_REVALIDATE),
      );
    } else {
      expect(decision).toStrictEqual(new Decision.Revalidate(entry, "stale", Decider.STALE));
    }
  });

  it("stale-while-revalidate is reported as a stale hit", () => {
    const decision = decide(staleBy(5, "stale-while-revalidate=30"));

    expect(decision.cacheStatus().format()).toBe("Tiergate; hit; ttl=-5; detail=stale-while-revalidate");
  });

  it("route default stale-while-revalidate applies without an origin directive", () => {
    const entry = storedAt(secondsAgo(65), ruleWithStaleWindows(30, 0), "Cache-Control", "max-age=60");

    expect(decide(entry)).toBeInstanceOf(Decision.StaleWhileRevalidate);
  });

  it.each([
    [0, true],
    [299, true],
    [300, false],
    [301, false],
  ])("stale-if-error window: stale by %i, served on error %s", (staleness, servedOnError) => {
    // RFC 5861 §4.
    expect(Decider.mayServeStaleOnError(staleBy(staleness, "stale-if-error=300"), NOW)).toBe(servedOnError);
  });

  it("without stale-if-error a stale entry is never served on error", () => {
    // RFC 9111 §4.2.4: a stale response needs explicit permission, even in the second the entry expires.
    expect(Decider.mayServeStaleOnError(staleBy(0, ""), NOW)).toBe(false);
    expect(Decider.mayServeStaleOnError(staleBy(10, ""), NOW)).toBe(false);
  });

  it("route default stale-if-error applies without an origin directive", () => {
    const entry = storedAt(secondsAgo(70), ruleWithStaleWindows(0, 60), "Cache-Control", "max-age=60");

    expect(Decider.mayServeStaleOnError(entry, NOW)).toBe(true);
  });

  it("only-if-cached without a stored response is unsatisfiable", () => {
    // RFC 9111 §5.2.1.7: respond from the cache or with 504.
    const decision = Decider.decide(
      get("Cache-Control", "only-if-cached"),
      undefined,
      false,
      CacheRule.RESPECT_ORIGIN,
      NOW,
    );

    expect(decision).toStrictEqual(new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED));
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=miss; detail=only-if-cached");
  });

  it("only-if-cached never forwards for validation", () => {
    expect(decide(staleBy(10, ""), "Cache-Control", "only-if-cached")).toStrictEqual(
      new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED),
    );
    expect(
      decide(storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60"), "Cache-Control", "only-if-cached, no-cache"),
    ).toStrictEqual(new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED));
  });

  it("only-if-cached is served by any usable stored response", () => {
    expect(
      decide(storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60"), "Cache-Control", "only-if-cached"),
    ).toBeInstanceOf(Decision.Hit);
    expect(decide(staleBy(10, ""), "Cache-Control", "only-if-cached, max-stale=60")).toBeInstanceOf(Decision.Hit);
    expect(decide(staleBy(10, "stale-while-revalidate=60"), "Cache-Control", "only-if-cached")).toBeInstanceOf(
      Decision.StaleWhileRevalidate,
    );
  });

  it("a miss is a uri-miss when nothing is stored for the URI", () => {
    const decision = Decider.decide(get(), undefined, false, CacheRule.RESPECT_ORIGIN, NOW);

    expect(decision).toStrictEqual(new Decision.Miss("uri-miss", Decider.NOT_STORED));
    // fwd=uri-miss says it all: a miss carries no detail.
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=uri-miss");
  });

  it("a miss is a vary-miss when only other variants are stored", () => {
    const decision = Decider.decide(get(), undefined, true, CacheRule.RESPECT_ORIGIN, NOW);

    expect(decision).toStrictEqual(new Decision.Miss("vary-miss", Decider.VARIANT_NOT_STORED));
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=vary-miss");
  });

  it("route bypass ignores the stored response", () => {
    const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

    const decision = Decider.decide(get(), entry, false, CacheRule.BYPASS, NOW);

    expect(decision).toStrictEqual(new Decision.Bypass("bypass", Decider.ROUTE_BYPASS));
    expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=bypass; detail=route-bypass");
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get"])(
    "non-cacheable method %s bypasses before anything else",
    (method) => {
      const entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

      const decision = Decider.decide(
        new CacheRequest(method, Headers.of("Cache-Control", "only-if-cached")),
        entry,
        false,
        CacheRule.BYPASS,
        NOW,
      );

      expect(decision).toStrictEqual(new Decision.Bypass("method", Decider.METHOD));
      expect(decision.cacheStatus().format()).toBe("Tiergate; fwd=method; detail=method");
    },
  );

  it.each([
    ["POST", 200],
    ["POST", 201],
    ["PUT", 204],
    ["DELETE", 200],
    ["PATCH", 200],
    ["M-SEARCH", 200],
    ["POST", 303],
    ["PUT", 399],
  ])("unsafe or unknown method %s with non-error status %i invalidates the target", (method, status) => {
    // RFC 9111 §4.4: including "methods whose safety is unknown".
    expect(Decider.invalidatesTarget(method, status)).toBe(true);
  });

  it.each([
    ["POST", 100],
    ["POST", 400],
    ["PUT", 404],
    ["DELETE", 500],
    ["POST", 503],
    ["GET", 200],
    ["HEAD", 200],
    ["OPTIONS", 200],
    ["TRACE", 200],
  ])("errors and safe methods do not invalidate: %s %i", (method, status) => {
    expect(Decider.invalidatesTarget(method, status)).toBe(false);
  });
});
