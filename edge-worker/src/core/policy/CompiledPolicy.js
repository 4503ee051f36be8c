import { CacheRule } from "../cache/CacheRule.js";
import { Cidr } from "../http/Cidr.js";
import { RefreshRule } from "../cache/RefreshRule.js";
import { CacheStatus } from "../http/CacheStatus.js";
import { HostPattern } from "./HostPattern.js";
import { JwtSettings } from "./JwtSettings.js";
import { KeySpec } from "./KeySpec.js";
import { OriginSettings } from "./OriginSettings.js";
import { PathPattern } from "./PathPattern.js";
import { Policy } from "./Policy.js";
import { QueryRule } from "./QueryRule.js";
import { RateLimitSpec } from "./RateLimitSpec.js";
import { Route } from "./Route.js";
import { SegmentDefinition } from "./SegmentDefinition.js";
import { ServerSettings } from "./ServerSettings.js";
import { TrustedUpstreams } from "./TrustedUpstreams.js";

/**
 * Reads the JSON document `tiergate policy compile` writes (the gateway's `PolicyCompiler`) into a
 * {@link Policy}. The worker has no YAML parser: this document is the only form of the policy it sees.
 *
 * Reading is strict. A document of another format, with a field missing, of the wrong type or out
 * of range, or with a field this reader does not know, is refused with an Error naming the JSON path
 * (`routes[2].cache.ttlSeconds: expected a number or null`): a cache that guessed at a policy could
 * share what the policy keeps apart, so the worker passes traffic through instead.
 */
export const CompiledPolicy = Object.freeze({
  /** The compiled format this reader knows: `PolicyCompiler.FORMAT`. */
  FORMAT: 1,

  /**
   * The policy of a compiled document.
   * @param {unknown} document the parsed JSON
   * @returns {Policy}
   * @throws {Error} when the document is not a compiled policy of {@link CompiledPolicy.FORMAT}
   */
  read(document) {
    if (!isObject(document)) {
      throw new DocumentError(
        `document: expected a JSON object (the output of "tiergate policy compile"), got ${kind(document)}`,
      );
    }
    // The format comes first: a document of another format may differ in any other field.
    const format = document.format;
    if (format === undefined) {
      throw new DocumentError(`format: missing (expected the compiled format version, ${CompiledPolicy.FORMAT})`);
    }
    if (format !== CompiledPolicy.FORMAT) {
      throw new DocumentError(
        `format: unknown compiled policy format ${JSON.stringify(format)} ` +
          `(expected: ${CompiledPolicy.FORMAT}; compile the policy with a tiergate that matches this worker)`,
      );
    }
    fields(document, "", TOP_LEVEL);
    const hash = string(document.hash, "hash");
    if (!/^sha256:[0-9a-f]{64}$/.test(hash)) {
      throw new DocumentError(`hash: expected "sha256:" and 64 lower-case hex digits, got ${JSON.stringify(hash)}`);
    }
    const origins = entries(document.origins, "origins", "origin", originSettings);
    if (origins.length === 0) {
      throw new DocumentError("origins: expected at least one origin");
    }
    const server = serverSettings(document.server, "server");
    const segments = new Map(entries(document.segments, "segments", "segment", segmentDefinition));
    const jwt = present(document.jwt, "jwt", JWT) ? jwtSettings(document.jwt, "jwt") : undefined;
    const context = { origins: new Set(origins.map(([name]) => name)), segments, jwt };
    const routes = list(document.routes, "routes", "a list of routes").map((route, i) =>
      readRoute(route, `routes[${i}]`, context),
    );
    const defaultRoute = readRoute(document.defaultRoute, "defaultRoute", context);
    const trustedUpstreams = present(document.trustedUpstreams, "trustedUpstreams", TRUSTED_UPSTREAMS)
      ? readTrustedUpstreams(document.trustedUpstreams, "trustedUpstreams")
      : TrustedUpstreams.NONE;
    return new Policy(origins, server, segments, jwt, routes, defaultRoute, hash, trustedUpstreams);
  },
});

const TOP_LEVEL = [
  "defaultRoute",
  "format",
  "hash",
  "jwt",
  "origins",
  "routes",
  "segments",
  "server",
  "trustedUpstreams",
];
const SERVER = ["cacheStatusName"];
const ORIGIN = ["breaker", "connectTimeoutMs", "firstByteTimeoutMs", "idleTimeoutMs", "preserveHost", "retries", "url"];
const RETRIES = ["attempts", "backoffMs", "maxBackoffMs"];
const BREAKER = ["failures", "resetTimeoutMs"];
const SEGMENT = ["default", "field", "from", "values"];
const JWT = ["algorithms", "audience", "clockSkewSeconds", "issuer", "jwks"];
const TRUSTED_UPSTREAMS = ["cidrs", "secretEnv"];
/** What the gateway's policy loader accepts as the secret's variable: POSIX's portable names, upper case. */
const ENVIRONMENT_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;
const ROUTE = [
  "bulkhead",
  "cache",
  "forwardHeaders",
  "invalidToken",
  "key",
  "match",
  "name",
  "origin",
  "rateLimit",
  "tags",
  "tiers",
];
const MATCH = ["host", "methods", "path"];
const CACHE = [
  "allowSetCookie",
  "bypass",
  "earlyRefresh",
  "keepSeconds",
  "maxObjectBytes",
  "maxTtlSeconds",
  "minTtlSeconds",
  "negativeTtlSeconds",
  "refreshAhead",
  "staleIfErrorSeconds",
  "staleWhileRevalidateSeconds",
  "ttlSeconds",
];
const KEY = ["cookies", "headers", "query", "segment"];
const QUERY = ["mode", "names"];
const RATE_LIMIT = ["burst", "by", "header", "limit", "periodMs", "shared"];
/** The methods the gateway's policy loader accepts. */
const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const TIERS = ["edge", "l1", "l2"];
/** What the gateway's policy loader accepts as an origin URL: http(s), a host, no path, query or fragment. */
const ORIGIN_URL = /^https?:\/\/(?:[^@/?#]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]]+)(?::[0-9]*)?\/?$/i;

function originSettings(value, path) {
  fields(value, path, ORIGIN);
  const url = string(value.url, at(path, "url"));
  if (!ORIGIN_URL.test(url)) {
    throw new DocumentError(
      `${at(path, "url")}: expected an http:// or https:// URL with a host and no path, got ${JSON.stringify(url)}`,
    );
  }
  const retriesPath = at(path, "retries");
  fields(value.retries, retriesPath, RETRIES);
  const retries = build(
    retriesPath,
    () =>
      new OriginSettings.Retries(
        integer(value.retries.attempts, at(retriesPath, "attempts"), 0),
        integer(value.retries.backoffMs, at(retriesPath, "backoffMs"), 0) / 1000,
        integer(value.retries.maxBackoffMs, at(retriesPath, "maxBackoffMs"), 0) / 1000,
      ),
  );
  const breakerPath = at(path, "breaker");
  fields(value.breaker, breakerPath, BREAKER);
  const breaker = build(
    breakerPath,
    () =>
      new OriginSettings.Breaker(
        integer(value.breaker.failures, at(breakerPath, "failures"), 1),
        integer(value.breaker.resetTimeoutMs, at(breakerPath, "resetTimeoutMs"), 1) / 1000,
      ),
  );
  return new OriginSettings(
    url,
    integer(value.connectTimeoutMs, at(path, "connectTimeoutMs"), 0) / 1000,
    integer(value.firstByteTimeoutMs, at(path, "firstByteTimeoutMs"), 0) / 1000,
    integer(value.idleTimeoutMs, at(path, "idleTimeoutMs"), 0) / 1000,
    retries,
    breaker,
    boolean(value.preserveHost, at(path, "preserveHost")),
  );
}

function serverSettings(value, path) {
  fields(value, path, SERVER);
  const namePath = at(path, "cacheStatusName");
  const name = string(value.cacheStatusName, namePath);
  if (!CacheStatus.isValidName(name)) {
    throw new DocumentError(
      `${namePath}: expected an RFC 8941 token (the gateway's Cache-Status member name), got ${JSON.stringify(name)}`,
    );
  }
  return new ServerSettings(name);
}

function segmentDefinition(value, path, name) {
  fields(value, path, SEGMENT);
  const source = oneOf(value.from, at(path, "from"), Object.values(SegmentDefinition.Source));
  const field = string(value.field, at(path, "field"));
  const values = strings(value.values, at(path, "values"));
  const defaultValue = string(value.default, at(path, "default"));
  return new SegmentDefinition(name, source, field, values, defaultValue);
}

function jwtSettings(value, path) {
  return new JwtSettings(
    string(value.jwks, at(path, "jwks")),
    strings(value.algorithms, at(path, "algorithms")),
    optionalString(value.issuer, at(path, "issuer")),
    optionalString(value.audience, at(path, "audience")),
    integer(value.clockSkewSeconds, at(path, "clockSkewSeconds"), 0, JwtSettings.MAX_CLOCK_SKEW),
  );
}

function readTrustedUpstreams(value, path) {
  const cidrsPath = at(path, "cidrs");
  const cidrs = strings(value.cidrs, cidrsPath).map((text, i) => build(`${cidrsPath}[${i}]`, () => Cidr.parse(text)));
  const secretEnv = optionalString(value.secretEnv, at(path, "secretEnv"));
  if (secretEnv !== undefined && !ENVIRONMENT_NAME.test(secretEnv)) {
    // Not quoted back: a secret pasted in place of the variable's name must not reach a log.
    throw new DocumentError(`${at(path, "secretEnv")}: expected an environment variable name`);
  }
  if (cidrs.length === 0 && secretEnv === undefined) {
    throw new DocumentError(`${path}: expected cidrs, secretEnv or both, or null for none`);
  }
  return new TrustedUpstreams(cidrs, secretEnv);
}

function readRoute(value, path, context) {
  fields(value, path, ROUTE);
  const name = string(value.name, at(path, "name"));
  const matchPath = at(path, "match");
  fields(value.match, matchPath, MATCH);
  const hostPath = at(matchPath, "host");
  const host = build(hostPath, () => new HostPattern(string(value.match.host, hostPath)));
  const methods = list(value.match.methods, at(matchPath, "methods"), "a list of methods").map((method, i) =>
    oneOf(method, `${at(matchPath, "methods")}[${i}]`, METHODS),
  );
  const patternPath = at(matchPath, "path");
  const pattern = build(patternPath, () => PathPattern.compile(string(value.match.path, patternPath)));
  const origin = string(value.origin, at(path, "origin"));
  if (!context.origins.has(origin)) {
    const declared = [...context.origins].join(", ");
    const problem = `"${origin}" is not an origin of the document (expected one of: ${declared})`;
    throw new DocumentError(`${at(path, "origin")}: ${problem}`);
  }
  const cacheRule = readCacheRule(value.cache, at(path, "cache"));
  const key = readKey(value.key, at(path, "key"), context);
  const tags = strings(value.tags, at(path, "tags"));
  const tiers = list(value.tiers, at(path, "tiers"), "a list of tiers").map((tier, i) =>
    oneOf(tier, `${at(path, "tiers")}[${i}]`, TIERS),
  );
  const forwardHeaders = strings(value.forwardHeaders, at(path, "forwardHeaders"));
  const invalidToken = oneOf(value.invalidToken, at(path, "invalidToken"), Object.values(Route.InvalidToken));
  const ratePath = at(path, "rateLimit");
  const rateLimit = present(value.rateLimit, ratePath, RATE_LIMIT)
    ? readRateLimit(value.rateLimit, ratePath, context)
    : undefined;
  const bulkheadPath = at(path, "bulkhead");
  let bulkhead;
  if (present(value.bulkhead, bulkheadPath, ["maxConcurrent"])) {
    bulkhead = new Route.BulkheadLimit(integer(value.bulkhead.maxConcurrent, at(bulkheadPath, "maxConcurrent"), 1));
  }
  return new Route(
    name,
    host,
    methods,
    pattern,
    origin,
    cacheRule,
    key,
    tags,
    tiers,
    invalidToken,
    rateLimit,
    forwardHeaders,
    bulkhead,
  );
}

function readCacheRule(value, path) {
  fields(value, path, CACHE);
  const seconds = (name) => optionalInteger(value[name], at(path, name), 0);
  const bypass = boolean(value.bypass, at(path, "bypass"));
  const ttl = seconds("ttlSeconds");
  const minTtl = seconds("minTtlSeconds");
  const maxTtl = seconds("maxTtlSeconds");
  const negativeTtl = seconds("negativeTtlSeconds");
  const staleWhileRevalidate = seconds("staleWhileRevalidateSeconds");
  const staleIfError = seconds("staleIfErrorSeconds");
  const maxObjectBytes = integer(value.maxObjectBytes, at(path, "maxObjectBytes"), 1);
  const keepSeconds = integer(value.keepSeconds, at(path, "keepSeconds"), 0);
  const allowSetCookie = boolean(value.allowSetCookie, at(path, "allowSetCookie"));
  let beta;
  const earlyPath = at(path, "earlyRefresh");
  if (present(value.earlyRefresh, earlyPath, ["betaThousandths"])) {
    // The document holds integers only; the policy allows at most three decimals, so this is exact.
    beta = integer(value.earlyRefresh.betaThousandths, at(earlyPath, "betaThousandths"), 1) / 1000;
  }
  let aheadSeconds;
  let minHits = RefreshRule.NONE.minHits;
  const aheadPath = at(path, "refreshAhead");
  if (present(value.refreshAhead, aheadPath, ["minHits", "whenSeconds"])) {
    aheadSeconds = integer(value.refreshAhead.whenSeconds, at(aheadPath, "whenSeconds"), 1);
    minHits = integer(value.refreshAhead.minHits, at(aheadPath, "minHits"), 1);
  }
  const refresh = build(path, () => new RefreshRule(beta, aheadSeconds, minHits));
  return build(
    path,
    () =>
      new CacheRule(
        bypass,
        ttl,
        staleWhileRevalidate,
        staleIfError,
        maxObjectBytes,
        allowSetCookie,
        keepSeconds,
        minTtl,
        maxTtl,
        negativeTtl,
        refresh,
      ),
  );
}

function readKey(value, path, context) {
  fields(value, path, KEY);
  const queryPath = at(path, "query");
  fields(value.query, queryPath, QUERY);
  const mode = oneOf(value.query.mode, at(queryPath, "mode"), Object.values(QueryRule.Mode));
  const names = strings(value.query.names, at(queryPath, "names"));
  names.forEach((name, i) => {
    if (!QueryRule.isValidName(name)) {
      const expected = "expected a query parameter name, optionally ending in *";
      throw new DocumentError(`${at(queryPath, "names")}[${i}]: ${expected}, got ${JSON.stringify(name)}`);
    }
  });
  const headers = strings(value.headers, at(path, "headers"));
  const cookies = strings(value.cookies, at(path, "cookies"));
  const segmentPath = at(path, "segment");
  const segment = optionalString(value.segment, segmentPath);
  if (segment !== undefined) {
    const definition = context.segments.get(segment);
    if (definition === undefined) {
      throw new DocumentError(
        `${segmentPath}: "${segment}" is not a segment of the document ` +
          `(expected one of: ${[...context.segments.keys()].join(", ") || "none are defined"})`,
      );
    }
    if (definition.source === SegmentDefinition.Source.JWT && context.jwt === undefined) {
      throw new DocumentError(
        `${segmentPath}: segment "${segment}" comes from a JWT but the document has no "jwt" settings`,
      );
    }
  }
  return new KeySpec(new QueryRule(mode, names), headers, cookies, segment);
}

function readRateLimit(value, path, context) {
  const limit = integer(value.limit, at(path, "limit"), 1);
  const periodMs = integer(value.periodMs, at(path, "periodMs"), 1);
  const burst = integer(value.burst, at(path, "burst"), limit);
  const by = oneOf(value.by, at(path, "by"), Object.values(RateLimitSpec.By));
  const header = optionalString(value.header, at(path, "header"));
  if (by === RateLimitSpec.By.HEADER && header === undefined) {
    throw new DocumentError(`${at(path, "header")}: expected the header that identifies a client, as "by" is "header"`);
  }
  if (by === RateLimitSpec.By.JWT_SUBJECT && context.jwt === undefined) {
    throw new DocumentError(`${at(path, "by")}: "jwt-subject" needs the document's "jwt" settings, which it has not`);
  }
  const shared = boolean(value.shared, at(path, "shared"));
  return new RateLimitSpec(limit, periodMs / 1000, burst, by, header ?? "", shared);
}

// --- shape checks -------------------------------------------------------------------------------

/** A problem with the document, its message already led by the JSON path. */
class DocumentError extends Error {}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kind(value) {
  return value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "an object"
        : JSON.stringify(value);
}

/** The path of a member: `routes[0].cache`, or `origins["my origin"]` for a name that is not an identifier. */
function at(path, name) {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
    return `${path}[${JSON.stringify(name)}]`;
  }
  return path === "" ? name : `${path}.${name}`;
}

/**
 * Refuses a value that is not an object, or that has members other than these. A missing member is
 * left to the check of its value, which knows what was expected.
 */
function fields(value, path, names, expected = "an object") {
  if (!isObject(value)) {
    fail(value, path || "document", expected);
  }
  for (const name of Object.keys(value)) {
    if (!names.includes(name)) {
      throw new DocumentError(`${at(path, name)}: unknown field (expected only: ${names.join(", ")})`);
    }
  }
}

/** False for null; else what {@link fields} checks, and true. */
function present(value, path, names) {
  if (value === null) {
    return false;
  }
  fields(value, path, names, "an object or null");
  return true;
}

function fail(value, path, expected) {
  throw new DocumentError(
    value === undefined
      ? `${path}: missing (expected ${expected})`
      : `${path}: expected ${expected}, got ${kind(value)}`,
  );
}

function string(value, path) {
  return typeof value === "string" ? value : fail(value, path, "a string");
}

function optionalString(value, path) {
  if (value === null) {
    return undefined;
  }
  return typeof value === "string" ? value : fail(value, path, "a string or null");
}

function boolean(value, path) {
  return typeof value === "boolean" ? value : fail(value, path, "true or false");
}

/** A whole number from `min` to `max`; the document's numbers are all integers. */
function integer(value, path, min, max = Number.MAX_SAFE_INTEGER, expected = "a number") {
  if (typeof value !== "number") {
    return fail(value, path, expected);
  }
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
    throw new DocumentError(`${path}: expected ${range}, got ${value}`);
  }
  return value;
}

function optionalInteger(value, path, min) {
  return value === null ? undefined : integer(value, path, min, Number.MAX_SAFE_INTEGER, "a number or null");
}

function oneOf(value, path, options) {
  if (typeof value !== "string" || !options.includes(value)) {
    return fail(value, path, `one of: ${options.join(", ")}`);
  }
  return value;
}

function list(value, path, expected) {
  return Array.isArray(value) ? value : fail(value, path, expected);
}

function strings(value, path) {
  return list(value, path, "a list of strings").map((item, i) => string(item, `${path}[${i}]`));
}

/** The members of a name → object mapping, in document order, each read by `read(value, path, name)`. */
function entries(value, path, what, read) {
  if (!isObject(value)) {
    return fail(value, path, `an object of ${what} names to ${what}s`);
  }
  return Object.entries(value).map(([name, member]) => [name, read(member, at(path, name), name)]);
}

/** Runs a twin's constructor, whose range checks carry no JSON path, and puts the path in front of its message. */
function build(path, construct) {
  try {
    return construct();
  } catch (error) {
    if (error instanceof DocumentError) {
      throw error;
    }
    throw new DocumentError(`${path}: ${error.message}`, { cause: error });
  }
}
