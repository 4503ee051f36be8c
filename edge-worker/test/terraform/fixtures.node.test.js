// Each offline check must be able to fail: every fixture under fixtures/ breaks the smallest clean module
// (fixtures/valid) in one place, and must fail exactly the check that looks for that defect, with its file and
// line, while passing all the others.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runChecks } from "./lib/checks.js";
import { REPO_ROOT } from "./lib/hcl.js";
import { terraformFmtProblems, terraformOnPath } from "./lib/terraform-cli.js";

const FIXTURES = join(REPO_ROOT, "edge-worker/test/terraform/fixtures");
const MANIFEST = join(REPO_ROOT, "edge-worker/bindings.json");
const at = (fixture, line) => `edge-worker/test/terraform/fixtures/${fixture}/main.tf:${line}: `;
const terraform = terraformOnPath();

/** fixture -> the check it must fail -> the problems it must report, exactly. */
const BROKEN = {
  "misspelt-attribute": {
    schema: [
      `${at("misspelt-attribute", 19)}cloudflare_workers_script.edge: script_nam is not an attribute of cloudflare_workers_script; did you mean script_name?`,
      `${at("misspelt-attribute", 17)}cloudflare_workers_script.edge: cloudflare_workers_script requires script_name, which is not set`,
    ],
  },
  "undeclared-variable": {
    structure: [`${at("undeclared-variable", 19)}var.script_name is used but no variable "script_name" is declared`],
  },
  "unused-variable": {
    structure: [`${at("unused-variable", 13)}variable "zone_id" is declared but never used`],
  },
  "missing-description": {
    structure: [`${at("missing-description", 2)}variable "account_id" has no description`],
  },
  unformatted: {
    format: [`${at("unformatted", 18)}not formatted as terraform fmt writes it (run terraform fmt)`],
  },
  "unknown-binding": {
    bindings: [
      `${at("unknown-binding", 50)}binding "TIERGATE_PURGE_TOKEN" is not in edge-worker/bindings.json: take the name from the manifest (local.manifest.<role>.name)`,
    ],
  },
  "wrong-binding-type": {
    bindings: [
      `${at("wrong-binding-type", 25)}binding TIERGATE_POLICY has type "plain_text"; edge-worker/bindings.json says "json"`,
    ],
  },
  "text-in-json-binding": {
    schema: [
      `${at("text-in-json-binding", 26)}cloudflare_workers_script.edge: binding local.manifest.policy.name of type json needs json`,
      `${at("text-in-json-binding", 27)}cloudflare_workers_script.edge: binding local.manifest.policy.name: text does not apply to a json binding (its value goes in json)`,
    ],
  },
  "bindings-block": {
    schema: [
      `${at("bindings-block", 23)}cloudflare_workers_script.edge: bindings is a nested attribute in provider 5: write bindings = [{ ... }], not a bindings block`,
    ],
  },
  "syntax-error": {
    syntax: [
      `${at("syntax-error", 21).slice(0, -2)}:16: Invalid expression; Expected the start of an expression, but found an invalid expression token.`,
    ],
  },
};

const NONE = { syntax: [], format: [], structure: [], bindings: [], schema: [] };

describe("the offline checks on broken fixtures", { timeout: 60_000 }, () => {
  it("pass on the clean fixture the broken ones are made from", async () => {
    expect(await runChecks(join(FIXTURES, "valid"), MANIFEST)).toEqual(NONE);
  });

  for (const [fixture, expected] of Object.entries(BROKEN)) {
    it(`fail on ${fixture}: ${Object.keys(expected).join(", ")}, and only there`, async () => {
      expect(await runChecks(join(FIXTURES, fixture), MANIFEST)).toEqual({ ...NONE, ...expected });
    });
  }
});

describe.skipIf(terraform === undefined)("terraform fmt -check on the fixtures", { timeout: 60_000 }, () => {
  it("passes the clean fixture and fails the unformatted one", () => {
    expect(terraformFmtProblems(terraform, join(FIXTURES, "valid"))).toEqual([]);
    expect(terraformFmtProblems(terraform, join(FIXTURES, "unformatted"))).toEqual([
      "edge-worker/test/terraform/fixtures/unformatted/main.tf: terraform fmt -check would rewrite this file",
    ]);
  });
});
