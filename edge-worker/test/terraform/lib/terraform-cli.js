// What Terraform itself can check here without the provider (Node only, when `terraform` is on the PATH): its
// formatter, and the module's variable validations, which need no provider: variables.tf alone is copied into a
// scratch module and called once per case; `terraform init` then has nothing to download.
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import process from "node:process";
import { problem } from "./hcl.js";

/** The terraform executable on the PATH, or undefined. */
export function terraformOnPath() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "terraform");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Terraform's environment for these runs: no prompts, no checkpoint calls, no colour. */
function environment() {
  return { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" };
}

export function terraformVersion(terraform) {
  return JSON.parse(execFileSync(terraform, ["version", "-json"], { encoding: "utf8", env: environment() }))
    .terraform_version;
}

/** `terraform fmt -check -recursive root`: one problem per file it would rewrite, or its error. */
export function terraformFmtProblems(terraform, root) {
  const run = spawnSync(terraform, ["fmt", "-check", "-recursive", "-list=true", "-no-color", "."], {
    cwd: root,
    encoding: "utf8",
    env: environment(),
  });
  if (run.status === 0) return [];
  const files = run.stdout.split("\n").filter((line) => line.trim() !== "");
  if (files.length === 0)
    return [problem(root, 0, `terraform fmt failed (status ${run.status}): ${run.stderr.trim()}`)];
  return files.map((file) => problem(resolve(root, file), 0, "terraform fmt -check would rewrite this file"));
}

/**
 * Plans a root that calls `variables.tf` of `moduleDir` once per case with the case's variable values, and returns
 * each case's validation errors: `{ [case]: [{ variable, message }] }`.
 *
 * @param {Record<string, Record<string, unknown>>} cases case name -> the module's variable values
 */
export function validationErrors(terraform, moduleDir, cases) {
  const scratch = mkdtempSync(join(tmpdir(), "tiergate-tf-validation-"));
  try {
    mkdirSync(join(scratch, "mod"));
    copyFileSync(join(moduleDir, "variables.tf"), join(scratch, "mod", "variables.tf"));
    // HCL rather than JSON syntax, so that each diagnostic names its module call. A JSON string or list is an HCL
    // literal too, as long as it holds no template sequence.
    const literal = (value) => {
      const text = JSON.stringify(value);
      if (/[$%]\{/.test(text)) throw new Error(`a template sequence in ${text}`);
      return text;
    };
    const calls = Object.entries(cases).map(([name, values]) =>
      [
        `module "${name}" {`,
        '  source = "./mod"',
        ...Object.entries(values).map(([key, value]) => `  ${key} = ${literal(value)}`),
        "}",
      ].join("\n"),
    );
    writeFileSync(join(scratch, "main.tf"), `${calls.join("\n\n")}\n`);
    const run = (args) => spawnSync(terraform, args, { cwd: scratch, encoding: "utf8", env: environment() });
    const init = run(["init", "-backend=false", "-input=false", "-no-color"]);
    if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr || init.stdout}`);
    const plan = run(["plan", "-input=false", "-no-color", "-lock=false", "-json"]);
    const errors = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
    for (const line of plan.stdout.split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line);
      if (entry.type !== "diagnostic" || entry.diagnostic.severity !== "error") continue;
      const { diagnostic } = entry;
      const name = /^module "([^"]+)"/.exec(diagnostic.snippet?.context ?? "")?.[1];
      const variable = diagnostic.snippet?.values?.[0]?.traversal?.replace(/^var\./, "");
      if (name === undefined || !(name in errors)) {
        throw new Error(`terraform plan: ${diagnostic.summary}: ${diagnostic.detail}`);
      }
      errors[name].push({ variable, summary: diagnostic.summary, message: diagnostic.detail.split("\n\n")[0] });
    }
    return errors;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
