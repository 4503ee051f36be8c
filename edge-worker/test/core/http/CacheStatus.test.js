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

  it("field name and cache name are fixed", () => {
    expect(CacheStatus.FIELD).toBe("Cache-Status");
    expect(CacheStatus.CACHE_NAME).toBe("Tiergate");
  });
});

/** Not in CacheStatusTest: Java's format(String name) overload, an optional argument here. */
describe("CacheStatus under another cache's name", () => {
  it("uses the given name and keeps the parameters", () => {
    const status = CacheStatus.forward("uri-miss", "not-stored").withForwardStatus(200).withStored(60);

    expect(status.format("tiergate-edge")).toBe(
      "tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored",
    );
    expect(status.format()).toBe("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
  });
});
