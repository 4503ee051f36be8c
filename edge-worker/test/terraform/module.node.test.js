// The offline checks of terraform/, run in Node: there is no provider download here, so terraform init, validate,
// plan and test cannot run (see terraform/README.md). What can be checked without the provider is checked here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BINDING_VALUE, runChecks } from "./lib/checks.js";
import { REPO_ROOT, loadModule, blocks } from "./lib/hcl.js";
import { exampleDeployment } from "./lib/deployment.js";
import { providerVersion, resourceSchema } from "./lib/schema.js";
import { standInPlan } from "./lib/stand-in.js";
import { terraformFmtProblems, terraformOnPath, terraformVersion, validationErrors } from "./lib/terraform-cli.js";

const MODULE = join(REPO_ROOT, "terraform");
const MANIFEST = join(REPO_ROOT, "edge-worker/bindings.json");
const terraform = terraformOnPath();

describe("terraform/ offline", { timeout: 60_000 }, () => {
  let results;
  const checks = async () => (results ??= await runChecks(MODULE, MANIFEST));

  it("parses: every .tf, .tftest.hcl and .tfvars file", async () => {
    expect((await checks()).syntax).toEqual([]);
  });

  it("is formatted as terraform fmt formats it (hclwrite's Format, from @cdktf/hcl-tools)", async () => {
    expect((await checks()).format).toEqual([]);
  });

  it("declares every variable and local it uses, uses every one it declares, and describes them and its outputs", async () => {
    expect((await checks()).structure).toEqual([]);
  });

  it("binds exactly the worker's bindings manifest, with its names and types", async () => {
    expect((await checks()).bindings).toEqual([]);
  });

  it("sets only attributes of the provider's schema, and every required one", async () => {
    expect((await checks()).schema).toEqual([]);
  });

  it("pins the provider line the schema comes from", async () => {
    const [versions] = blocks(await loadModule(MODULE), "terraform");
    const cloudflare = versions.body.required_providers[0].cloudflare;
    expect(cloudflare.source).toBe("cloudflare/cloudflare");
    expect(cloudflare.version).toBe("~> 5.14");
    // @cdktf/provider-cloudflare@13.9.1 is generated from the provider version that ~> 5.14 starts at.
    expect(providerVersion()).toBe("5.14.0");
  });

  it("deploys on the compatibility date the worker is tested on", async () => {
    const variable = blocks(await loadModule(MODULE), "variable").find((block) => block.name === "compatibility_date");
    const wrangler = readFileSync(join(REPO_ROOT, "edge-worker/wrangler.jsonc"), "utf8");
    const vitest = readFileSync(join(REPO_ROOT, "edge-worker/vitest.config.js"), "utf8");
    expect(/"compatibility_date":\s*"([^"]+)"/.exec(wrangler)[1]).toBe(variable.body.default);
    expect(/compatibilityDate:\s*"([^"]+)"/.exec(vitest)[1]).toBe(variable.body.default);
  });
});

describe("the provider schema read from @cdktf/provider-cloudflare", () => {
  it("has the attributes of cloudflare_workers_script, with account_id and script_name required", () => {
    const schema = resourceSchema("cloudflare_workers_script");
    const required = [...schema.attributes].filter(([, attribute]) => attribute.required).map(([name]) => name);
    expect(required).toEqual(["account_id", "script_name"]);
    for (const name of ["content_file", "content_sha256", "main_module", "compatibility_date", "compatibility_flags"]) {
      expect(schema.attributes.get(name)?.kind).toBeDefined();
    }
    expect(schema.attributes.has("script_nam")).toBe(false);
    // Computed-only attributes cannot be set.
    expect(schema.attributes.has("etag")).toBe(false);
  });

  it("has the binding attributes nested in bindings, with name and type required", () => {
    const bindings = resourceSchema("cloudflare_workers_script").attributes.get("bindings");
    expect(bindings.kind).toBe("list");
    const attributes = bindings.nested.attributes;
    expect([...attributes].filter(([, attribute]) => attribute.required).map(([name]) => name)).toEqual([
      "name",
      "type",
    ]);
    for (const [type, value] of Object.entries(BINDING_VALUE)) {
      expect(attributes.get("type").values).toContain(type);
      expect(attributes.has(value)).toBe(true);
    }
    // Deeper nesting is read too: bindings[].outbound.worker.service.
    expect(attributes.get("outbound").nested.attributes.get("worker").nested.attributes.has("service")).toBe(true);
  });

  it("has cloudflare_workers_route with zone_id and pattern required and script optional", () => {
    const attributes = resourceSchema("cloudflare_workers_route").attributes;
    expect(Object.fromEntries([...attributes].map(([name, attribute]) => [name, attribute.required]))).toEqual({
      pattern: true,
      script: false,
      zone_id: true,
    });
  });

  it("knows no resource the provider does not have", () => {
    expect(resourceSchema("cloudflare_workers_scrip")).toBeUndefined();
  });
});

describe.skipIf(terraform === undefined)(
  "terraform/ by the terraform CLI, without the provider",
  { timeout: 120_000 },
  () => {
    it("passes terraform fmt -check -recursive terraform/", () => {
      expect(terraformVersion(terraform)).toMatch(/^1\./);
      expect(terraformFmtProblems(terraform, MODULE)).toEqual([]);
    });

    const valid = {
      account_id: "023e105f4ecef8ad9ca31a8372d0c353",
      zone_id: "372e67954025e0ba6aaa6d586b9e0b59",
      routes: ["shop.example.com/*", "*.example.com/api/*", "*example.com/static/*"],
      gateway_url: "https://gateway.eu.example.com:8443",
      upstream_secret: "0123456789abcdef0123456789abcdef",
      policy_file: join(REPO_ROOT, "policies/compiled/example.json"),
      jwks_file: join(REPO_ROOT, "policies/keys/demo-jwks.json"),
    };
    const fixture = (name) => join(REPO_ROOT, "edge-worker/test/terraform/fixtures/policies", name);
    // Each case breaks one variable; the message must name what is wrong with it.
    const cases = {
      account_id_uppercase: [{ account_id: "023E105F4ECEF8AD9CA31A8372D0C353" }, "32 lowercase hexadecimal digits"],
      account_id_short: [{ account_id: "023e105f" }, "32 lowercase hexadecimal digits"],
      zone_id_not_hex: [{ zone_id: "372e67954025e0ba6aaa6d586b9e0bzz" }, "Cloudflare zone ID"],
      routes_empty: [{ routes: [] }, "at least one route pattern"],
      routes_repeated: [{ routes: ["a.example.com/*", "a.example.com/*"] }, "only once"],
      route_inner_wildcard: [{ routes: ["shop.example.com/api/*/items"] }, "optional leading *"],
      route_with_scheme: [{ routes: ["https://shop.example.com/*"] }, "no scheme"],
      route_without_path: [{ routes: ["shop.example.com"] }, "followed by a path"],
      gateway_http: [{ gateway_url: "http://gateway.eu.example.com" }, "https:// base URL"],
      gateway_with_path: [{ gateway_url: "https://gateway.eu.example.com/api" }, "no path"],
      secret_short: [{ upstream_secret: "secret" }, "at least 32 visible ASCII characters"],
      secret_with_space: [{ upstream_secret: "0123456789abcdef 0123456789abcdef" }, "no spaces"],
      policy_missing: [{ policy_file: fixture("missing.json") }, "existing file"],
      policy_yaml: [{ policy_file: join(REPO_ROOT, "policies/example.yaml") }, "compile a YAML policy first"],
      policy_unknown_format: [{ policy_file: fixture("format-2.json") }, "format 1"],
      policy_without_hash: [{ policy_file: fixture("no-hash.json") }, '"hash"'],
      jwks_without_keys: [{ jwks_file: fixture("no-hash.json") }, "at least one key"],
      jwks_private: [{ jwks_file: join(REPO_ROOT, "policies/keys/demo-private-jwk.json") }, "at least one key"],
      jwks_private_key_in_set: [{ jwks_file: fixture("private-jwks.json") }, "public keys only"],
      bundle_missing: [{ worker_bundle: fixture("missing.js") }, "npm run build"],
      script_name_uppercase: [{ script_name: "Tiergate" }, "lowercase letters"],
      cache_status_name_space: [{ cache_status_name: "tiergate edge" }, "RFC 8941 token"],
      date_unpadded: [{ compatibility_date: "2026-4-1" }, "YYYY-MM-DD"],
      date_impossible: [{ compatibility_date: "2026-02-30" }, "calendar date"],
      flag_uppercase: [{ compatibility_flags: ["Nodejs_Compat"] }, "lowercase letters, digits and underscores"],
    };

    it("accepts the example's values, and refuses each invalid value with its own message", () => {
      const runs = {
        valid,
        ...Object.fromEntries(Object.entries(cases).map(([name, [values]]) => [name, { ...valid, ...values }])),
      };
      const errors = validationErrors(terraform, MODULE, runs);
      expect(errors.valid).toEqual([]);
      for (const [name, [values, message]] of Object.entries(cases)) {
        const [variable] = Object.keys(values);
        expect(errors[name], name).toHaveLength(1);
        expect(errors[name][0].variable, name).toBe(variable);
        expect(errors[name][0].message, name).toContain(message);
      }
    });
  },
);

describe.skipIf(terraform === undefined)(
  "terraform/examples/basic planned by terraform, stand-ins for the provider",
  { timeout: 120_000 },
  () => {
    const example = join(REPO_ROOT, "terraform/examples/basic");
    const secret = "0123456789abcdef0123456789abcdef";

    it("plans what the deployment test derives from the parsed module", async () => {
      const planned = await standInPlan(terraform, { environment: { upstream_secret: secret } });
      const derived = await exampleDeployment({
        root: example,
        tfvars: join(example, "terraform.tfvars.example"),
        environment: { upstream_secret: secret },
      });
      // Terraform's own evaluation of the module and the deployment test's evaluator agree on what is deployed.
      expect(planned.script.bindings).toEqual(derived.script.bindings);
      for (const name of [
        "script_name",
        "content_sha256",
        "main_module",
        "compatibility_date",
        "compatibility_flags",
      ]) {
        expect(planned.script[name], name).toEqual(derived.script[name]);
      }
      expect(join(example, planned.script.content_file)).toBe(derived.script.content_file);
      expect(Object.keys(planned.routes)).toEqual(derived.routes);
      const policy = JSON.parse(readFileSync(join(REPO_ROOT, "policies/compiled/example.json"), "utf8"));
      expect(planned.outputs.policy_hash.value).toBe(policy.hash);
    });

    it("stops at the precondition when the policy verifies tokens and no JWKS is given", async () => {
      await expect(
        standInPlan(terraform, { environment: { upstream_secret: secret }, moduleArguments: { jwks_file: null } }),
      ).rejects.toThrow(/Resource precondition failed[\s\S]*jwks_file\s+is\s+not\s+set/);
    });
  },
);
