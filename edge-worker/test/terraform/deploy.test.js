/// <reference path="./provided.d.ts" />
// The worker as Terraform deploys it: the bundle that `npm run build` writes (the module's content_file), run in
// workerd with the bindings that test/terraform/global-setup.js derived from the parsed module and the values of
// terraform/examples/basic, in front of the test gateway and origin-sim.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { originCount, uniquePath } from "../worker/edge.js";

const deployment = inject("terraformDeployment");

/** The worker's env as Cloudflare gives it: a JSON binding arrives parsed, a text binding as its string. */
function envOf(bindings) {
  return Object.fromEntries(
    bindings.map((binding) => [binding.name, binding.type === "json" ? JSON.parse(binding.json) : binding.text]),
  );
}

describe("the worker deployed by terraform/examples/basic", { timeout: 30_000 }, () => {
  it("is the built bundle with the compiled example policy, the demo JWKS and the example's gateway", () => {
    expect(deployment.error).toBeUndefined();
    const { script, routes } = deployment;
    expect(script.content_file).toMatch(/\/edge-worker\/dist\/worker\.js$/);
    expect(script.main_module).toBe("worker.js");
    expect(routes).toEqual(["shop.example.com/*"]);
    expect(script.bindings.map(({ name, type }) => `${name}:${type}`)).toEqual([
      "TIERGATE_POLICY:json",
      "TIERGATE_JWKS:json",
      "TIERGATE_UPSTREAM:plain_text",
      "TIERGATE_UPSTREAM_SECRET:secret_text",
      "TIERGATE_CACHE_STATUS_NAME:plain_text",
    ]);
    const env = envOf(script.bindings);
    expect(env.TIERGATE_POLICY.format).toBe(1);
    expect(env.TIERGATE_POLICY.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(env.TIERGATE_JWKS.keys[0].kid).toBe("tiergate-demo-1");
    expect(env[deployment.upstreamBinding]).toBe("https://gateway.eu.example.com");
  });

  it("serves a miss through the gateway from origin-sim, then a hit from the edge's cache", async () => {
    const { script, upstreamBinding } = deployment;
    const worker = (await import(/* @vite-ignore */ script.content_file)).default;
    // The one value not taken from the module: it requires an https gateway_url, and the test gateway answers plain
    // http on loopback. Everything else (policy, JWKS, secret, Cache-Status name) is what Terraform would bind.
    const env = { ...envOf(script.bindings), [upstreamBinding]: inject("gatewayUrl") };
    const member = env.TIERGATE_CACHE_STATUS_NAME;
    const path = `${uniquePath("terraform")}?cache-control=max-age=60`;
    const send = async () => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request(`https://shop.example.com${path}`), env, ctx);
      const body = await response.text();
      await waitOnExecutionContext(ctx);
      return { response, body };
    };

    const miss = await send();
    const hit = await send();

    expect(miss.response.status).toBe(200);
    // A cold gateway may take long enough for a second to pass between the two members' clocks: ttl 60 or 59.
    expect(miss.response.headers.get("cache-status")).toMatch(
      new RegExp(
        `^Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=(59|60), ${member}; fwd=uri-miss; fwd-status=200; stored; ttl=(59|60)$`,
      ),
    );
    expect(hit.response.status).toBe(200);
    expect(hit.response.headers.get("cache-status")).toMatch(new RegExp(`^${member}; hit; ttl=(59|60); detail=fresh$`));
    expect(hit.body).toBe(miss.body);
    expect(await originCount(path)).toBe(1);
  });
});
