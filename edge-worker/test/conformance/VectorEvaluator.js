import { CacheRequest } from "../../src/core/cache/CacheRequest.js";
import { Decision } from "../../src/core/cache/Decision.js";
import { OriginAnswer } from "../../src/core/cache/OriginAnswer.js";
import { StorePlan } from "../../src/core/cache/StorePlan.js";
import { VariantSet } from "../../src/core/cache/VariantSet.js";
import { CacheStatus } from "../../src/core/http/CacheStatus.js";
import { Conditionals } from "../../src/core/http/Conditionals.js";
import { HopByHop } from "../../src/core/http/HopByHop.js";
import { KeyDerivation } from "../../src/core/policy/KeyDerivation.js";
import { RequestParts } from "../../src/core/policy/RequestParts.js";
import { TokenResult } from "../../src/core/policy/TokenResult.js";
import { ClientOrigin } from "../../src/core/plan/ClientOrigin.js";
import { FailurePlan } from "../../src/core/plan/FailurePlan.js";
import { RequestPlan } from "../../src/core/plan/RequestPlan.js";
import { Routing } from "../../src/core/plan/Routing.js";
import { DEFAULT_CACHE_STATUS_NAME } from "../../src/edge/EdgeConfig.js";
import { POLICY_UNSUPPORTED } from "../../src/edge/EdgeHandler.js";

/** Request fields that describe one client exchange, not the request that stored an entry. */
const NOT_INHERITED_BY_STORED_REQUEST = [
  "Cache-Control",
  "Pragma",
  "If-None-Match",
  "If-Modified-Since",
  "If-Match",
  "If-Unmodified-Since",
  "If-Range",
  "Range",
  "Content-Length",
  "Transfer-Encoding",
];

/**
 * The cache that evaluates a vector: the tiers it holds and its `Cache-Status` member name (the edge's
 * default; the gateway's comes from the policy).
 */
export const CACHES = Object.freeze({
  gateway: { tiers: RequestPlan.GATEWAY_TIERS, memberName: undefined },
  edge: { tiers: RequestPlan.EDGE_TIERS, memberName: DEFAULT_CACHE_STATUS_NAME },
});

/** A transport failure instead of an origin response, and what the worker makes of it. */
export const FAULTS = Object.freeze({
  unreachable: { detail: "origin-unreachable", status: 502 },
  timeout: { detail: "origin-timeout", status: 504 },
  reset: { detail: "origin-reset", status: 502 },
});

/**
 * The worker's request path as a pure function of a conformance vector: the same steps of
 * `RequestPlan` that `src/worker.js` takes, in the same order, and the twin of the gateway's
 * `dev.tiergate.conformance.VectorEvaluator`. Not covered: coalescing and streaming.
 *
 * @param input `{ policy, at, now, method, target, headers, peer, scheme, environment, token, stored: [...],
 *   storedTier, origin }`; `at` is the cache that evaluates the case (`CACHES.gateway` or `CACHES.edge`);
 *   `policy` is undefined when the compiled policy could not be read (the worker then passes everything
 *   through); `storedTier` is the gateway tier the stored responses are found in (`l1`, `l2`), undefined for a
 *   cache of one tier
 * @returns {Map<string, unknown>} the outcome, keyed like the vectors' `expect` fields
 */
export function evaluate(input) {
  const out = new Map();
  if (input.policy === undefined) {
    // As EdgeHandler's passThroughUnsupported: forwarded untouched, nothing looked up or stored.
    out.set("decision", "bypass");
    out.set("reason", POLICY_UNSUPPORTED);
    new Flow(input, undefined, out).passThrough(CacheStatus.forward("bypass", POLICY_UNSUPPORTED));
    return out;
  }
  const trust = input.policy.trustedUpstreams;
  const secret = trust.secretEnv === undefined ? undefined : input.environment[trust.secretEnv];
  const client = ClientOrigin.resolve(trust, input.peer, input.scheme, input.headers, secret);
  out.set("trusted", client.trusted);
  out.set("host", client.host);
  out.set("clientIp", client.clientIp);
  out.set("scheme", client.scheme);
  const routing = RequestPlan.route(input.policy, input.method, input.target, client);
  if (routing instanceof Routing.Malformed) {
    reject(out, routing.status, routing.cacheStatus(), Routing.Malformed.REASON, memberName(input));
    return out;
  }
  out.set("route", routing.route.name);
  const plan = RequestPlan.plan(input.policy, routing, input.method, input.target, input.token, input.at.tiers);
  out.set("tags", [...routing.route.tagsFor(RequestParts.normalisePath(routing.path))]);
  if (plan.step instanceof RequestPlan.Reject) {
    reject(out, plan.step.status, plan.step.cacheStatus, plan.step.cacheStatus.detail, memberName(input));
    return out;
  }
  if (plan.key !== undefined) {
    out.set("key", plan.key.canonical);
    out.set("keyHash", plan.key.hash);
    out.set("variant", plan.key.variant);
    out.set("segment", plan.key.segment);
    out.set("forwardTarget", plan.key.forwardTarget);
  } else {
    out.set("keyProblem", plan.keyProblem);
  }
  const flow = new Flow(input, plan, out);
  if (plan.step instanceof RequestPlan.PassThrough) {
    flow.decided("bypass", plan.step.reason);
    flow.passThrough(plan.step.cacheStatus);
    return out;
  }
  const reuse = plan.decide(flow.lookup(routing.host()), input.storedTier, input.now);
  const decision = reuse.decision;
  flow.decided(decisionName(decision), decision.reason);
  if (decision instanceof Decision.Hit || decision instanceof Decision.StaleWhileRevalidate) {
    flow.serveEntry(decision.entry, reuse.cacheStatus, input.now);
  } else if (decision instanceof Decision.Revalidate) {
    flow.describeEntry(decision.entry, input.now);
    flow.fetch(reuse, decision.entry, reuse.cacheStatus);
  } else if (decision instanceof Decision.Miss) {
    flow.fetch(reuse, undefined, reuse.cacheStatus);
  } else {
    out.set("status", 504);
    flow.member(reuse.cacheStatus);
  }
  return out;
}

/** The fields the origin is sent, by lower-case name, repeated ones combined as RFC 9110 §5.3 allows. */
function fieldMap(headers) {
  const fields = {};
  for (const [name, value] of headers.entries()) {
    const key = name.toLowerCase();
    fields[key] = fields[key] === undefined ? value : `${fields[key]}, ${value}`;
  }
  return fields;
}

function reject(out, status, cacheStatus, reason, name) {
  out.set("decision", "reject");
  out.set("reason", reason);
  out.set("status", status);
  out.set("cacheStatus", cacheStatus.format(name));
}

/** The member name the evaluating cache writes: the edge's default, or the policy's `server.cacheStatusName`. */
function memberName(input) {
  return input.at.memberName ?? input.policy.server.cacheStatusName;
}

function decisionName(decision) {
  if (decision instanceof Decision.Hit) {
    return "hit";
  }
  if (decision instanceof Decision.StaleWhileRevalidate) {
    return "stale-while-revalidate";
  }
  if (decision instanceof Decision.Revalidate) {
    return "revalidate";
  }
  if (decision instanceof Decision.Miss) {
    return "miss";
  }
  if (decision instanceof Decision.Bypass) {
    return "bypass";
  }
  return "unsatisfiable";
}

/** The steps after keying, writing their outcome into `out`. */
class Flow {
  constructor(input, plan, out) {
    this.input = input;
    this.plan = plan;
    this.out = out;
  }

  /** The member under the policy's `server.cacheStatusName`, as the gateway writes it. */
  member(cacheStatus) {
    this.out.set("cacheStatus", cacheStatus.format(memberName(this.input)));
  }

  decided(decision, reason) {
    this.out.set("decision", decision);
    this.out.set("reason", reason);
  }

  /** The variant set for the request's key: the vector's stored responses whose key matches, stored in order. */
  lookup(host) {
    const { input } = this;
    const hash = this.plan.keyHash();
    let set;
    for (const stored of input.stored) {
      const target = stored.target === "" ? input.target : stored.target;
      const storedRoute = input.policy.route(host, "GET", RequestParts.path(target));
      const requestHeaders =
        stored.requestHeaders ?? this.plan.cacheRequest.headers.without(...NOT_INHERITED_BY_STORED_REQUEST);
      const storedToken = RequestPlan.usesToken(input.policy, storedRoute)
        ? (stored.token ?? input.token)
        : TokenResult.NONE;
      const key = KeyDerivation.derive(storedRoute, input.policy.segments, host, target, requestHeaders, storedToken);
      if (key.key === undefined) {
        throw new Error(`stored: its request has no key (${key.problem})`);
      }
      const plan = StorePlan.plan(
        new CacheRequest("GET", requestHeaders, key.key.variant),
        stored.status,
        HopByHop.strip(stored.headers),
        stored.body,
        stored.requestTime,
        stored.responseTime,
        storedRoute.cacheRule,
        storedRoute.tagsFor(RequestParts.normalisePath(RequestParts.path(target))),
      );
      if (!plan.storable()) {
        throw new Error(`stored: the response would not have been stored (${plan.reason.code})`);
      }
      if (key.key.hash === hash) {
        set = set === undefined ? VariantSet.of(plan.entry) : set.with(plan.entry);
      }
    }
    return set;
  }

  /** The entry's figures, as of `at`. */
  describeEntry(entry, at) {
    this.out.set("age", entry.ageSeconds(at));
    this.out.set("ttl", entry.ttlSeconds(at));
    this.out.set("lifetime", entry.lifetimeSeconds);
    this.out.set("staleWhileRevalidate", entry.staleWhileRevalidateSeconds);
    this.out.set("staleIfError", entry.staleIfErrorSeconds);
  }

  /** As the worker serves an entry: the stored status, or 304 when the client's validators match. */
  serveEntry(entry, cacheStatus, at) {
    this.describeEntry(entry, at);
    const notModified = Conditionals.notModified(this.input.method, this.input.headers, entry.status, entry.headers);
    this.out.set("status", notModified ? 304 : entry.status);
    this.member(cacheStatus);
  }

  /** A (conditional) GET for the cache. */
  fetch(reuse, stored, status) {
    const { input, out, plan } = this;
    if (input.origin === undefined) {
      this.member(status);
      return;
    }
    const origin = input.origin;
    out.set("invalidates", []);
    const sent = plan.originRequest(reuse.storedVary, stored);
    out.set("originHeaders", fieldMap(plan.fetchHeaders(sent, input.policy.originOf(plan.route))));
    if (origin.fault !== undefined) {
      const fault = FAULTS[origin.fault];
      this.served(plan.onFailure(stored, status, fault.detail, fault.status, 0, input.now), input.now);
      return;
    }
    const code = origin.status;
    const headers = HopByHop.strip(origin.headers);
    // A vector's body is known whole before its head is read, as if its length were declared.
    const knownLength = Math.max(OriginAnswer.declaredLength(headers), origin.body.length);
    const answer = plan.answer(
      sent,
      stored,
      code,
      headers,
      knownLength,
      origin.requestTime,
      origin.responseTime,
      status,
    );
    if (answer instanceof OriginAnswer.Freshened) {
      out.set("freshened", true);
      out.set("storable", true);
      out.set("storeReason", "stored");
      this.serveEntry(answer.entry, answer.cacheStatus, origin.responseTime);
    } else if (answer instanceof OriginAnswer.RefetchUnconditionally) {
      // The worker now fetches the full response unconditionally: a second exchange, out of a vector's scope.
      out.set("freshened", false);
      out.delete("status");
    } else if (answer instanceof OriginAnswer.ServeStaleOnError) {
      this.serveEntry(answer.entry, answer.cacheStatus, origin.responseTime);
    } else if (answer instanceof OriginAnswer.Collect) {
      out.set("storable", true);
      out.set("storeReason", "stored");
      this.describeEntry(answer.preview, origin.responseTime);
      this.answerFromOrigin(code, headers, answer.cacheStatus);
    } else if (answer instanceof OriginAnswer.Forward) {
      out.set("storable", false);
      out.set("storeReason", answer.reason);
      this.answerFromOrigin(code, headers, answer.cacheStatus);
    } else {
      throw new Error(`unexpected origin answer: ${answer}`);
    }
  }

  /** The stale entry, or the failure. */
  served(failure, at) {
    if (failure instanceof FailurePlan.ServeStale) {
      this.serveEntry(failure.entry, failure.cacheStatus, at);
    } else {
      this.out.set("status", failure.status);
      this.member(failure.cacheStatus);
    }
  }

  /** The origin's status, or 304 when the client's validators match it. */
  answerFromOrigin(code, headers, cacheStatus) {
    const notModified = Conditionals.notModified(this.input.method, this.input.headers, code, headers.without("Via"));
    this.out.set("status", notModified ? 304 : code);
    this.member(cacheStatus);
  }

  /** Forwarded as is; a non-error answer to an unsafe method invalidates. */
  passThrough(status) {
    const { input, out, plan } = this;
    if (input.origin === undefined) {
      this.member(status);
      return;
    }
    const origin = input.origin;
    if (plan !== undefined) {
      out.set("originHeaders", fieldMap(plan.passThroughHeaders(input.policy.originOf(plan.route))));
    }
    if (origin.fault !== undefined) {
      const fault = FAULTS[origin.fault];
      out.set("status", fault.status);
      this.member(status.withDetail(fault.detail));
      out.set("invalidates", []);
      return;
    }
    const headers = HopByHop.strip(origin.headers);
    // Without a policy nothing is stored, so nothing is invalidated.
    const invalidated = plan === undefined ? [] : plan.invalidations(input.policy, origin.status, headers);
    out.set(
      "invalidates",
      invalidated.map((key) => key.canonical),
    );
    this.answerFromOrigin(origin.status, headers, status.withForwardStatus(origin.status));
  }
}
