#!/usr/bin/env node
// The edge worker's pure core on a warm hit, in Node: how long RequestPlan.route + RequestPlan.plan +
// plan.decide(variants, now) take per request, and how long EdgeStore.read takes to decode a stored
// family. For information, not a goal. Writes bench/reports/edge-core-<date>.md. See bench/README.md.
//
//   node bench/edge-core.mjs                    # from the repo root (any cwd works)
//
// Environment knobs (defaults in brackets):
//   ROUNDS [7]      measured rounds (the order of the cases rotates each round)
//   ITER [50000]    iterations per case per round          WARMUP_ITER [100000] per case, not recorded
//   POLICY [policies/compiled/example.json]                 REPORT [bench/reports/edge-core-<date>.md], "-" = stdout only
//   LOAD_WAIT [1]   wait (at most LOAD_WAIT_MAX_S [600] s, polling every 15 s) for the 1-minute load
//                   average to drop below LOAD_MAX [1.5] before measuring; 0 = measure at once
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORKER = join(ROOT, "edge-worker");
// Bare imports inside the core (@noble/hashes) resolve from edge-worker/node_modules, whatever the cwd.
const load = (path) => import(new URL(`file://${join(WORKER, path)}`).href);
const { CompiledPolicy } = await load("src/core/policy/CompiledPolicy.js");
const { RequestPlan } = await load("src/core/plan/RequestPlan.js");
const { Headers } = await load("src/core/http/Headers.js");
const { HttpDates } = await load("src/core/http/HttpDates.js");
const { TokenResult } = await load("src/core/policy/TokenResult.js");
const { VariantSet } = await load("src/core/cache/VariantSet.js");
const { Decision } = await load("src/core/cache/Decision.js");
const { EdgeStore } = await load("src/edge/EdgeStore.js");

const env = process.env;
const ROUNDS = Number(env.ROUNDS ?? 7);
const ITER = Number(env.ITER ?? 50_000);
const WARMUP_ITER = Number(env.WARMUP_ITER ?? 100_000);
const POLICY = env.POLICY ?? "policies/compiled/example.json";
const DATE = new Date().toISOString().slice(0, 10);
const REPORT = env.REPORT ?? `bench/reports/edge-core-${DATE}.md`;
const LOAD_WAIT = (env.LOAD_WAIT ?? "1") !== "0";
const LOAD_MAX = Number(env.LOAD_MAX ?? 1.5);
const LOAD_WAIT_MAX_S = Number(env.LOAD_WAIT_MAX_S ?? 600);

const log = (message) => process.stderr.write(`[edge-core] ${message}\n`);
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------- fixtures
const policy = CompiledPolicy.read(JSON.parse(readFileSync(resolve(ROOT, POLICY), "utf8")));
const NOW = Date.parse("2026-01-01T00:00:00Z");
const STORED_AT = NOW - 5_000; // origin says max-age=30: fresh at NOW
const HOST = "shop.example";
// What origin-sim answers for GET /api/products/1 (captured from it), hop-by-hop fields removed.
const BODY = new TextEncoder().encode(
  '{"id":1,"sku":"TG-0001","name":"Desk Lamp (model 1)","category":"kitchen","price":84.19,"currency":"EUR","inStock":true}',
);
const originHeaders = (surrogateKey) =>
  Headers.of(
    "Date", HttpDates.format(STORED_AT),
    "Cache-Control", "public, max-age=30, stale-while-revalidate=60",
    "Surrogate-Key", surrogateKey,
    "Vary", "Accept-Language",
    "Content-Language", "en",
    "Content-Type", "application/json",
    "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT",
    "ETag", '"9941ba338358e706"',
    "Content-Length", String(BODY.length),
  ); // prettier-ignore
// A browser-like request (the worker's Headers carry every client field); the JWT cases add a bearer
// token of a realistic length, whose verification is NOT measured: the case is handed its TokenResult.
const BEARER = `Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImRlbW8ifQ.${"x".repeat(220)}.${"s".repeat(342)}`;
const baseFields = [
  "Host", HOST,
  "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  "Accept", "application/json",
  "Accept-Encoding", "gzip, br",
  "Accept-Language", "en",
]; // prettier-ignore
const plainHeaders = Headers.of(...baseFields);
const tokenHeaders = Headers.of(...baseFields, "Authorization", BEARER);
const claims = (plan) => ({
  iss: "https://auth.tiergate.example",
  aud: "tiergate-demo",
  sub: "user-1234",
  iat: NOW / 1000 - 60,
  exp: NOW / 1000 + 3600,
  plan,
});

/** Plans a request once and stores what origin-sim would answer under its key (as RequestPlan.test.js). */
function storedEntry(target, headers, token, surrogateKey) {
  const routed = RequestPlan.route(policy, "GET", target, headers);
  const planned = RequestPlan.plan(policy, routed, "GET", target, headers, token);
  if (!(planned.step instanceof RequestPlan.Lookup)) {
    throw new Error(`${target}: expected a lookup, got ${planned.step.constructor.name}`);
  }
  const sent = planned.originRequest(new Set(), undefined);
  const store = planned.storePlan(sent, 200, originHeaders(surrogateKey), BODY, STORED_AT, STORED_AT);
  if (!store.storable()) {
    throw new Error(`${target}: not storable (${store.reason})`);
  }
  return { planned, entry: store.entry };
}

const PLAIN_TARGET = "/api/products?page=2";
const JWT_TARGET = "/api/products/1";
const plain = storedEntry(PLAIN_TARGET, plainHeaders, TokenResult.NONE, "products");
const plainFamily = VariantSet.of(plain.entry);
// A warm JWT-segment route holds one variant per segment in one family: anonymous, free, pro (stored in
// that order; the match walks newest first, so "pro" is found first and "anonymous" last).
let jwtFamily;
for (const segment of ["anonymous", "free", "pro"]) {
  const token = segment === "anonymous" ? TokenResult.NONE : TokenResult.valid(claims(segment));
  const { entry } = storedEntry(
    JWT_TARGET,
    segment === "anonymous" ? plainHeaders : tokenHeaders,
    token,
    "products product:1",
  );
  jwtFamily = jwtFamily === undefined ? VariantSet.of(entry) : jwtFamily.with(entry);
}
const PRO = TokenResult.valid(claims("pro"));

// EdgeStore over an in-memory stand-in for the Cache API: write() runs the real (module-private) encode
// and hands the bytes to put(); read() runs the real decode on them. The stand-in's match() and
// arrayBuffer() are already-resolved promises returning the stored buffer without a copy, so the
// Cache API lookup and its body read are NOT in the number, only the awaits and the decode.
class MemoryCache {
  constructor() {
    this.entries = new Map();
  }
  async put(url, response) {
    this.entries.set(url, await response.arrayBuffer());
  }
  async match(url) {
    const buffer = this.entries.get(url);
    return buffer === undefined ? undefined : { arrayBuffer: async () => buffer };
  }
  async delete(url) {
    return this.entries.delete(url);
  }
}
const memory = new MemoryCache();
const store = new EdgeStore(memory);
const jwtKey = storedEntry(JWT_TARGET, plainHeaders, TokenResult.NONE, "products product:1").planned.key;
await store.write(plain.planned.key, plainFamily, 3600, ["products"]);
await store.write(jwtKey, jwtFamily, 3600, ["products", "product:1"]);
const entryBytes = (key) => memory.entries.get(EdgeStore.keyUrl(key)).byteLength;

// ---------------------------------------------------------------- cases
let sink = 0;
let sinkRoute = 0;
const hitPath = (target, headers, token, family) => () => {
  const routed = RequestPlan.route(policy, "GET", target, headers);
  const planned = RequestPlan.plan(policy, routed, "GET", target, headers, token);
  const reuse = planned.decide(family, NOW);
  if (reuse.decision instanceof Decision.Hit) {
    sink++;
  }
};
const CASES = [
  {
    id: "plain",
    label: `plain route \`GET ${PLAIN_TARGET}\` (route \`products\`, no segment), 1-variant family`,
    sync: hitPath(PLAIN_TARGET, plainHeaders, TokenResult.NONE, plainFamily),
  },
  {
    id: "jwt-valid",
    label: `JWT-segment route \`GET ${JWT_TARGET}\` (route \`product\`), valid token (plan=pro), 3-variant family`,
    sync: hitPath(JWT_TARGET, tokenHeaders, PRO, jwtFamily),
  },
  {
    id: "jwt-none",
    label: `JWT-segment route \`GET ${JWT_TARGET}\`, no token (segment \`anonymous\`, the last variant the match reaches)`,
    sync: hitPath(JWT_TARGET, plainHeaders, TokenResult.NONE, jwtFamily),
  },
  {
    id: "jwt-valid-route",
    label: "breakdown of `jwt-valid`: `RequestPlan.route` alone",
    sync: () => {
      if (RequestPlan.route(policy, "GET", JWT_TARGET, tokenHeaders).usesToken) sinkRoute++;
    },
  },
  {
    id: "jwt-valid-plan",
    label: "breakdown of `jwt-valid`: `route` + `plan` (no `decide`)",
    sync: () => {
      const routed = RequestPlan.route(policy, "GET", JWT_TARGET, tokenHeaders);
      if (RequestPlan.plan(policy, routed, "GET", JWT_TARGET, tokenHeaders, PRO).key !== undefined) sinkRoute++;
    },
  },
  {
    id: "decode-plain",
    label: `EdgeStore.read of the plain family (${entryBytes(plain.planned.key)} bytes stored), stub cache`,
    async: () => store.read(plain.planned.key),
  },
  {
    id: "decode-jwt",
    label: `EdgeStore.read of the 3-variant JWT family (${entryBytes(jwtKey)} bytes stored), stub cache`,
    async: () => store.read(jwtKey),
  },
];

// Check every case is what it claims before timing anything.
const checks = [];
for (const [id, target, headers, token, family] of [
  ["plain", PLAIN_TARGET, plainHeaders, TokenResult.NONE, plainFamily],
  ["jwt-valid", JWT_TARGET, tokenHeaders, PRO, jwtFamily],
  ["jwt-none", JWT_TARGET, plainHeaders, TokenResult.NONE, jwtFamily],
]) {
  const routed = RequestPlan.route(policy, "GET", target, headers);
  const planned = RequestPlan.plan(policy, routed, "GET", target, headers, token);
  const decision = planned.decide(family, NOW).decision;
  if (!(decision instanceof Decision.Hit)) {
    throw new Error(`${id}: expected a hit, got ${decision.constructor.name}`);
  }
  checks.push(
    `${id}: route=${routed.route.name} usesToken=${routed.usesToken} variant=${JSON.stringify(planned.key.variant)} ` +
      `-> ${decision.cacheStatus().format()}`,
  );
}
for (const [id, key, count] of [
  ["decode-plain", plain.planned.key, 1],
  ["decode-jwt", jwtKey, 3],
]) {
  const read = await store.read(key);
  if (read === undefined || read.variants.length !== count) {
    throw new Error(`${id}: expected ${count} variants back`);
  }
  checks.push(`${id}: ${read.variants.length} variant(s) decoded, ${read.variants[0].body.length}-byte body each`);
}

async function run(testCase, n) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (testCase.sync !== undefined) {
    const fn = testCase.sync;
    for (let i = 0; i < n; i++) fn();
  } else {
    const fn = testCase.async;
    for (let i = 0; i < n; i++) await fn();
  }
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return { nsPerOp: wallNs / n, cpuShare: ((cpu.user + cpu.system) * 1000) / wallNs };
}

// ---------------------------------------------------------------- load, warm-up, rounds
let loadBefore = loadavg();
let loadNote = "";
if (LOAD_WAIT) {
  const started = Date.now();
  while (Number(loadBefore.split(" ")[0]) >= LOAD_MAX && Date.now() - started < LOAD_WAIT_MAX_S * 1000) {
    log(`load average ${loadBefore} (1-minute >= ${LOAD_MAX}); waiting 15 s`);
    await sleep(15_000);
    loadBefore = loadavg();
  }
  const waited = Math.round((Date.now() - started) / 1000);
  loadNote =
    Number(loadBefore.split(" ")[0]) >= LOAD_MAX
      ? `**The 1-minute load average never dropped below ${LOAD_MAX} in ${waited} s: measured anyway, on a busy machine.**`
      : `Waited ${waited} s for the 1-minute load average to drop below ${LOAD_MAX}.`;
} else {
  loadNote = "Did not wait for a quiet machine (LOAD_WAIT=0).";
}
log(`load average before: ${loadBefore}`);

log(`warm-up: ${WARMUP_ITER} iterations per case`);
for (const testCase of CASES) {
  await run(testCase, WARMUP_ITER);
}
const results = new Map(CASES.map((c) => [c.id, []]));
for (let r = 0; r < ROUNDS; r++) {
  const order = CASES.map((_, i) => CASES[(i + r) % CASES.length]);
  for (const testCase of order) {
    results.get(testCase.id).push(await run(testCase, ITER));
  }
  log(
    `round ${r + 1}/${ROUNDS}: ` + CASES.map((c) => `${c.id} ${results.get(c.id)[r].nsPerOp.toFixed(0)} ns`).join(", "),
  );
}
const loadAfter = loadavg();
if (sink !== (WARMUP_ITER + ROUNDS * ITER) * 3) {
  throw new Error(`expected every decision to be a hit (sink ${sink})`);
}
if (sinkRoute !== (WARMUP_ITER + ROUNDS * ITER) * 2) {
  throw new Error(`expected every breakdown iteration to route and key the request (sink ${sinkRoute})`);
}

// ---------------------------------------------------------------- report
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ns) => (ns >= 10_000 ? ns.toFixed(0) : ns >= 100 ? ns.toFixed(0) : ns.toFixed(1));
function sourceFingerprint() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(WORKER, path)).update(readFileSync(path));
    }
  };
  walk(join(WORKER, "src"));
  return hash.digest("hex").slice(0, 16);
}
const quiet = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "n/a";
  }
};
const lines = [];
const out = (line = "") => lines.push(line);
out(`# Edge worker core: warm-hit decision time in Node (${DATE})`);
out();
out(
  "One run of `node bench/edge-core.mjs`: the worker's pure core (`edge-worker/src/core/`, plain ESM) in Node, single",
);
out(
  `thread. Each cell is ns per request (wall clock, \`process.hrtime\`) over ${ITER} iterations; ${ROUNDS} rounds, the`,
);
out(
  `order of the cases rotating each round, after ${WARMUP_ITER} warm-up iterations per case. Median and spread (min–max)`,
);
out("of the rounds; never the best round alone.");
out();
out(`Load: ${loadNote} Load average before: \`${loadBefore}\`, after: \`${loadAfter}\`.`);
out();
out("| case | median ns/request | min–max | per round | CPU share of wall (median) |");
out("|---|---:|---:|---|---:|");
for (const testCase of CASES) {
  const rounds = results.get(testCase.id);
  const ns = rounds.map((x) => x.nsPerOp);
  out(
    `| ${testCase.label} | **${fmt(median(ns))}** | ${fmt(Math.min(...ns))}–${fmt(Math.max(...ns))} | ` +
      `${ns.map(fmt).join(" / ")} | ${(100 * median(rounds.map((x) => x.cpuShare))).toFixed(0)}% |`,
  );
}
out();
out("## What is measured");
out();
out('- **Decision cases** (`plain`, `jwt-valid`, `jwt-none`): per request, `RequestPlan.route(policy, "GET", target,');
out(
  "  headers)` + `RequestPlan.plan(policy, routed, ...)` + `plan.decide(variants, now)` on a stored family built with",
);
out(
  "  `plan.storePlan(...)` as `edge-worker/test/core/plan/RequestPlan.test.js` does, from what origin-sim answers for",
);
out("  `/api/products/1` (120-byte JSON, `Cache-Control: public, max-age=30, stale-while-revalidate=60`,");
out("  `Vary: Accept-Language`, ETag, Surrogate-Key), stored 5 s before `now`: every decision is a fresh hit");
out("  (checked, and counted during the runs). Policy: `" + POLICY + "`. The request carries 6 fields (7 with the");
out("  bearer token); the core `Headers` object is built once, outside the loop (in the worker, `EdgeHandler` copies");
out("  the runtime's headers first: not measured).");
out("- **Token verification is excluded.** `jwt-valid` is handed a ready `TokenResult.valid(claims)`; in the worker,");
out("  `TokenVerifier.verify` (a `jose` RS256 signature check in WebCrypto, plus claim checks) runs before `plan` and");
out("  costs far more than the decision. `jwt-none` is the same route without a token (no verification at all in");
out("  the worker either: `verify` returns `TokenResult.NONE` when there is no `Authorization`).");
out("- **Decode cases** (`decode-*`): `EdgeStore.read(key)`, the worker's real code, on a stand-in for the Cache API");
out("  whose `match()` / `arrayBuffer()` are resolved promises returning the stored bytes (written by the real");
out("  `EdgeStore.write`, i.e. its module-private `encode`). So the number is the awaits + `decode` (header check,");
out("  UTF-8 + `JSON.parse` of the metadata, body copies, `VariantSet.fromObject`), without the Cache API's own");
out("  lookup and body read, which in workerd are I/O.");
out("- Not measured: building the `Response` (`ClientResponse.fromEntry`), `Cache-Status` formatting, `Date.now()`,");
out("  the runtime. Node's V8 is not workerd's V8 build, though both JIT the same code: read these as orders of");
out("  magnitude, not as the worker's latency.");
out('- "CPU share of wall": process CPU time (user+system, `process.cpuUsage`) over wall time per round; well under');
out("  100% means the process was descheduled (a busy machine) and the round's number is inflated; a little over");
out("  100% is V8's GC helper threads working next to the main thread.");
out();
out("Checks before timing:");
out();
out("```");
checks.forEach((line) => out(line));
out("```");
out();
out("## Machine");
out();
out("```");
out(`nproc: ${cpus().length}   cpu: ${cpus()[0]?.model ?? "n/a"}   memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
out(`node: ${process.version}   v8: ${process.versions.v8}`);
out(
  `git HEAD: ${quiet("git", ["rev-parse", "--short", "HEAD"])}   edge-worker/src fingerprint (sha256 of the files as read): ${sourceFingerprint()}`,
);
out(`loadavg before: ${loadBefore}   after: ${loadAfter}`);
out("```");
out();
out("## Command");
out();
out("```sh");
out(`ROUNDS=${ROUNDS} ITER=${ITER} WARMUP_ITER=${WARMUP_ITER} node bench/edge-core.mjs`);
out("```");
const report = lines.join("\n") + "\n";
if (REPORT !== "-") {
  mkdirSync(dirname(resolve(ROOT, REPORT)), { recursive: true });
  writeFileSync(resolve(ROOT, REPORT), report);
  log(`report written to ${REPORT}`);
}
process.stdout.write(report);
