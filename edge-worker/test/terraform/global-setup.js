// Vitest globalSetup of the workerd project (runs in Node, once): builds the worker bundle as `npm run build` does,
// then derives the deployment from the parsed Terraform configuration (terraform/ called by terraform/examples/basic
// with the values of its terraform.tfvars.example) and provides it to test/terraform/deploy.test.js as
// `inject("terraformDeployment")`. A failure is provided as `{ error }`, so that only the deployment test fails.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { buildWorker } from "../../scripts/build.js";
import { exampleDeployment, readManifest } from "./lib/deployment.js";
import { REPO_ROOT } from "./lib/hcl.js";

const EXAMPLE = join(REPO_ROOT, "terraform/examples/basic");

export default async function setup(project) {
  let deployment;
  try {
    buildWorker({ quiet: true });
    const { script, routes } = await exampleDeployment({
      root: EXAMPLE,
      tfvars: join(EXAMPLE, "terraform.tfvars.example"),
      // What a user passes as TF_VAR_upstream_secret, which no file holds.
      environment: { upstream_secret: randomBytes(32).toString("hex") },
    });
    const manifest = readManifest(join(REPO_ROOT, "edge-worker/bindings.json"));
    deployment = { script, routes, upstreamBinding: manifest.upstream.name };
  } catch (error) {
    deployment = { error: error.stack ?? String(error) };
  }
  project.provide("terraformDeployment", deployment);
}
