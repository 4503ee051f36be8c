// Builds small compiled-policy documents, the form the worker reads policies in, so that tests make
// routes and policies the way the worker does: through CompiledPolicy.read.
import { CompiledPolicy } from "../../../src/core/policy/CompiledPolicy.js";

/** A placeholder: the reader checks the hash's form, not its value. */
export const HASH = `sha256:${"0".repeat(64)}`;

/** An origin as the compiler writes one with the default timeouts, retries and breaker. */
export function compiledOrigin(url = "http://127.0.0.1:8081") {
  return {
    breaker: { failures: 5, resetTimeoutMs: 10000 },
    connectTimeoutMs: 2000,
    firstByteTimeoutMs: 15000,
    idleTimeoutMs: 30000,
    preserveHost: false,
    retries: { attempts: 1, backoffMs: 50, maxBackoffMs: 1000 },
    url,
  };
}

/**
 * A route as the compiler writes one: any host and method, `/**`, the default origin, the cache
 * following the origin (the Java `CacheRule.RESPECT_ORIGIN`), `KeySpec.DEFAULT`, every tier.
 * `match`, `cache`, `key` and `key.query` are merged member by member with `overrides`.
 */
export function compiledRoute(overrides = {}) {
  const { match = {}, cache = {}, key = {}, ...rest } = overrides;
  const { query = {}, ...keyRest } = key;
  return {
    bulkhead: null,
    cache: {
      allowSetCookie: false,
      bypass: false,
      earlyRefresh: null,
      keepSeconds: 3600,
      maxObjectBytes: 8388608,
      maxTtlSeconds: null,
      minTtlSeconds: null,
      negativeTtlSeconds: null,
      refreshAhead: null,
      staleIfErrorSeconds: null,
      staleWhileRevalidateSeconds: null,
      ttlSeconds: null,
      ...cache,
    },
    forwardHeaders: [],
    invalidToken: "anonymous",
    key: {
      cookies: [],
      headers: [],
      query: { mode: "all", names: [], ...query },
      segment: null,
      ...keyRest,
    },
    match: { host: "*", methods: [], path: "/**", ...match },
    name: "r",
    origin: "default",
    rateLimit: null,
    tags: [],
    tiers: ["edge", "l1", "l2"],
    ...rest,
  };
}

/** A whole document: one default origin, the default server settings, no segments, JWT or trusted upstreams, the given routes and a default route. */
export function compiledDocument({
  routes = [],
  defaultRoute = compiledRoute({ name: "default" }),
  segments = {},
  jwt = null,
  origins = { default: compiledOrigin() },
  server = { cacheStatusName: "Tiergate" },
  trustedUpstreams = null,
} = {}) {
  return { defaultRoute, format: 1, hash: HASH, jwt, origins, routes, segments, server, trustedUpstreams };
}

/** The policy of {@link compiledDocument}'s document. */
export function policyOf(options) {
  return CompiledPolicy.read(compiledDocument(options));
}

/** The route of one {@link compiledRoute}, read in a document made with `documentOptions`. */
export function routeOf(overrides = {}, documentOptions = {}) {
  return policyOf({ ...documentOptions, routes: [compiledRoute(overrides)] }).routes[0];
}
