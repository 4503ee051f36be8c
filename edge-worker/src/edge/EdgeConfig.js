import bindings from "../../bindings.json";
import { CacheStatus } from "../core/http/CacheStatus.js";
import { ForwardingHeaders } from "../core/http/ForwardingHeaders.js";
import { CompiledPolicy } from "../core/policy/CompiledPolicy.js";

/** The worker's member name in `Cache-Status` when the binding names none. */
export const DEFAULT_CACHE_STATUS_NAME = "tiergate-edge";
/** The request field that carries the upstream secret to the gateway. */
export const UPSTREAM_SECRET_FIELD = ForwardingHeaders.UPSTREAM_SECRET_FIELD;

/** Parsed once per isolate per binding text: a policy document is parsed only when it changes. */
let cached;

/**
 * What the worker runs with, read from its bindings: the policy (or why it cannot be used), the JWKS,
 * the upstream, its secret and the `Cache-Status` member name.
 *
 * @param env the worker's bindings
 */
export function edgeConfig(env) {
  const policyText = env[bindings.policy.name];
  const jwksText = env[bindings.jwks.name];
  const inputs = [
    policyText,
    jwksText,
    env[bindings.upstream.name],
    env[bindings.upstreamSecret.name],
    env[bindings.cacheStatusName.name],
  ];
  if (cached !== undefined && cached.inputs.every((value, i) => value === inputs[i])) {
    return cached.config;
  }
  const config = read(env, policyText, jwksText);
  cached = { inputs, config };
  return config;
}

function read(env, policyText, jwksText) {
  const name = env[bindings.cacheStatusName.name] ?? DEFAULT_CACHE_STATUS_NAME;
  const upstream = env[bindings.upstream.name];
  const base = {
    // The rule the gateway's policy loader applies to server.cacheStatusName: an RFC 8941 token.
    cacheStatusName: CacheStatus.isValidName(name) ? name : DEFAULT_CACHE_STATUS_NAME,
    upstream: upstream === undefined || upstream === "" ? undefined : upstream.replace(/\/+$/, ""),
    upstreamSecret: env[bindings.upstreamSecret.name],
  };
  let policy;
  try {
    if (typeof policyText !== "string" && (policyText === null || typeof policyText !== "object")) {
      throw new Error(`the ${bindings.policy.name} binding is missing`);
    }
    policy = CompiledPolicy.read(typeof policyText === "string" ? JSON.parse(policyText) : policyText);
  } catch (error) {
    // One line per isolate, not per request: the worker then passes every request through untouched.
    console.error(`tiergate-edge: policy unsupported, passing every request through: ${error.message}`);
    return Object.freeze({ ...base, policy: undefined, problem: error.message, jwks: undefined });
  }
  let jwks;
  if (jwksText !== undefined && jwksText !== "") {
    try {
      jwks = typeof jwksText === "string" ? JSON.parse(jwksText) : jwksText;
    } catch (error) {
      console.error(`tiergate-edge: ${bindings.jwks.name} is not JSON (${error.message}); tokens count as invalid`);
    }
  }
  return Object.freeze({ ...base, policy, problem: undefined, jwks });
}
