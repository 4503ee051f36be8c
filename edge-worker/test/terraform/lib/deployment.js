// The worker's deployment as Terraform would make it from the example (Node only): the example root module's
// variable values (from its tfvars file and the environment's TF_VAR_ values), the module call's arguments, the
// module's defaults and locals, evaluated into the attributes of cloudflare_workers_script and the route patterns.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { blocks, loadModule, parseFile, shown } from "./hcl.js";
import { evaluate, scope } from "./evaluate.js";

/** The value each variable of a module takes: given values first, then defaults; a missing required one fails. */
function variableValues(module, given, where) {
  const values = {};
  for (const variable of blocks(module, "variable")) {
    if (variable.name in given) values[variable.name] = given[variable.name];
    else if ("default" in variable.body) values[variable.name] = variable.body.default;
    else throw new Error(`${where}: no value for the required variable ${variable.name}`);
  }
  return values;
}

function locals(module) {
  return Object.assign({}, ...blocks(module, "locals").map((block) => block.body));
}

/**
 * @param {object} options
 * @param {string} options.root the example root module (terraform/examples/basic)
 * @param {string} options.tfvars its variable file
 * @param {Record<string, string>} [options.environment] values given as TF_VAR_<name>, e.g. the secret
 * @returns the script's evaluated attributes (`content_file` absolute), its bindings, and the route patterns
 */
export async function exampleDeployment({ root, tfvars, environment = {} }) {
  const rootModule = await loadModule(root);
  const { body: fileValues } = await parseFile(tfvars);
  const rootVariables = variableValues(rootModule, { ...fileValues, ...environment }, shown(tfvars));
  const rootScope = scope({ dir: ".", cwd: root, variables: rootVariables, locals: locals(rootModule) });

  const calls = blocks(rootModule, "module");
  if (calls.length !== 1) throw new Error(`${shown(root)}: expected one module call, found ${calls.length}`);
  const [call] = calls;
  const moduleDir = resolve(root, call.body.source);
  const module = await loadModule(moduleDir);
  const args = {};
  for (const [name, value] of Object.entries(call.body)) {
    if (name !== "source") args[name] = await evaluate(value, rootScope);
  }
  const moduleScope = scope({
    dir: resolve(moduleDir),
    cwd: root,
    variables: variableValues(module, args, `module "${call.name}"`),
    locals: locals(module),
  });

  const [script, ...others] = blocks(module, "resource").filter(
    (block) => block.labels[0] === "cloudflare_workers_script",
  );
  if (script === undefined || others.length > 0)
    throw new Error(`${shown(moduleDir)}: expected one cloudflare_workers_script`);
  const attributes = {};
  for (const name of [
    "script_name",
    "content_file",
    "content_sha256",
    "main_module",
    "compatibility_date",
    "compatibility_flags",
    "bindings",
  ]) {
    if (name in script.body) attributes[name] = await evaluate(script.body[name], moduleScope);
  }
  attributes.content_file = resolve(root, attributes.content_file);

  const routes = [];
  for (const route of blocks(module, "resource").filter((block) => block.labels[0] === "cloudflare_workers_route")) {
    routes.push(...(await evaluate(route.body.for_each, moduleScope)));
  }
  return { script: attributes, routes, filesRead: [...moduleScope.filesRead, ...rootScope.filesRead] };
}

/** The worker's `env` from the bindings: a JSON binding arrives parsed, a text binding as its string. */
export function workerEnv(bindings) {
  return Object.fromEntries(
    bindings.map((binding) => {
      if (binding.type === "json") return [binding.name, JSON.parse(binding.json)];
      if (binding.type === "plain_text" || binding.type === "secret_text") return [binding.name, binding.text];
      throw new Error(`binding ${binding.name}: type ${binding.type} is not simulated`);
    }),
  );
}

export function readManifest(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
