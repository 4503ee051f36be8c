/// <reference path="./setup/provided.d.ts" />
import { describe, expect, inject, it } from "vitest";

// Proves that code running in workerd reaches the servers test/setup/global-setup.js started on loopback.
// The first requests meet cold JVMs (about 0.5 s each when idle, several times that on a busy machine).
describe("integration harness", { timeout: 15_000 }, () => {
  const originUrl = inject("originUrl");
  const gatewayUrl = inject("gatewayUrl");
  const gatewayAdminUrl = inject("gatewayAdminUrl");
  // The servers outlive a run in watch mode and are shared by all test files, so every run uses its own paths.
  const run = crypto.randomUUID();

  it("provides loopback base URLs without a trailing slash", () => {
    for (const url of [originUrl, gatewayUrl, gatewayAdminUrl]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(new Set([originUrl, gatewayUrl, gatewayAdminUrl]).size).toBe(3);
  });

  it("reaches origin-sim directly", async () => {
    const response = await fetch(`${originUrl}/sim/respond/harness-${run}/direct?cache-control=max-age=60`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-sim-request-count")).toBe("1");
    expect(response.headers.get("cache-control")).toBe("max-age=60");
    expect(await response.text()).toContain(`/sim/respond/harness-${run}/direct`);
  });

  it("reaches origin-sim through the gateway: a miss, then a hit", async () => {
    const path = `/sim/respond/harness-${run}/chain?cache-control=max-age=60`;

    const first = await fetch(`${gatewayUrl}${path}`);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-status")).toMatch(/^Tiergate; fwd=uri-miss; fwd-status=200; stored/);
    expect(first.headers.get("x-sim-request-count")).toBe("1");

    const second = await fetch(`${gatewayUrl}${path}`);
    expect(second.status).toBe(200);
    expect(second.headers.get("cache-status")).toContain("hit");
    // A hit carries the stored response: same counter, same body, and the origin saw only the first request.
    expect(second.headers.get("x-sim-request-count")).toBe("1");
    expect(await second.text()).toBe(firstBody);

    const stats = await (await fetch(`${originUrl}/__sim/stats`)).json();
    expect(stats.byUrl[path]).toBe(1);
  });

  it("reaches the gateway's admin API", async () => {
    const response = await fetch(`${gatewayAdminUrl}/health`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });
});
