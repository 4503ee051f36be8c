// The Cloudflare provider's resource schemas, offline, from @cdktf/provider-cloudflare (generated from the
// provider's own schema; 13.9.1 is cloudflare/cloudflare 5.14.0). Each resource's lib/<resource>/index.js has the
// functions that turn a configuration into Terraform's attribute names (`synthesizeHclAttributes` and one
// `<struct>ToHclTerraform` per nested object): calling them on a probe that answers every property yields every
// attribute name with its kind, without copying any list. Which attributes are required, and the values an
// attribute may take, are only in lib/<resource>/index.d.ts: a property without `?` is required, and its
// comment links the attribute's snake_case name and lists "Available values".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const PACKAGE = "@cdktf/provider-cloudflare";

/**
 * Answers every property with itself, so that each `...ToHclTerraform` function fills every attribute. `length`
 * stays undefined, because the map mappers compare it with 0; `in` finds nothing, so that the probe counts
 * neither as a token nor as a complex element.
 */
const probe = new Proxy(
  {},
  { get: (_, property) => (typeof property === "string" && property !== "length" ? probe : undefined) },
);

const cache = new Map();

/** The package directory of a resource type: cloudflare_workers_script -> workers-script. */
export function resourceDirectory(type) {
  return type.replace(/^cloudflare_/, "").replaceAll("_", "-");
}

/** The provider version the package was generated from, e.g. "5.14.0". */
export function providerVersion() {
  const source = readFileSync(require.resolve(`${PACKAGE}/lib/workers-script/index.js`), "utf8");
  return /providerVersion: '([^']+)'/.exec(source)[1];
}

/**
 * The schema of one resource type: `{ type, attributes: Map(name -> { kind, required, values, nested }) }`,
 * where `kind` is simple, list, set, map or struct, `nested` the schema of a struct or of a collection's element
 * object, and `values` the allowed values where the provider lists them. Undefined for an unknown resource type.
 */
export function resourceSchema(type) {
  if (cache.has(type)) return cache.get(type);
  let lib;
  let declarations;
  try {
    lib = require(`${PACKAGE}/lib/${resourceDirectory(type)}/index.js`);
    declarations = readFileSync(require.resolve(`${PACKAGE}/lib/${resourceDirectory(type)}/index.d.ts`), "utf8");
  } catch {
    cache.set(type, undefined);
    return undefined;
  }
  const resource = Object.values(lib).find((value) => typeof value === "function" && value.tfResourceType === type);
  if (resource === undefined) throw new Error(`${PACKAGE}: no class with tfResourceType ${type}`);
  const interfaces = readInterfaces(declarations);
  const schema = {
    type,
    ...node(lib, interfaces, `${resource.name}Config`, resource.prototype.synthesizeHclAttributes.call(probe)),
  };
  cache.set(type, schema);
  return schema;
}

function node(lib, interfaces, interfaceName, attrs) {
  const declared = interfaces.get(interfaceName);
  if (declared === undefined) throw new Error(`${PACKAGE}: no interface ${interfaceName} in index.d.ts`);
  const attributes = new Map();
  for (const [name, attr] of Object.entries(attrs)) {
    const entry = {
      kind: attr.type,
      required: declared.get(name)?.required ?? false,
      values: declared.get(name)?.values,
    };
    const struct = attr.storageClassType.replace(/List$/, "");
    const toHcl = lib[`${struct[0].toLowerCase()}${struct.slice(1)}ToHclTerraform`];
    if (attr.isBlock && typeof toHcl === "function") {
      entry.nested = node(lib, interfaces, struct, toHcl(probe));
    }
    attributes.set(name, entry);
  }
  // Every property index.d.ts declares must be one the synthesizer writes, or the two readings disagree.
  for (const name of declared.keys()) {
    if (!attributes.has(name))
      throw new Error(`${PACKAGE}: ${interfaceName} declares ${name}, which is not synthesized`);
  }
  return { attributes };
}

/** interface name -> Map(snake_case name -> { required, values }) from an index.d.ts. */
function readInterfaces(source) {
  const interfaces = new Map();
  for (const [, name, body] of source.matchAll(/^export interface (\w+)(?: extends [\w.]+)? \{\n([\s\S]*?)^\}/gm)) {
    const properties = new Map();
    for (const [, comment, optional] of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*readonly \w+(\?)?:/g)) {
      const anchor = /#(\w+) \w+#\1\}/.exec(comment);
      if (anchor === null) continue;
      const available = /Available values: (.*?)\.\s*$/m.exec(comment.replace(/\n\s*\*\s?/g, "\n"));
      properties.set(anchor[1], {
        required: optional === undefined,
        values: available ? [...available[1].matchAll(/"([^"]*)"/g)].map((value) => value[1]) : undefined,
      });
    }
    interfaces.set(name, properties);
  }
  return interfaces;
}
