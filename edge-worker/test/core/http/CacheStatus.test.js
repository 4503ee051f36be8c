import { describe, expect, it } from "vitest";
import { CacheStatus } from "../../../src/core/http/CacheStatus.js";

describe("CacheStatus", () => {
  it("fresh hit shows its remaining ttl", () => {
    expect(CacheStatus.hit(60, "fresh").format()).toBe("Tiergate; hit; ttl=60; detail=fresh");
  });

  it("stale hit shows a negative ttl", () => {
    // RFC 9211 §2.7: ttl is negative once the response is stale.
    expect(CacheStatus.hit(-5, "stale-while-revalidate").format()).toBe(
      "Tiergate; hit; ttl=-5; detail=stale-while-revalidate",
    );
  });

  it("hit without detail has no detail parameter", () => {
    expect(CacheStatus.hit(10, null).format()).toBe("Tiergate; hit; ttl=10");
    expect(CacheStatus.hit(10, undefined).format()).toBe("Tiergate; hit; ttl=10");
  });

  it("forward before the origin answers shows only the reason", () => {
    expect(CacheStatus.forward("uri-miss", "not-stored").format()).toBe("Tiergate; fwd=uri-miss; detail=not-stored");
    expect(CacheStatus.forward("bypass", null).format()).toBe("Tiergate; fwd=bypass");
  });

  it("stored forward lists parameters in field order", () => {
    const status = CacheStatus.forward("uri-miss", "not-stored").withForwardStatus(200).withStored(60);

    expect(status.format()).toBe("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
  });

  it("collapsed forward is marked", () => {
    const status = CacheStatus.forward("vary-miss", "variant-not-stored").withForwardStatus(304).withCollapsed();

    expect(status.format()).toBe("Tiergate; fwd=vary-miss; fwd-status=304; collapsed; detail=variant-not-stored");
  });

  it("ttl and detail can be replaced", () => {
    const status = CacheStatus.forward("stale", "stale")
      .withForwardStatus(503)
      .withTtl(-30)
      .withDetail("stale-if-error");

    expect(status.format()).toBe("Tiergate; fwd=stale; fwd-status=503; ttl=-30; detail=stale-if-error");
    expect(status.stored).toBe(false);
    expect(status.withDetail(null).format()).toBe("Tiergate; fwd=stale; fwd-status=503; ttl=-30");
  });

  it("tier comes after RFC 9211's own parameters", () => {
    expect(CacheStatus.hit(30, "fresh").withTier(CacheStatus.TIER_L2).format()).toBe(
      "Tiergate; hit; ttl=30; detail=fresh; tier=l2",
    );
    const every = CacheStatus.forward("stale", "stale")
      .withTier(CacheStatus.TIER_L1)
      .withForwardStatus(304)
      .withCollapsed()
      .withStored(10);

    expect(every.format()).toBe(
      "Tiergate; fwd=stale; fwd-status=304; stored; collapsed; ttl=10; detail=stale; tier=l1",
    );
  });

  it("tier can be removed and is kept by the other changes", () => {
    const fromL1 = CacheStatus.forward("stale", "stale").withTier(CacheStatus.TIER_L1);

    expect(fromL1.withTtl(-5).withDetail("stale-if-error").tier).toBe("l1");
    expect(fromL1.withTier(null).format()).toBe("Tiergate; fwd=stale; detail=stale");
    expect(CacheStatus.hit(10, null).tier).toBeUndefined();
  });

  it("member can carry another cache's name", () => {
    const status = CacheStatus.forward("uri-miss", "not-stored").withForwardStatus(200).withStored(60);

    expect(status.format("Regional")).toBe("Regional; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
    expect(status.format()).toBe("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
  });

  it("names are RFC 8941 tokens", () => {
    // RFC 8941 §3.3.4: sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )
    for (const name of [
      "Tiergate",
      "tiergate-edge",
      "Regional",
      "*",
      "cdn.example.com",
      "eu:west/1",
      "a!#$%&'*+-.^_`|~",
    ]) {
      expect(CacheStatus.isValidName(name), name).toBe(true);
    }
    const invalid = ["", "1cdn", "-cdn", ":cdn", "Tier gate", "tier;gate", "tier,gate", "tier=gate", '"tier"'];
    for (const name of [...invalid, "tier\tgate", "Zürich", "tier(1)", "tier@eu", null]) {
      expect(CacheStatus.isValidName(name), String(name)).toBe(false);
    }
  });

  it("field name and cache name are fixed", () => {
    expect(CacheStatus.FIELD).toBe("Cache-Status");
    expect(CacheStatus.CACHE_NAME).toBe("Tiergate");
    expect(CacheStatus.TIER_L1).toBe("l1");
    expect(CacheStatus.TIER_L2).toBe("l2");
  });
});
