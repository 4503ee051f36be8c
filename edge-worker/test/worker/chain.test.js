import { describe, expect, inject, it } from "vitest";
import { edge, originCount, uniquePath } from "./edge.js";

describe("the chain worker → gateway → origin-sim", { timeout: 30_000 }, () => {
  it("carries the gateway's Cache-Status member first and the edge's last, then hits at the edge", async () => {
    const worker = edge({ upstream: inject("gatewayUrl") });
    const path = `${uniquePath("chain")}?cache-control=max-age=60`;

    const miss = await worker.request(path);
    const body = await miss.text();
    const hit = await worker.request(path);

    expect(miss.status).toBe(200);
    // A cold JVM may take a second between the origin's Date and the answer: ttl 60 or 59 on each tier.
    expect(miss.headers.get("cache-status")).toMatch(
      /^Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=(59|60), tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=(5[89]|60)$/,
    );
    expect(hit.headers.get("cache-status")).toMatch(/^tiergate-edge; hit; ttl=\d+; detail=fresh$/);
    expect(await hit.text()).toBe(body);
    expect(await originCount(path)).toBe(1);
  });

  it("answers an edge miss from the gateway's cache: a second edge location costs the origin nothing", async () => {
    const path = `${uniquePath("chain-two-edges")}?cache-control=max-age=60`;
    const first = edge({ upstream: inject("gatewayUrl") });
    const second = edge({ upstream: inject("gatewayUrl"), cache: await caches.open("second-location") });

    const body = await (await first.request(path)).text();
    const elsewhere = await second.request(path);

    // The runtime adds Cache-Control: no-cache to a no-store fetch that has none; the worker sends its own,
    // so the gateway serves its stored entry (from its L1) instead of revalidating it.
    expect(elsewhere.headers.get("cache-status")).toMatch(
      /^Tiergate; hit; ttl=\d+; detail=fresh; tier=l1, tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=\d+$/,
    );
    expect(await elsewhere.text()).toBe(body);
    expect(await originCount(path)).toBe(1);

    // A client's own directive still travels end to end: no-cache makes both tiers go to the origin.
    const third = edge({ upstream: inject("gatewayUrl"), cache: await caches.open("third-location") });
    const reload = await third.request(path, { headers: { "Cache-Control": "no-cache" } });
    expect(reload.headers.get("cache-status")).toMatch(
      /^Tiergate; fwd=request; .*detail=request-no-cache; tier=l1, tiergate-edge; fwd=uri-miss;/,
    );
  });
});
