import { describe, expect, it } from "vitest";
import { Headers } from "../../src/core/http/Headers.js";
import { CompiledPolicy } from "../../src/core/policy/CompiledPolicy.js";
import { TokenResult } from "../../src/core/policy/TokenResult.js";
import { CACHES, evaluate } from "./VectorEvaluator.js";

// The same files the gateway's ConformanceVectorsTest reads, not copies: a divergence fails one side.
const FILES = import.meta.glob("../../../policies/conformance/*.json", { eager: true, import: "default" });
// The vectors' policies as `tiergate policy compile` writes them (CompiledVectorPoliciesTest keeps them current).
const COMPILED = import.meta.glob("../../../policies/conformance/compiled/*.json", { eager: true, import: "default" });

const EXPECT_FIELDS = new Set([
  "route",
  "tags",
  "key",
  "keyHash",
  "variant",
  "segment",
  "forwardTarget",
  "keyProblem",
  "decision",
  "reason",
  "storable",
  "storeReason",
  "age",
  "ttl",
  "lifetime",
  "staleWhileRevalidate",
  "staleIfError",
  "freshened",
  "status",
  "cacheStatus",
  "invalidates",
  "trusted",
  "host",
  "clientIp",
  "scheme",
  "originHeaders",
]);
/** The address a vector's request comes from when it names none (TEST-NET-1, RFC 5737). */
const DEFAULT_PEER = "192.0.2.1";

const policies = new Map();

function policy(vector) {
  if (vector.compiledFormat !== undefined) {
    // The case's policy as a compiled document of another format: the worker must refuse to read it.
    const document = { ...COMPILED[compiledPath(vector)], format: vector.compiledFormat };
    try {
      CompiledPolicy.read(document);
    } catch {
      return undefined;
    }
    throw new Error(`${vector.id}: a compiled policy of format ${vector.compiledFormat} was read`);
  }
  if (vector.policyYaml !== undefined) {
    throw new Error(`${vector.id}: inline policyYaml has no compiled form; use a file under policies/`);
  }
  const name = compiledPath(vector);
  if (!policies.has(name)) {
    const document = COMPILED[name];
    if (document === undefined) {
      throw new Error(`${vector.id}: no ${name}: run bin/compile-policies`);
    }
    policies.set(name, CompiledPolicy.read(document));
  }
  return policies.get(name);
}

function cache(vector) {
  const at = CACHES[vector.at ?? "gateway"];
  if (at === undefined) {
    throw new Error(`${vector.id}: at: ${vector.at} (expected: gateway or edge)`);
  }
  return at;
}

function compiledPath(vector) {
  const name = vector.policy.replace(/^policies\//, "").replace(/\.yaml$/, ".json");
  return `../../../policies/conformance/compiled/${name}`;
}

/** Header names keep their case; a value may be an array for a repeated field. */
function headers(json) {
  const builder = Headers.builder();
  for (const [name, value] of Object.entries(json ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      builder.add(name, String(one));
    }
  }
  return builder.build();
}

function token(json) {
  if (json === undefined) {
    return TokenResult.NONE;
  }
  switch (json.state ?? "none") {
    case "none":
      return TokenResult.NONE;
    case "valid":
      return TokenResult.valid(json.claims ?? {});
    case "invalid":
      return TokenResult.invalid(json.reason ?? "invalid");
    default:
      throw new Error(`token.state: ${json.state} (expected: none, valid or invalid)`);
  }
}

const utf8 = (text) => new TextEncoder().encode(text ?? "");
const instant = (text, fallback) => (text === undefined ? fallback : Date.parse(text));

function stored(json, now) {
  const responseTime = instant(json.responseTime, now);
  return {
    target: json.target ?? "",
    status: json.status ?? 200,
    headers: headers(json.headers),
    body: utf8(json.body),
    requestTime: instant(json.requestTime, responseTime),
    responseTime,
    requestHeaders: json.requestHeaders === undefined ? undefined : headers(json.requestHeaders),
    token: json.token === undefined ? undefined : token(json.token),
  };
}

function origin(json, now) {
  if (json === undefined) {
    return undefined;
  }
  const responseTime = instant(json.responseTime, now);
  return {
    status: json.status ?? 0,
    headers: headers(json.headers),
    body: utf8(json.body),
    requestTime: instant(json.requestTime, responseTime),
    responseTime,
    fault: json.fault,
  };
}

/** The gateway tiers a case may find its stored responses in (`storedTier`). */
const TIERS = ["l1", "l2"];

function input(vector) {
  const now = Date.parse(vector.now ?? "2026-01-01T00:00:00Z");
  const storedList = vector.stored === undefined ? [] : [vector.stored].flat();
  if (vector.storedTier !== undefined && (vector.stored === undefined || !TIERS.includes(vector.storedTier))) {
    throw new Error(`${vector.id}: storedTier needs stored, and is l1 or l2`);
  }
  return {
    policy: policy(vector),
    at: cache(vector),
    now,
    method: vector.request.method ?? "GET",
    target: vector.request.target,
    headers: headers(vector.request.headers),
    peer: vector.request.peer ?? DEFAULT_PEER,
    scheme: vector.request.scheme ?? "http",
    environment: vector.environment ?? {},
    token: token(vector.token),
    stored: storedList.map((one) => stored(one, now)),
    storedTier: vector.storedTier,
    origin: origin(vector.origin, now),
  };
}

const show = (value) => (value === undefined ? "(absent)" : JSON.stringify(value));

/** Only the fields the case names are checked; null expects the field to be absent. */
function originHeaderMismatches(expected, sent, mismatches) {
  if (sent === undefined) {
    mismatches.push(`  originHeaders: expected ${JSON.stringify(expected)} but nothing was sent to the origin`);
    return;
  }
  for (const [name, value] of Object.entries(expected)) {
    const got = sent[name.toLowerCase()];
    if (show(value ?? undefined) !== show(got)) {
      mismatches.push(`  originHeaders.${name}: expected ${show(value ?? undefined)} but was ${show(got)}`);
    }
  }
}

/** Runs one case; a mismatch names each field with its expected and actual value. */
function run(file, vector) {
  const actual = evaluate(input(vector));
  const mismatches = [];
  for (const [field, expected] of Object.entries(vector.expect)) {
    if (field === "originHeaders") {
      originHeaderMismatches(expected, actual.get(field), mismatches);
      continue;
    }
    const got = actual.has(field) ? actual.get(field) : undefined;
    if (show(expected) !== show(got)) {
      mismatches.push(`  ${field}: expected ${show(expected)} but was ${show(got)}`);
    }
  }
  if (mismatches.length > 0) {
    const outcome = JSON.stringify(Object.fromEntries(actual));
    throw new Error(
      `${vector.id} (${file}): ${vector.description}\n${mismatches.join("\n")}\n  actual outcome: ${outcome}`,
    );
  }
}

const entries = Object.entries(FILES).sort(([a], [b]) => a.localeCompare(b));
let total = 0;
for (const [path, cases] of entries) {
  const file = path.split("/").pop();
  describe(file, () => {
    for (const vector of cases) {
      total++;
      // A case the gateway marks as a known issue states intended behaviour; the worker must meet it too,
      // or say so in the same way.
      const test = vector.knownIssue === undefined ? it : it.fails;
      test(vector.id, () => run(file, vector));
    }
  });
}

describe("the vector files", () => {
  it("are all read, with unique ids and only known expect fields", () => {
    expect(entries.length).toBeGreaterThanOrEqual(9);
    const ids = entries.flatMap(([, cases]) => cases.map((vector) => vector.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(total).toBe(ids.length);
    const unknown = entries.flatMap(([, cases]) =>
      cases.flatMap((vector) => Object.keys(vector.expect).filter((field) => !EXPECT_FIELDS.has(field))),
    );
    expect(unknown).toEqual([]);
  });
});
