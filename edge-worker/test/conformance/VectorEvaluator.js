import { CacheRequest } from "../../src/core/cache/CacheRequest.js";
import { Decision } from "../../src/core/cache/Decision.js";
import { OriginAnswer } from "../../src/core/cache/OriginAnswer.js";
import { StorePlan } from "../../src/core/cache/StorePlan.js";
import { VariantSet } from "../../src/core/cache/VariantSet.js";
import { Conditionals } from "../../src/core/http/Conditionals.js";
import { HopByHop } from "../../src/core/http/HopByHop.js";
import { KeyDerivation } from "../../src/core/policy/KeyDerivation.js";
import { RequestParts } from "../../src/core/policy/RequestParts.js";
import { TokenResult } from "../../src/core/policy/TokenResult.js";
import { ClientOrigin } from "../../src/core/plan/ClientOrigin.js";
import { FailurePlan } from "../../src/core/plan/FailurePlan.js";
import { RequestPlan } from "../../src/core/plan/RequestPlan.js";
import { Routing } from "../../src/core/plan/Routing.js";

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
 * @param input `{ policy, now, method, target, headers, peer, scheme, environment, token, stored: [...], origin }`
 * @returns {Map<string, unknown>} the outcome, keyed like the vectors' `expect` fields
 */
export function evaluate(input) {
  const out = new Map();
  const trust = input.policy.trustedUpstreams;
  const secret = trust.secretEnv === undefined ? undefined : input.environment[trust.secretEnv];
  const client = ClientOrigin.resolve(trust, input.peer, input.scheme, input.headers, secret);
  out.set("trusted", client.trusted);
  out.set("host", client.host);
  out.set("clientIp", client.clientIp);
  out.set("scheme", client.scheme);
  const routing = RequestPlan.route(input.policy, input.method, input.target, client);
  if (routing instanceof Routing.Malformed) {
    reject(out, routing.status, routing.cacheStatus(), Routing.Malformed.REASON);
    return out;
  }
  out.set("route", routing.route.name);
  const plan = RequestPlan.plan(input.policy, routing, input.method, input.target, input.token);
  out.set("tags", [...routing.route.tagsFor(RequestParts.normalisePath(routing.path))]);
  if (plan.step instanceof RequestPlan.Reject) {
    reject(out, plan.step.status, plan.step.cacheStatus, plan.step.cacheStatus.detail);
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
  const reuse = plan.decide(flow.lookup(routing.host()), input.now);
  const decision = reuse.decision;
  flow.decided(decisionName(decision), decision.reason);
  if (decision instanceof Decision.Hit || decision instanceof Decision.StaleWhileRevalidate) {
    flow.serveEntry(decision.entry, decision.cacheStatus(), input.now);
  } else if (decision instanceof Decision.Revalidate) {
    flow.describeEntry(decision.entry, input.now);
    flow.fetch(reuse, decision.entry, decision.cacheStatus());
  } else if (decision instanceof Decision.Miss) {
    flow.fetch(reuse, undefined, decision.cacheStatus());
  } else {
    out.set("status", 504);
    out.set("cacheStatus", decision.cacheStatus().format());
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

function reject(out, status, cacheStatus, reason) {
  out.set("decision", "reject");
  out.set("reason", reason);
  out.set("status", status);
  out.set("cacheStatus", cacheStatus.format());
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
    this.out.set("cacheStatus", cacheStatus.format());
  }

  /** A (conditional) GET for the cache. */
  fetch(reuse, stored, status) {
    const { input, out, plan } = this;
    if (input.origin === undefined) {
      out.set("cacheStatus", status.format());
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
      this.out.set("cacheStatus", failure.cacheStatus.format());
    }
  }

  /** The origin's status, or 304 when the client's validators match it. */
  answerFromOrigin(code, headers, cacheStatus) {
    const notModified = Conditionals.notModified(this.input.method, this.input.headers, code, headers.without("Via"));
    this.out.set("status", notModified ? 304 : code);
    this.out.set("cacheStatus", cacheStatus.format());
  }

  /** Forwarded as is; a non-error answer to an unsafe method invalidates. */
  passThrough(status) {
    const { input, out, plan } = this;
    if (input.origin === undefined) {
      out.set("cacheStatus", status.format());
      return;
    }
    const origin = input.origin;
    out.set("originHeaders", fieldMap(plan.passThroughHeaders(input.policy.originOf(plan.route))));
    if (origin.fault !== undefined) {
      const fault = FAULTS[origin.fault];
      out.set("status", fault.status);
      out.set("cacheStatus", status.withDetail(fault.detail).format());
      out.set("invalidates", []);
      return;
    }
    const headers = HopByHop.strip(origin.headers);
    out.set(
      "invalidates",
      plan.invalidations(input.policy, origin.status, headers).map((key) => key.canonical),
    );
    this.answerFromOrigin(origin.status, headers, status.withForwardStatus(origin.status));
  }
}
