import { describe, expect, it } from "vitest";
import { edge, originCount, uniquePath } from "./edge.js";

// The first requests meet cold JVMs; the machine may be busy.
describe("the edge worker against origin-sim", { timeout: 30_000 }, () => {
  it("serves a miss from the origin, then a hit from the Cache API", async () => {
    const worker = edge();
    const path = `${uniquePath("miss-hit")}?cache-control=max-age=60`;

    const miss = await worker.request(path);
    const missBody = await miss.text();
    const hit = await worker.request(path);

    expect(miss.status).toBe(200);
    // The first request may meet a cold origin JVM: a second between its Date and its arrival ages it by one.
    expect(miss.headers.get("cache-status")).toMatch(
      /^tiergate-edge; fwd=uri-miss; fwd-status=200; stored; ttl=(59|60)$/,
    );
    expect(hit.status).toBe(200);
    expect(hit.headers.get("cache-status")).toMatch(/^tiergate-edge; hit; ttl=(5[89]|60); detail=fresh$/);
    expect(await hit.text()).toBe(missBody);
    expect(hit.headers.get("age")).toMatch(/^[012]$/);
    expect(await originCount(path)).toBe(1);
  });

  it("answers a client's If-None-Match with 304 from the stored entry", async () => {
    const worker = edge();
    const path = `${uniquePath("inm")}?cache-control=max-age=60&etag=v1`;
    await (await worker.request(path)).arrayBuffer();

    const conditional = await worker.request(path, { headers: { "If-None-Match": '"v1"' } });

    expect(conditional.status).toBe(304);
    expect(conditional.headers.get("etag")).toBe('"v1"');
    expect(conditional.headers.get("cache-status")).toContain("hit");
    expect(await conditional.text()).toBe("");
    expect(await originCount(path)).toBe(1);
  });

  it("answers HEAD from a stored GET", async () => {
    const worker = edge();
    const path = `${uniquePath("head")}?cache-control=max-age=60&body=hello`;
    await (await worker.request(path)).arrayBuffer();

    const head = await worker.request(path, { method: "HEAD" });

    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("5");
    expect(head.headers.get("cache-status")).toContain("hit");
    expect(await head.text()).toBe("");
    expect(await originCount(path)).toBe(1);
  });

  it("serves 50 concurrent requests for a stale entry at once while exactly one refresh reaches the origin", async () => {
    const worker = edge();
    const path = `${uniquePath("swr")}?cache-control=max-age=1,stale-while-revalidate=600`;
    const first = await (await worker.request(path)).text();
    worker.advance(30);

    const responses = await Promise.all(Array.from({ length: 50 }, () => worker.request(path)));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    await worker.settle();

    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-status")).toMatch(/; hit; ttl=-\d+; detail=stale-while-revalidate$/);
    }
    expect(new Set(bodies)).toEqual(new Set([first]));
    expect(await originCount(path)).toBe(2);
    // The refresh replaced the entry. (origin-sim dates it by the real clock, which the test's clock is
    // ahead of, so it counts as aged on arrival: only its body is compared.)
    const refreshed = await worker.request(path);
    expect(await refreshed.text()).not.toBe(first);
  });

  it("serves stale while the origin is down within stale-if-error, and the origin's error after the window", async () => {
    const worker = edge();
    const path = `${uniquePath("sie")}?cache-control=max-age=1,stale-while-revalidate=0,stale-if-error=300`;
    const stored = await (await worker.request(path)).text();
    const down = worker.withUpstream("http://127.0.0.1:9");
    worker.advance(60);

    const withinWindow = await down.request(path);

    expect(withinWindow.status).toBe(200);
    expect(withinWindow.headers.get("cache-status")).toMatch(/fwd=stale; ttl=-\d+; detail=stale-if-error$/);
    expect(await withinWindow.text()).toBe(stored);

    worker.advance(600);
    const pastWindow = await down.request(path);

    expect(pastWindow.status).toBe(502);
    expect(pastWindow.headers.get("cache-status")).toBe("tiergate-edge; fwd=stale; detail=origin-unreachable");
    expect(await originCount(path)).toBe(1);
  });

  it("serves stale on an origin 503 within stale-if-error", async () => {
    const worker = edge();
    // origin-sim fails every second request of this URL: the first fills the cache, the second is a 503.
    const path = `${uniquePath("sie-503")}?cache-control=max-age=1,stale-while-revalidate=0,stale-if-error=300&status=503&fail_every=2`;
    const stored = await (await worker.request(path)).text();
    worker.advance(60);

    const stale = await worker.request(path);

    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-status")).toMatch(/fwd=stale; fwd-status=503; ttl=-\d+; detail=stale-if-error$/);
    expect(await stale.text()).toBe(stored);
    expect(await originCount(path)).toBe(2);
  });

  it("leaves a bypass route untouched: every request reaches the origin", async () => {
    const worker = edge();
    const path = `${uniquePath("account")}?cache-control=max-age=60`;

    const first = await worker.request(path);
    const second = await worker.request(path);

    expect(first.headers.get("cache-status")).toBe("tiergate-edge; fwd=bypass; fwd-status=200; detail=route-bypass");
    expect(await second.text()).not.toBe(await first.text());
    expect(await originCount(path)).toBe(2);
  });

  it("forwards a route whose tiers leave out the edge without storing it", async () => {
    const worker = edge();
    const path = `${uniquePath("regional")}?cache-control=max-age=60`;

    const first = await worker.request(path);
    await first.arrayBuffer();
    await (await worker.request(path)).arrayBuffer();

    expect(first.headers.get("cache-status")).toBe("tiergate-edge; fwd=bypass; fwd-status=200; detail=route-tiers");
    expect(await originCount(path)).toBe(2);
  });

  it("does not serve the old entry after a successful POST to the URL", async () => {
    const worker = edge();
    const path = `${uniquePath("invalidate")}?cache-control=max-age=600`;
    const before = await (await worker.request(path)).text();
    expect((await worker.request(path)).headers.get("cache-status")).toContain("hit");

    const post = await worker.request(path, { method: "POST", body: "changed" });
    expect(post.status).toBe(200);
    expect(post.headers.get("cache-status")).toBe("tiergate-edge; fwd=method; fwd-status=200; detail=method");
    await post.arrayBuffer();
    const after = await worker.request(path);

    expect(after.headers.get("cache-status")).toContain("fwd=uri-miss");
    expect(await after.text()).not.toBe(before);
    expect(await originCount(path)).toBe(3);
  });

  it("passes every request through, storing nothing, when the policy's format is unknown", async () => {
    const future = JSON.stringify({ ...JSON.parse(edge().env.TIERGATE_POLICY), format: 99 });
    const worker = edge({ policy: future });
    const path = `${uniquePath("unsupported")}?cache-control=max-age=60`;

    const first = await worker.request(path);
    await first.arrayBuffer();
    await (await worker.request(path)).arrayBuffer();

    expect(first.status).toBe(200);
    expect(first.headers.get("cache-status")).toBe(
      "tiergate-edge; fwd=bypass; fwd-status=200; detail=policy-unsupported",
    );
    expect(await originCount(path)).toBe(2);
  });

  it("names its Cache-Status member as the binding says", async () => {
    const worker = edge({ bindings: { TIERGATE_CACHE_STATUS_NAME: "edge-fra" } });
    const response = await worker.request(`${uniquePath("named")}?cache-control=max-age=60`);

    expect(response.headers.get("cache-status")).toMatch(/^edge-fra; fwd=uri-miss/);
    await response.arrayBuffer();
  });

  it("keeps its default member name when the binding is not a token, the rule the gateway's policy applies", async () => {
    const worker = edge({ bindings: { TIERGATE_CACHE_STATUS_NAME: "edge fra" } });
    const response = await worker.request(`${uniquePath("misnamed")}?cache-control=max-age=60`);

    expect(response.headers.get("cache-status")).toMatch(/^tiergate-edge; fwd=uri-miss/);
    await response.arrayBuffer();
  });
});
