// A small evaluator for the Terraform expressions the module and its example use, so that the deployment test can
// compute the worker's bindings from the parsed configuration without Terraform. It knows literals, templates,
// var./local./path.module references, ==, !=, &&, ||, the conditional, tuples, objects and the functions below;
// anything else fails with the expression, rather than being guessed at.
import { getExpressionAst } from "@cdktf/hcl2json";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";

/** Terraform's jsonencode: object attributes in lexical order, no spaces. */
export function jsonencode(value) {
  if (Array.isArray(value)) return `[${value.map(jsonencode).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jsonencode(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The scope one module's expressions are evaluated in.
 *
 * @param {object} options
 * @param {string} options.dir the module's directory (path.module)
 * @param {string} options.cwd the root module's directory, which relative paths in file() are resolved from
 * @param {Record<string, unknown>} options.variables the module's variable values (defaults applied)
 * @param {Record<string, unknown>} options.locals the module's locals, as parsed (expressions unevaluated)
 * @param {Set<string>} [options.filesRead] collects the absolute path of every file read
 */
export function scope({ dir, cwd, variables, locals = {}, filesRead = new Set() }) {
  return { dir, cwd, variables, locals, filesRead, evaluatedLocals: new Map() };
}

/** Evaluates a parsed value: a string (literal or template), a number, a boolean, null, a list or an object. */
export async function evaluate(value, context) {
  if (typeof value === "string") {
    if (!value.includes("${")) {
      if (value.includes("%{")) throw new Error(`template directives are not supported: ${value}`);
      return value;
    }
    let ast;
    try {
      ast = await getExpressionAst("expression.tf", `"${value}"`);
    } catch (error) {
      throw new Error(`cannot parse ${value} as a template: ${error.message}`);
    }
    return node(ast, context, value);
  }
  if (Array.isArray(value)) {
    const items = [];
    for (const item of value) items.push(await evaluate(item, context));
    return items;
  }
  if (value !== null && typeof value === "object") {
    const object = {};
    for (const [key, inner] of Object.entries(value)) object[key] = await evaluate(inner, context);
    return object;
  }
  return value;
}

async function node(ast, context, source) {
  const children = ast.children ?? [];
  const all = async () => {
    const values = [];
    for (const child of children) values.push(await node(child, context, source));
    return values;
  };
  switch (ast.type) {
    case "templateWrap":
      return node(children[0], context, source);
    case "template": {
      const parts = await all();
      return parts.map((part) => templatePart(part, source)).join("");
    }
    case "literalValue":
      return literal(ast.meta);
    case "scopeTraversal":
      return traverse(ast.meta, context, source);
    case "tuple":
      return all();
    case "object":
      return object(ast, context, source);
    case "conditional": {
      const condition = await node(children[0], context, source);
      if (typeof condition !== "boolean") throw new Error(`condition is not a bool in ${source}`);
      return node(children[condition ? 1 : 2], context, source);
    }
    case "binaryOp":
      return binary(ast.meta.operator, await all(), source);
    case "function":
      return call(ast.meta.name, await all(), context, source);
    default:
      throw new Error(`cannot evaluate a ${ast.type || "keyword"} expression (${ast.meta?.value ?? "?"}) in ${source}`);
  }
}

function templatePart(part, source) {
  if (typeof part === "string") return part;
  if (typeof part === "number" || typeof part === "boolean") return String(part);
  throw new Error(`cannot interpolate ${JSON.stringify(part)} into a string in ${source}`);
}

function literal(meta) {
  switch (meta.type) {
    case "string":
      return meta.value;
    case "number":
      return Number(meta.value);
    case "bool":
      return meta.value === "true";
    default:
      if (meta.value === "null") return null;
      throw new Error(`unknown literal ${meta.value}`);
  }
}

async function object(ast, context, source) {
  const keys = Object.keys(ast.meta.items ?? {});
  if (ast.children.length !== 2 * keys.length)
    throw new Error(`cannot read the keys of ${ast.meta.value} in ${source}`);
  const result = {};
  for (let i = 0; i < keys.length; i++) {
    result[keys[i]] = await node(ast.children[2 * i + 1], context, source);
  }
  return result;
}

async function traverse(meta, context, source) {
  const segments = meta.traversal.map((step) => {
    if (step.type !== "nameTraversal")
      throw new Error(`only attribute access is supported: ${meta.value} in ${source}`);
    return step.segment;
  });
  const [root, name, ...rest] = segments;
  let value;
  if (root === "var") {
    if (!(name in context.variables)) throw new Error(`var.${name} has no value in ${source}`);
    value = context.variables[name];
  } else if (root === "local") {
    value = await local(name, context, source);
  } else if (root === "path" && name === "module") {
    value = context.dir;
  } else {
    throw new Error(`cannot resolve ${meta.value} in ${source}`);
  }
  for (const attribute of rest) {
    if (value === null || typeof value !== "object" || !(attribute in value)) {
      throw new Error(`${meta.value}: no attribute ${attribute} in ${source}`);
    }
    value = value[attribute];
  }
  return value;
}

async function local(name, context, source) {
  if (!context.evaluatedLocals.has(name)) {
    if (!(name in context.locals)) throw new Error(`local.${name} is not declared (in ${source})`);
    context.evaluatedLocals.set(name, evaluate(context.locals[name], context));
  }
  return context.evaluatedLocals.get(name);
}

function binary(operator, [left, right], source) {
  switch (operator) {
    case "equal":
      return jsonencode(left) === jsonencode(right);
    case "notEqual":
      return jsonencode(left) !== jsonencode(right);
    case "logicalAnd":
    case "logicalOr":
      if (typeof left !== "boolean" || typeof right !== "boolean")
        throw new Error(`${operator} needs bools in ${source}`);
      return operator === "logicalAnd" ? left && right : left || right;
    default:
      throw new Error(`operator ${operator} is not supported in ${source}`);
  }
}

function path(context, value, source) {
  if (typeof value !== "string") throw new Error(`a path must be a string in ${source}`);
  return resolve(context.cwd, value);
}

function read(context, value, source) {
  const file = path(context, value, source);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no file ${file} (in ${source})`);
  context.filesRead.add(file);
  return readFileSync(file);
}

function call(name, args, context, source) {
  switch (name) {
    case "file":
      return read(context, args[0], source).toString("utf8");
    case "filesha256":
      return createHash("sha256")
        .update(read(context, args[0], source))
        .digest("hex");
    case "fileexists":
      return existsSync(path(context, args[0], source));
    case "basename":
      return basename(args[0]);
    case "jsondecode":
      return JSON.parse(args[0]);
    case "jsonencode":
      return jsonencode(args[0]);
    case "coalesce": {
      const found = args.find((arg) => arg !== null && arg !== "");
      if (found === undefined) throw new Error(`coalesce: no non-null argument in ${source}`);
      return found;
    }
    case "toset":
      return [...new Set(args[0])].sort();
    default:
      throw new Error(`function ${name}() is not supported in ${source}`);
  }
}
