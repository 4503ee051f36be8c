import { describe, expect, inject, it } from "vitest";
import { edge, originCount, uniquePath } from "./edge.js";

/**
 * The worker in front of the chain gateway, with the secret the gateway trusts its forwarding fields by; a
 * `cache` of its own (`caches.open(name)`) makes it another edge location.
 */
function chainWorker(cache = caches.default) {
  return edge({
    upstream: inject("gatewayUrl"),
    bindings: { TIERGATE_UPSTREAM_SECRET: inject("upstreamSecret") },
    cache,
  });
}

describe("the chain worker → gateway → origin-sim", { timeout: 30_000 }, () => {
  it("carries the gateway's Cache-Status member first and the edge's last, then hits at the edge", async () => {
    const worker = chainWorker();
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
    const first = chainWorker();
    const second = chainWorker(await caches.open("second-location"));

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
    const third = chainWorker(await caches.open("third-location"));
    const reload = await third.request(path, { headers: { "Cache-Control": "no-cache" } });
    expect(reload.headers.get("cache-status")).toMatch(
      /^Tiergate; fwd=request; .*detail=request-no-cache; tier=l1, tiergate-edge; fwd=uri-miss;/,
    );
  });

  it("keeps two virtual hosts apart at the gateway, which trusts the worker's forwarded host", async () => {
    const worker = chainWorker();
    const path = `${uniquePath("hosts")}?cache-control=max-age=60`;

    const a = await worker.request(path, {}, "a.example");
    const bodyA = await a.text();
    const b = await worker.request(path, {}, "b.example");
    const bodyB = await b.text();

    // The worker fetches the gateway's own URL for both: only the forwarded host tells the sites apart there, so
    // the second site is a miss of its own key at the gateway too, never the first site's entry.
    const bothTiers =
      /^Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=\d+, tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=\d+$/;
    expect(a.headers.get("cache-status")).toMatch(bothTiers);
    expect(b.headers.get("cache-status")).toMatch(bothTiers);
    expect(bodyB).not.toBe(bodyA);
    expect(await originCount(path)).toBe(2);

    const againA = await worker.request(path, {}, "a.example");
    const againB = await worker.request(path, {}, "b.example");
    expect(await againA.text()).toBe(bodyA);
    expect(await againB.text()).toBe(bodyB);
    expect(await originCount(path)).toBe(2);
  });

  it("never lets a client's own forwarding fields choose the gateway's key", async () => {
    const worker = chainWorker();
    const path = `${uniquePath("forged")}?cache-control=max-age=60`;
    const forged = { headers: { "X-Forwarded-Host": "b.example", Forwarded: "host=b.example;for=10.0.0.1" } };

    await (await worker.request(path, forged, "a.example")).text();
    const b = await worker.request(path, {}, "b.example");
    await b.text();

    // The worker sets its own forwarding fields: the first request was keyed under a.example at the gateway.
    expect(b.headers.get("cache-status")).toMatch(/^Tiergate; fwd=uri-miss; /);
    expect(await originCount(path)).toBe(2);
  });

  it("sets its own forwarding fields when its policy binding is unusable too", async () => {
    const broken = edge({
      upstream: inject("gatewayUrl"),
      policy: "{}",
      bindings: { TIERGATE_UPSTREAM_SECRET: inject("upstreamSecret") },
    });
    const path = `${uniquePath("unsupported")}?cache-control=max-age=60`;

    const passed = await broken.request(path, { headers: { "X-Forwarded-Host": "b.example" } }, "a.example");
    await passed.text();
    const b = await chainWorker().request(path, {}, "b.example");
    await b.text();

    expect(passed.headers.get("cache-status")).toMatch(
      /^Tiergate; fwd=uri-miss; .*tiergate-edge; fwd=bypass; .*detail=policy-unsupported/,
    );
    expect(b.headers.get("cache-status")).toMatch(/^Tiergate; fwd=uri-miss; /);
    expect(await originCount(path)).toBe(2);
  });
});
