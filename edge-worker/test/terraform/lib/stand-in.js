// A plan of terraform/examples/basic by Terraform itself, offline: the provider's resources are stood in for by
// terraform_data (built into Terraform, nothing to download), which takes each resource's arguments as its input
// and keeps its meta-arguments (for_each, lifecycle preconditions). Terraform then evaluates every expression of the
// module (locals, file reads, the bindings list, the preconditions, the routes' for_each, the outputs) as it would
// for the real provider; only the provider's own validation of the attribute values is missing.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { REPO_ROOT, parseFile } from "./hcl.js";

const META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle"]);

/** cloudflare_x.name.attr -> the stand-in's output.attr (or null), .id -> its id, a bare cloudflare_x.name -> the stand-in. */
function standIn(value) {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    return value.replace(/\b(cloudflare_[a-z0-9_]+)\.([a-z0-9_]+)(\.[a-z0-9_]+)?/g, (_, type, name, attribute) => {
      const resource = `terraform_data.${type}__${name}`;
      if (attribute === undefined || attribute === ".id") return `${resource}${attribute ?? ""}`;
      // The stand-in's output has the arguments only: a computed attribute (etag) is null.
      return `try(${resource}.output${attribute}, null)`;
    });
  }
  if (Array.isArray(value)) return value.map(standIn);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, standIn(inner)]));
  }
  return value;
}

/** A module's .tf files (but variables.tf, copied as it is) in Terraform's JSON syntax, with stand-ins. */
async function convert(from, to, { dropProviders = false, moduleArguments = {} } = {}) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).filter((file) => file.endsWith(".tf"))) {
    if (name === "variables.tf") {
      copyFileSync(join(from, name), join(to, name));
      continue;
    }
    const { body } = await parseFile(join(from, name));
    const converted = {};
    for (const [kind, content] of Object.entries(body)) {
      if (kind === "terraform" || (dropProviders && kind === "provider")) continue;
      if (kind === "module") {
        converted.module = Object.fromEntries(
          Object.entries(content).map(([name, [call]]) => [name, [{ ...call, ...moduleArguments }]]),
        );
        continue;
      }
      if (kind !== "resource") {
        converted[kind] = standIn(content);
        continue;
      }
      const data = {};
      for (const [type, byName] of Object.entries(content)) {
        for (const [resourceName, [resource]] of Object.entries(byName)) {
          const meta = Object.fromEntries(Object.entries(resource).filter(([key]) => META.has(key)));
          const input = Object.fromEntries(Object.entries(resource).filter(([key]) => !META.has(key)));
          data[`${type}__${resourceName}`] = [{ ...standIn(meta), input: standIn(input) }];
        }
      }
      converted.resource = { terraform_data: data };
    }
    writeFileSync(join(to, `${name}.json`), JSON.stringify(converted, null, 2));
  }
}

/**
 * Plans the example with stand-ins (`moduleArguments` replacing arguments of its module call) and returns the module's stand-in resources as Terraform planned them:
 * `{ script: <cloudflare_workers_script input>, routes: { [for_each key]: <route input> } }`, or throws with
 * Terraform's errors.
 */
export async function standInPlan(terraform, { environment = {}, moduleArguments = {} } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "tiergate-tf-stand-in-"));
  try {
    // The module finds the worker beside it (../edge-worker) and the example the policies (../../../policies).
    symlinkSync(join(REPO_ROOT, "edge-worker"), join(scratch, "edge-worker"));
    symlinkSync(join(REPO_ROOT, "policies"), join(scratch, "policies"));
    await convert(join(REPO_ROOT, "terraform"), join(scratch, "terraform"));
    const example = join(scratch, "terraform/examples/basic");
    await convert(join(REPO_ROOT, "terraform/examples/basic"), example, { dropProviders: true, moduleArguments });
    copyFileSync(join(REPO_ROOT, "terraform/examples/basic/terraform.tfvars.example"), join(example, "example.tfvars"));
    const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" };
    for (const [name, value] of Object.entries(environment)) env[`TF_VAR_${name}`] = value;
    const run = (args) => {
      const result = spawnSync(terraform, args, { cwd: example, encoding: "utf8", env, maxBuffer: 64 << 20 });
      if (result.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}${result.stdout}`);
      return result.stdout;
    };
    run(["init", "-backend=false", "-input=false", "-no-color"]);
    run(["plan", "-input=false", "-no-color", "-lock=false", "-var-file=example.tfvars", "-out=stand-in.tfplan"]);
    const plan = JSON.parse(run(["show", "-json", "stand-in.tfplan"]));
    const resources = plan.planned_values.root_module.child_modules.flatMap((module) => module.resources);
    const script = resources.find((resource) => resource.name === "cloudflare_workers_script__edge");
    const routes = resources.filter((resource) => resource.name === "cloudflare_workers_route__edge");
    return {
      script: script.values.input,
      routes: Object.fromEntries(routes.map((route) => [route.index, route.values.input])),
      outputs: plan.planned_values.outputs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
