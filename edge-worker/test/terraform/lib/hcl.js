// Reading Terraform files offline (Node only): @cdktf/hcl2json parses HCL into the JSON form of the configuration,
// with every expression left as its source text ("${var.x}"), and finds the references in an expression.
import { getReferencesInExpression, parse } from "@cdktf/hcl2json";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** The extensions of the HCL files `terraform fmt` formats, and of the example variable file. */
const HCL_FILE = /\.(tf|tftest\.hcl|tfvars|tfvars\.example)$/;

/** A file as a person looks for it: relative to the repository. */
export function shown(path) {
  return relative(REPO_ROOT, path) || path;
}

/** One finding of a check: "file:line: message", so that a failure says where to look. */
export function problem(path, line, message) {
  return `${shown(path)}${line ? `:${line}` : ""}: ${message}`;
}

/** Every HCL file under `root`, recursively (Terraform's own `.terraform/` directories left out), sorted. */
export function hclFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === ".terraform") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (HCL_FILE.test(entry.name)) found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** Thrown for a file that does not parse: `file:line:column: summary; detail`. */
export class HclSyntaxError extends Error {}

/**
 * Parses one HCL file. A syntax error becomes an {@link HclSyntaxError} whose message starts with the file
 * and line, as HCL reports them.
 */
export async function parseFile(path) {
  const source = readFileSync(path, "utf8");
  const name = shown(path);
  try {
    return { path, source, body: await parse(name, source) };
  } catch (error) {
    // e.g. "parse config: [terraform/main.tf:2,7-3,1: Invalid expression; Expected the start of an expression, ...]"
    const text = String(error.message);
    const at = /([^\s[]+):(\d+),(\d+)(?:-[\d,]+)?: (.*?)\]?$/s.exec(text);
    if (at === null) throw new HclSyntaxError(`${name}: ${text}`);
    throw new HclSyntaxError(`${at[1]}:${at[2]}:${at[3]}: ${at[4]}`);
  }
}

/** The `.tf` files of one module directory (not its subdirectories), parsed. */
export async function loadModule(dir) {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".tf"))
    .sort()
    .map((name) => join(dir, name));
  return { dir, files: await Promise.all(files.map(parseFile)) };
}

/** The blocks of one kind across a module's files: `[{ file, name, labels, body }]`. */
export function blocks(module, kind) {
  const found = [];
  for (const file of module.files) {
    const byKind = file.body[kind];
    if (byKind === undefined) continue;
    if (kind === "resource" || kind === "data") {
      for (const [type, byName] of Object.entries(byKind)) {
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of bodies) found.push({ file, labels: [type, name], name: `${type}.${name}`, body });
        }
      }
    } else if (kind === "locals" || kind === "terraform") {
      for (const body of byKind) found.push({ file, labels: [], name: kind, body });
    } else {
      for (const [name, bodies] of Object.entries(byKind)) {
        for (const body of bodies) found.push({ file, labels: [name], name, body });
      }
    }
  }
  return found;
}

/** The line (1-based) of a block's header in its file, e.g. `resource "cloudflare_workers_script" "edge" {`. */
export function blockLine(file, kind, labels) {
  const header = [kind, ...labels.map((label) => `"${escapeRegExp(label)}"`)].join("\\s+");
  return lineMatching(file.source, new RegExp(`^\\s*${header}\\s*\\{`, "m"));
}

/** The line of an attribute `name =` at or after line `from` (the block's own line), or that line if none. */
export function attributeLine(file, from, name) {
  const lines = file.source.split("\n");
  const pattern = new RegExp(`^\\s*${escapeRegExp(name)}\\s*=`);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) {
    if (pattern.test(lines[i])) return i + 1;
  }
  return from;
}

/** The first line whose text contains `needle` (a string) or matches it (a RegExp); 0 when none does. */
export function lineMatching(source, needle) {
  const lines = source.split("\n");
  const index =
    typeof needle === "string" ? lines.findIndex((line) => line.includes(needle)) : findLine(lines, needle, source);
  return index + 1;
}

function findLine(lines, pattern, source) {
  const match = pattern.exec(source);
  if (match === null) return -1;
  return source.slice(0, match.index + (match[0].length - match[0].trimStart().length)).split("\n").length - 1;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every string in a parsed value that holds an expression (`${...}`), depth first. */
export function expressions(value) {
  const found = [];
  const walk = (node) => {
    if (typeof node === "string") {
      if (node.includes("${")) found.push(node);
    } else if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node !== null && typeof node === "object") {
      for (const [key, inner] of Object.entries(node)) {
        // Object keys may be expressions too (`{ (var.x) = 1 }`).
        if (key.includes("${")) found.push(key);
        walk(inner);
      }
    }
  };
  walk(value);
  return found;
}

/**
 * The references in a parsed value, as `{ scope, name, expression }`: `var.account_id` is
 * `{ scope: "var", name: "account_id" }`. For-expression symbols and function names are not references.
 */
export async function references(value, filename = "reference.tf") {
  const found = [];
  for (const expression of expressions(value)) {
    for (const reference of await getReferencesInExpression(filename, expression)) {
      const [scope, name] = reference.value.split(/[.[]/, 2);
      found.push({ scope, name, expression });
    }
  }
  return found;
}
