// The offline checks of a Terraform module. Each returns a list of problems, "file:line: message"; none means the
// check passed. The tests run them on terraform/ and on broken fixtures that each must fail one of them.
import { format } from "@cdktf/hcl-tools";
import { readFileSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  HclSyntaxError,
  attributeLine,
  blockLine,
  blocks,
  hclFiles,
  lineMatching,
  loadModule,
  parseFile,
  problem,
  references,
  shown,
} from "./hcl.js";
import { evaluate, scope } from "./evaluate.js";
import { resourceSchema } from "./schema.js";

/** Terraform's meta-arguments and meta-blocks, which every resource takes whatever its schema. */
const META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]);

/**
 * The attribute that carries each binding type's value, as Cloudflare's upload metadata names it (a JSON binding's
 * `json`, a plain or secret text's `text`), for the types the module binds. A binding of another type fails the
 * check until it is added here.
 */
export const BINDING_VALUE = Object.freeze({ json: "json", plain_text: "text", secret_text: "text" });

/** Syntax: every HCL file under `root` parses; an error names its file, line and column. */
export async function syntaxProblems(root) {
  const problems = [];
  for (const path of hclFiles(root)) {
    try {
      await parseFile(path);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      problems.push(error.message);
    }
  }
  return problems;
}

/** Formatting: every HCL file under `root` is exactly what hclwrite's Format (terraform fmt) makes of it. */
export async function formatProblems(root) {
  const problems = [];
  for (const path of hclFiles(root)) {
    const { source } = await parseFile(path).catch(() => ({ source: undefined }));
    if (source === undefined) continue; // a syntax error, which syntaxProblems reports
    const formatted = await format(source);
    if (formatted !== source) {
      const line = firstDifference(source, formatted);
      problems.push(problem(path, line, "not formatted as terraform fmt writes it (run terraform fmt)"));
    }
  }
  return problems;
}

function firstDifference(a, b) {
  const left = a.split("\n");
  const right = b.split("\n");
  const index = left.findIndex((line, i) => line !== right[i]);
  return (index === -1 ? left.length : index) + 1;
}

/**
 * Structure of one module directory: every var.* and local.* used is declared and every one declared is used;
 * every variable has a description and a type, every validation a condition and a sentence for its message;
 * every output has a description; every module call passes only variables the called module declares and all
 * that it requires.
 */
export async function structureProblems(dir) {
  const module = await loadModule(dir);
  const problems = [];
  const variables = blocks(module, "variable");
  const declared = new Map();
  for (const variable of variables) {
    const line = blockLine(variable.file, "variable", variable.labels);
    if (declared.has(variable.name)) {
      problems.push(problem(variable.file.path, line, `variable "${variable.name}" is declared twice`));
    }
    declared.set(variable.name, { ...variable, line });
    const { description, type, validation = [] } = variable.body;
    if (typeof description !== "string" || description.trim() === "") {
      problems.push(problem(variable.file.path, line, `variable "${variable.name}" has no description`));
    }
    if (type === undefined) problems.push(problem(variable.file.path, line, `variable "${variable.name}" has no type`));
    for (const rule of validation) {
      if (rule.condition === undefined) {
        problems.push(
          problem(variable.file.path, line, `a validation of variable "${variable.name}" has no condition`),
        );
      }
      if (typeof rule.error_message !== "string" || !/^[A-Z].*[.?]$/s.test(rule.error_message.trim())) {
        problems.push(
          problem(
            variable.file.path,
            attributeLine(variable.file, line, "error_message"),
            `a validation of variable "${variable.name}" needs an error_message that is a sentence (capital first, full stop last)`,
          ),
        );
      }
    }
  }
  for (const output of blocks(module, "output")) {
    const line = blockLine(output.file, "output", output.labels);
    if (typeof output.body.description !== "string" || output.body.description.trim() === "") {
      problems.push(problem(output.file.path, line, `output "${output.name}" has no description`));
    }
  }

  const locals = new Map();
  for (const block of blocks(module, "locals")) {
    for (const name of Object.keys(block.body)) {
      locals.set(name, {
        file: block.file,
        line: attributeLine(block.file, blockLine(block.file, "locals", []), name),
      });
    }
  }

  // Uses: everywhere but a variable's own block (its validation refers to itself, which is no use).
  const used = { var: new Map(), local: new Map() };
  for (const file of module.files) {
    for (const [kind, content] of Object.entries(file.body)) {
      if (kind === "variable") continue;
      for (const reference of await references(content, shown(file.path))) {
        if (!(reference.scope in used) || used[reference.scope].has(reference.name)) continue;
        used[reference.scope].set(reference.name, { file, line: lineOfReference(file, reference) });
      }
    }
  }
  for (const variable of variables) {
    for (const reference of await references(variable.body.validation ?? [], shown(variable.file.path))) {
      if (reference.scope === "var" && reference.name !== variable.name) {
        problems.push(
          problem(
            variable.file.path,
            declared.get(variable.name).line,
            `the validation of variable "${variable.name}" refers to var.${reference.name}; a validation may refer only to its own variable`,
          ),
        );
      }
    }
  }
  for (const [name, where] of used.var) {
    if (!declared.has(name)) {
      problems.push(problem(where.file.path, where.line, `var.${name} is used but no variable "${name}" is declared`));
    }
  }
  for (const [name, variable] of declared) {
    if (!used.var.has(name)) {
      problems.push(problem(variable.file.path, variable.line, `variable "${name}" is declared but never used`));
    }
  }
  for (const [name, where] of used.local) {
    if (!locals.has(name)) {
      problems.push(problem(where.file.path, where.line, `local.${name} is used but not declared in a locals block`));
    }
  }
  for (const [name, where] of locals) {
    if (!used.local.has(name)) problems.push(problem(where.file.path, where.line, `local.${name} is never used`));
  }

  for (const call of blocks(module, "module")) {
    const line = blockLine(call.file, "module", call.labels);
    const source = call.body.source;
    if (typeof source !== "string" || !/^\.\.?\//.test(source)) continue;
    const called = await loadModule(resolve(dir, source));
    const calledVariables = new Map(blocks(called, "variable").map((variable) => [variable.name, variable.body]));
    const META_ARGUMENTS = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);
    for (const argument of Object.keys(call.body)) {
      if (!META_ARGUMENTS.has(argument) && !calledVariables.has(argument)) {
        problems.push(
          problem(
            call.file.path,
            attributeLine(call.file, line, argument),
            `module "${call.name}" passes ${argument}, which ${source} does not declare`,
          ),
        );
      }
    }
    for (const [name, body] of calledVariables) {
      if (!("default" in body) && !(name in call.body)) {
        problems.push(
          problem(call.file.path, line, `module "${call.name}" does not pass ${name}, which ${source} requires`),
        );
      }
    }
  }
  return problems;
}

function lineOfReference(file, reference) {
  const text = `${reference.scope}.${reference.name}`;
  const pattern = new RegExp(`\\b${text.replace(".", "\\.")}\\b`);
  const index = file.source.split("\n").findIndex((line) => pattern.test(line) && !/^\s*#/.test(line));
  return index + 1;
}

/**
 * Bindings: the worker script's bindings are exactly the roles of the worker's bindings manifest, each named
 * `local.<manifest>.<role>.name` from a local that decodes the manifest file itself, with the manifest's type;
 * the value of a secret binding comes from sensitive variables only.
 *
 * @param dir the module directory
 * @param manifestPath the worker's bindings.json
 */
export async function bindingProblems(dir, manifestPath) {
  const module = await loadModule(dir);
  const problems = [];
  const manifestFile = realpathSync(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  const roles = Object.keys(manifest).filter((role) => !role.startsWith("$"));
  const scripts = blocks(module, "resource").filter((block) => block.labels[0] === "cloudflare_workers_script");
  if (scripts.length !== 1) {
    return [problem(dir, 0, `expected one cloudflare_workers_script resource, found ${scripts.length}`)];
  }
  const [script] = scripts;
  const scriptLine = blockLine(script.file, "resource", script.labels);
  const bindings = script.body.bindings;
  const bindingsLine = attributeLine(script.file, scriptLine, "bindings");
  if (!Array.isArray(bindings) || bindings.some((binding) => binding === null || typeof binding !== "object")) {
    return [
      problem(
        script.file.path,
        bindingsLine,
        `${script.name}.bindings must be a list of objects written out, so that it can be checked`,
      ),
    ];
  }

  const locals = Object.assign({}, ...blocks(module, "locals").map((block) => block.body));
  const sensitive = new Set(
    blocks(module, "variable")
      .filter((variable) => variable.body.sensitive === true)
      .map((variable) => variable.name),
  );
  const bound = new Map();
  const manifestLocals = new Map();
  for (const [index, binding] of bindings.entries()) {
    const line = lineOfBinding(script.file, bindingsLine, index);
    const where = (message) => problems.push(problem(script.file.path, line, message));
    const name = /^\$\{local\.(\w+)\.(\w+)\.name\}$/.exec(binding.name ?? "");
    if (name === null) {
      where(
        `binding ${JSON.stringify(binding.name)} is not in ${shown(manifestFile)}: take the name from the manifest (local.manifest.<role>.name)`,
      );
      continue;
    }
    const [, manifestLocal, role] = name;
    manifestLocals.set(manifestLocal, line);
    if (!roles.includes(role)) {
      where(`binding ${binding.name} names role "${role}", which ${shown(manifestFile)} does not declare`);
      continue;
    }
    if (bound.has(role)) where(`role "${role}" is bound twice`);
    bound.set(role, binding);
    if (binding.type !== manifest[role].type) {
      where(
        `binding ${manifest[role].name} has type ${JSON.stringify(binding.type)}; ${shown(manifestFile)} says "${manifest[role].type}"`,
      );
    }
    if (binding.type === "secret_text") {
      for (const reference of await references(binding.text ?? null)) {
        if (reference.scope !== "var" || !sensitive.has(reference.name)) {
          where(
            `secret binding ${manifest[role].name} takes ${reference.scope}.${reference.name}, which is not a sensitive variable`,
          );
        }
      }
    }
  }
  for (const role of roles) {
    if (!bound.has(role)) {
      problems.push(
        problem(
          script.file.path,
          bindingsLine,
          `${shown(manifestFile)} declares "${role}" (${manifest[role].name}), which the module does not bind`,
        ),
      );
    }
  }
  // The names must come from the manifest itself, not from a copy of it.
  for (const [name, line] of manifestLocals) {
    if (!(name in locals)) {
      problems.push(problem(script.file.path, line, `local.${name} is not declared`));
      continue;
    }
    const context = scope({ dir, cwd: dir, variables: {}, locals });
    let value;
    try {
      value = await evaluate(locals[name], context);
    } catch (error) {
      problems.push(problem(script.file.path, line, `local.${name} cannot be evaluated offline: ${error.message}`));
      continue;
    }
    if (![...context.filesRead].map((file) => realpathSync(file)).includes(manifestFile)) {
      problems.push(problem(script.file.path, line, `local.${name} does not read ${shown(manifestFile)}`));
    } else if (JSON.stringify(value) !== JSON.stringify(manifest)) {
      problems.push(problem(script.file.path, line, `local.${name} is not the decoded ${shown(manifestFile)}`));
    }
  }
  return problems;
}

function lineOfBinding(file, bindingsLine, index) {
  // The index-th `name =` after `bindings = [`.
  const lines = file.source.split("\n");
  let seen = -1;
  for (let i = bindingsLine; i < lines.length; i++) {
    if (/^\s*name\s*=/.test(lines[i]) && ++seen === index) return i + 1;
  }
  return bindingsLine;
}

/**
 * Schema: every attribute and nested attribute a cloudflare_* resource sets exists on that resource in the provider
 * (per @cdktf/provider-cloudflare), the required ones are set, literal values are among the provider's allowed
 * values, nested attributes are assigned (provider 5 has no nested blocks), and each binding sets its type's
 * value attribute and nothing that belongs to another type.
 */
export async function schemaProblems(dir) {
  const module = await loadModule(dir);
  const problems = [];
  for (const resource of blocks(module, "resource")) {
    const [type] = resource.labels;
    if (!type.startsWith("cloudflare_")) continue;
    const line = blockLine(resource.file, "resource", resource.labels);
    const schema = resourceSchema(type);
    if (schema === undefined) {
      problems.push(problem(resource.file.path, line, `${type} is not a resource of the cloudflare provider`));
      continue;
    }
    const report = (attribute, message) =>
      problems.push(
        problem(resource.file.path, attributeLine(resource.file, line, attribute), `${resource.name}: ${message}`),
      );
    checkObject(resource.body, schema, type, report, { top: true });
    for (const [name, attribute] of schema.attributes) {
      if (attribute.nested === undefined || !(name in resource.body)) continue;
      // hcl2json writes `name = [...]` and `name { }` alike; the source tells them apart.
      const blockSyntax = new RegExp(`^\\s*${name}\\s*\\{`, "m");
      if (blockSyntax.test(resource.file.source)) {
        const written = attribute.kind === "struct" ? "{ ... }" : "[{ ... }]";
        problems.push(
          problem(
            resource.file.path,
            lineMatching(resource.file.source, blockSyntax),
            `${resource.name}: ${name} is a nested attribute in provider 5: write ${name} = ${written}, not a ${name} block`,
          ),
        );
      }
    }
    if (type === "cloudflare_workers_script" && Array.isArray(resource.body.bindings)) {
      for (const binding of resource.body.bindings) checkBinding(binding, report);
    }
  }
  return problems;
}

function checkObject(body, schema, where, report, { top = false } = {}) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return;
  for (const [name, value] of Object.entries(body)) {
    if (top && META.has(name)) continue;
    const attribute = schema.attributes.get(name);
    if (attribute === undefined) {
      const hint = closest(name, [...schema.attributes.keys()]);
      report(name, `${name} is not an attribute of ${where}${hint ? `; did you mean ${hint}?` : ""}`);
      continue;
    }
    if (
      attribute.values !== undefined &&
      typeof value === "string" &&
      !value.includes("${") &&
      !attribute.values.includes(value)
    ) {
      report(name, `${where}.${name} = ${JSON.stringify(value)} is not one of ${attribute.values.join(", ")}`);
    }
    if (attribute.nested !== undefined) {
      const elements = attribute.kind === "struct" ? [value] : Array.isArray(value) ? value : [];
      for (const element of elements) checkObject(element, attribute.nested, `${where}.${name}`, report);
    }
  }
  for (const [name, attribute] of schema.attributes) {
    if (attribute.required && !(name in body)) report(name, `${where} requires ${name}, which is not set`);
  }
}

function checkBinding(binding, report) {
  if (
    binding === null ||
    typeof binding !== "object" ||
    typeof binding.type !== "string" ||
    binding.type.includes("${")
  )
    return;
  const value = BINDING_VALUE[binding.type];
  const name = String(binding.name ?? "?").replace(/^\$\{(.*)\}$/, "$1");
  if (value === undefined) {
    report(
      "type",
      `binding ${name}: the check knows the value attribute of ${Object.keys(BINDING_VALUE).join(", ")} bindings only, not ${binding.type}`,
    );
    return;
  }
  if (!(value in binding)) report("type", `binding ${name} of type ${binding.type} needs ${value}`);
  for (const attribute of Object.keys(binding)) {
    if (!["name", "type", value].includes(attribute)) {
      report(
        attribute,
        `binding ${name}: ${attribute} does not apply to a ${binding.type} binding (its value goes in ${value})`,
      );
    }
  }
}

/** The candidate nearest to `name` by edit distance, when it is near enough to be a misspelling. */
function closest(name, candidates) {
  let best;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The module directories under `root` (itself and each directory holding .tf files, .terraform/ left out). */
export function moduleDirectories(root) {
  return [
    ...new Set(
      hclFiles(root)
        .filter((path) => path.endsWith(".tf"))
        .map((path) => dirname(path)),
    ),
  ].sort();
}

/**
 * Every offline check of the module at `root`, by name: syntax and format over every HCL file under it, structure
 * of each module directory, and the bindings and schema of `root` itself. With a syntax error, the checks that
 * need the parsed files are not run (they report nothing).
 */
export async function runChecks(root, manifestPath) {
  const results = { syntax: await syntaxProblems(root), format: await formatProblems(root) };
  if (results.syntax.length > 0) return { ...results, structure: [], bindings: [], schema: [] };
  results.structure = [];
  for (const dir of moduleDirectories(root)) results.structure.push(...(await structureProblems(dir)));
  results.bindings = await bindingProblems(root, manifestPath);
  results.schema = [];
  for (const dir of moduleDirectories(root)) results.schema.push(...(await schemaProblems(dir)));
  return results;
}
