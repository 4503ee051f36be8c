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

  it("carries the gateway tier that held the entry for an edge miss; the edge's own member names no tier", async () => {
    const path = `${uniquePath("chain-tier")}?cache-control=max-age=60`;
    // Stored at the gateway first, as another location's request would have left it.
    await (await fetch(`${inject("gatewayUrl")}${path}`)).arrayBuffer();
    const worker = edge({ upstream: inject("gatewayUrl") });

    const miss = await worker.request(path);
    await miss.arrayBuffer();

    // Whether the gateway serves its entry or revalidates it, its member says the entry was in its L1.
    expect(miss.headers.get("cache-status")).toMatch(
      /^Tiergate; [^,]*; tier=l1, tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=(5[789]|60)$/,
    );
  });
});
