import { CacheRequest } from "../cache/CacheRequest.js";
import { Decider } from "../cache/Decider.js";
import { Decision } from "../cache/Decision.js";
import { OriginAnswer } from "../cache/OriginAnswer.js";
import { StorePlan } from "../cache/StorePlan.js";
import { CacheStatus } from "../http/CacheStatus.js";
import { Conditionals } from "../http/Conditionals.js";
import { ForwardingHeaders } from "../http/ForwardingHeaders.js";
import { Headers } from "../http/Headers.js";
import { RequestTarget } from "../http/RequestTarget.js";
import { SameHostTarget } from "../http/SameHostTarget.js";
import { SurrogateKeys } from "../http/SurrogateKeys.js";
import { JAVA_LONG_MAX, javaParseLong, javaTrim } from "../lang/JavaText.js";
import { KeyDerivation } from "../policy/KeyDerivation.js";
import { RateLimitSpec } from "../policy/RateLimitSpec.js";
import { RequestParts } from "../policy/RequestParts.js";
import { SegmentDefinition } from "../policy/SegmentDefinition.js";
import { TokenResult } from "../policy/TokenResult.js";
import { FailurePlan } from "./FailurePlan.js";
import { OriginRequest, SEGMENT_FIELD } from "./OriginRequest.js";
import { Routing } from "./Routing.js";

/** The reason code of a GET or HEAD with a body: its response is never shared. */
const REQUEST_BODY = "request-body";
/** The reason code of a missing token on a route that rejects requests without a valid one. */
const TOKEN_MISSING = "token-missing";
/** The reason code of a request on a route whose `tiers` leave out every tier of the cache planning it. */
const ROUTE_TIERS = "route-tiers";
/** The tiers the gateway holds entries in. */
const GATEWAY_TIERS = Object.freeze(new Set(["l1", "l2"]));
/** The tier the edge worker holds entries in. */
const EDGE_TIERS = Object.freeze(new Set(["edge"]));

/**
 * One request's plan: route, token rule, segment, key, and then, step by step as the caller's I/O
 * supplies what the cache holds and what the origin answers, the reuse decision, what is forwarded,
 * what is stored and the `Cache-Status` of each outcome. The twin of `dev.tiergate.plan.RequestPlan`:
 * the worker, its vector runner, the gateway and the gateway's vector runner take these same steps.
 */
export class RequestPlan {
  /**
   * @param route the request's route
   * @param {ClientOrigin} client who made the request: the host it is keyed under, its address and scheme
   * @param {string} method the request method, upper case
   * @param {string} target the request target as the client sent it
   * @param {TokenResult} token the verified token outcome (`TokenResult.NONE` on routes that use none)
   * @param key the cache key (`CacheKey`), or undefined when none could be derived
   * @param {string} keyProblem why no key could be derived; empty when there is a key
   * @param {CacheRequest} cacheRequest the parts of the request the cache decisions read
   * @param {Set<string>} tags the route's tags for the request's (normalised) path
   * @param step what happens next: a `RequestPlan.Reject`, `RequestPlan.PassThrough` or `RequestPlan.Lookup`
   */
  constructor(route, client, method, target, token, key, keyProblem, cacheRequest, tags, step) {
    this.route = route;
    this.client = client;
    this.method = method;
    this.target = target;
    this.token = token;
    this.key = key;
    this.keyProblem = keyProblem;
    this.cacheRequest = cacheRequest;
    this.tags = new Set(tags);
    this.step = step;
    Object.freeze(this);
  }

  /**
   * Routes a request by its client's host, or refuses it when its target or that host is malformed: a forwarded
   * host is held to the rules of `Host`, so a trusted upstream cannot poison a key either.
   *
   * @param {ClientOrigin} client who made the request (`ClientOrigin.resolve`); its fields are the ones the plan reads
   */
  static route(policy, method, target, client) {
    const rejection = RequestTarget.check(target, client.host);
    if (rejection !== undefined) {
      return new Routing.Malformed(rejection.status, rejection.reason);
    }
    const path = RequestParts.path(target);
    const route = policy.route(client.host, method, path);
    return new Routing.Routed(route, client, path, RequestPlan.usesToken(policy, route));
  }

  /** True when the route keys a JWT segment or limits per JWT subject. */
  static usesToken(policy, route) {
    const segment = route.key.segment === undefined ? undefined : policy.segments.get(route.key.segment);
    const jwtSegment = segment !== undefined && segment.source === SegmentDefinition.Source.JWT;
    const subjectLimit = route.rateLimit !== undefined && route.rateLimit.by === RateLimitSpec.By.JWT_SUBJECT;
    return jwtSegment || subjectLimit;
  }

  /**
   * Plans a routed request: refused (401 on a route that rejects invalid tokens), passed through
   * (uncacheable method, bypassed route, untrusted key material, a body on a GET, a route none of whose
   * tiers this cache holds) or looked up. Java's two overloads are one function: `ownTiers` defaults to
   * the gateway's.
   *
   * @param {TokenResult} token the outcome of verifying the bearer token; ignored on routes that use none
   * @param {Set<string>} ownTiers the tiers of the cache that plans the request (`GATEWAY_TIERS`, `EDGE_TIERS`)
   */
  static plan(policy, routed, method, target, token, ownTiers = GATEWAY_TIERS) {
    const route = routed.route;
    const client = routed.client;
    const headers = client.fields;
    const used = routed.usesToken ? token : TokenResult.NONE;
    const tags = route.tagsFor(RequestParts.normalisePath(routed.path));
    const derived = KeyDerivation.derive(route, policy.segments, routed.host(), target, headers, used);
    const cacheRequest = new CacheRequest(method, headers, derived.key === undefined ? "" : derived.key.variant);
    const problem = derived.key !== undefined ? "" : derived.problem;
    if (routed.usesToken && route.invalidToken === "reject" && used.state !== TokenResult.State.VALID) {
      const missing = used.state === TokenResult.State.NONE;
      const reject = new Reject(
        401,
        CacheStatus.forward("bypass", missing ? TOKEN_MISSING : `token-${used.reason}`),
        Headers.of("WWW-Authenticate", missing ? "Bearer" : 'Bearer error="invalid_token"'),
        "a valid bearer token is required",
      );
      return new RequestPlan(route, client, method, target, used, derived.key, problem, cacheRequest, tags, reject);
    }
    let step;
    if (!cacheRequest.isCacheableMethod()) {
      step = passThrough("method", Decider.METHOD);
    } else if (!route.cacheRule.bypass && derived.key === undefined) {
      // Key material that cannot be trusted (too long, control characters) makes the request uncacheable.
      step = passThrough("bypass", problem);
    } else if (RequestPlan.hasRequestBody(headers)) {
      // A GET with a body could mean anything to the origin; never share its response.
      step = passThrough("bypass", REQUEST_BODY);
    } else if (route.cacheRule.bypass) {
      step = passThrough("bypass", Decider.ROUTE_BYPASS);
    } else if (![...route.tiers].some((tier) => ownTiers.has(tier))) {
      // The route's entries live in the other cache's tiers: this one forwards the request as it came.
      step = passThrough("bypass", ROUTE_TIERS);
    } else {
      step = new Lookup();
    }
    return new RequestPlan(route, client, method, target, used, derived.key, problem, cacheRequest, tags, step);
  }

  /** The cache rule of the request's route. */
  rule() {
    return this.route.cacheRule;
  }

  /** The stored key (hash of the URL family); empty without a key. */
  keyHash() {
    return this.key === undefined ? "" : this.key.hash;
  }

  /** The `name=value` of the request's segment, sent to the origin; empty without one. */
  segmentField() {
    return this.key === undefined || this.key.segment === "" ? "" : `${this.route.key.segment}=${this.key.segment}`;
  }

  /**
   * Decides on what the cache holds for the key: the variant that matches the request's policy variant
   * and Vary values, if any, is reused, revalidated or replaced (RFC 9111 §4).
   *
   * @param variants the family's stored `VariantSet`, or undefined when nothing is stored
   * @param {string | undefined} tier the tier the variants were found in (`CacheStatus.TIER_L1`,
   *     `CacheStatus.TIER_L2`); undefined for a cache of one tier (the edge worker), whose member names none
   * @param {number} now epoch milliseconds
   * @returns {Reuse}
   */
  decide(variants, tier, now) {
    const stored = variants === undefined ? undefined : variants.match(this.cacheRequest);
    const storedVary = new Set();
    if (variants !== undefined) {
      for (const variant of variants.variants) {
        variant.varyFields.forEach((field) => storedVary.add(field));
      }
    }
    const otherVariantsStored = variants !== undefined && stored === undefined;
    const decision = Decider.decide(this.cacheRequest, stored, otherVariantsStored, this.route.cacheRule, now);
    return new Reuse(decision, storedVary, cacheStatus(decision, tier));
  }

  /**
   * What a cacheable fetch sends: the safe, keyed, Vary-listed and route-listed client fields only (a
   * field outside them could change a shared response without changing its key), conditional when the
   * entry it replaces has validators.
   *
   * @param {Set<string>} storedVary the fields stored variants vary on (`Reuse.storedVary`)
   * @param stored the `StoredResponse` being revalidated, or undefined
   * @returns {OriginRequest}
   */
  originRequest(storedVary, stored) {
    const allowed = new Set([...this.route.key.headers, ...this.route.forwardHeaders, ...storedVary]);
    const sent = ForwardingHeaders.keepForCache(this.cacheRequest.headers, allowed, this.route.key.cookies);
    const conditional = stored !== undefined && stored.hasValidators();
    const validators = conditional ? Conditionals.validators(stored.headers) : Headers.EMPTY;
    const target = this.key === undefined ? this.target : this.key.forwardTarget;
    return new OriginRequest(target, sent, conditional, validators, this.segmentField());
  }

  /**
   * The `Host` the origin is sent: the client's (the one the request is keyed under) when the origin preserves
   * it, else the origin's own authority.
   *
   * @param {import("../policy/OriginSettings.js").OriginSettings} origin
   * @returns {string}
   */
  originHost(origin) {
    return origin.preserveHost ? this.client.host : origin.authority();
  }

  /**
   * The fields a cacheable fetch sends the origin: `OriginRequest.headers` for this request's client.
   *
   * @param {OriginRequest} sent
   * @param {import("../policy/OriginSettings.js").OriginSettings} origin
   * @returns {Headers}
   */
  fetchHeaders(sent, origin) {
    return sent.headers(this.client.clientIp, this.client.scheme, this.originHost(origin));
  }

  /**
   * The fields a pass-through sends the origin: the request's as the plan reads them (never the upstream
   * secret), hop-by-hop fields removed, forwarding fields appended for this request's client.
   *
   * @param {import("../policy/OriginSettings.js").OriginSettings} origin
   * @returns {Headers}
   */
  passThroughHeaders(origin) {
    return ForwardingHeaders.toOrigin(
      this.cacheRequest.headers,
      this.client.clientIp,
      this.client.scheme,
      this.originHost(origin),
      false,
    );
  }

  /**
   * The decision on the origin's answer to a cacheable fetch, once its head has arrived.
   *
   * @param {OriginRequest} sent what the fetch sent
   * @param stored the entry the fetch revalidates or replaces, or undefined
   * @param {Headers} headers the response's fields, hop-by-hop fields removed
   * @param {number} knownLength the body length known from the head, or -1 when unknown
   * @param fetchStatus the `Cache-Status` of the decision that led to the fetch (`Reuse.cacheStatus`)
   */
  answer(sent, stored, status, headers, knownLength, requestTime, responseTime, fetchStatus) {
    return OriginAnswer.plan(
      this.cacheRequest,
      sent.clientFields,
      stored,
      sent.conditional,
      status,
      headers,
      knownLength,
      requestTime,
      responseTime,
      this.route.cacheRule,
      fetchStatus,
    );
  }

  /**
   * The store plan for a complete response to a cacheable fetch. The origin was asked for a GET (a HEAD
   * miss fetches the GET too), so the response is stored as one; its tags are the route's and the
   * origin's (`SurrogateKeys`).
   *
   * @param {Uint8Array} body
   */
  storePlan(sent, status, headers, body, requestTime, responseTime) {
    const fetched = new CacheRequest("GET", sent.clientFields, this.cacheRequest.variant);
    const tags = SurrogateKeys.tags(this.tags, headers);
    return StorePlan.plan(fetched, status, headers, body, requestTime, responseTime, this.route.cacheRule, tags);
  }

  /**
   * The origin failed a cacheable fetch: the stored entry within `stale-if-error`, else the failure.
   *
   * @param stored the entry the fetch would have revalidated or replaced, or undefined
   * @param fetchStatus the `Cache-Status` of the decision that led to the fetch (`Reuse.cacheStatus`)
   * @param {string} detail the failure's reason code (`origin-unreachable`, `origin-timeout`, ...)
   * @param {number} clientStatus the status the client gets when nothing stored may be used
   * @param {number} forwardStatus the origin's status when it answered with an error; 0 for a transport fault
   */
  onFailure(stored, fetchStatus, detail, clientStatus, forwardStatus, now) {
    if (stored !== undefined && Decider.mayServeStaleOnError(stored, this.cacheRequest.directives(), now)) {
      return new FailurePlan.ServeStale(
        stored,
        OriginAnswer.staleIfErrorStatus(stored, fetchStatus, forwardStatus, now),
      );
    }
    const failed = forwardStatus > 0 ? fetchStatus.withForwardStatus(forwardStatus) : fetchStatus;
    return new FailurePlan.Fail(clientStatus, failed.withDetail(detail));
  }

  /**
   * The families a pass-through exchange invalidates: after a non-error answer to an unsafe method, the
   * target URI and the `Location` / `Content-Location` URIs on the same host, each under the key its GET
   * route gives it, in every segment and variant (RFC 9111 §4.4).
   *
   * @returns {Array} the `CacheKey`s, in that order
   */
  invalidations(policy, status, responseHeaders) {
    if (!Decider.invalidatesTarget(this.method, status)) {
      return [];
    }
    const requestHeaders = this.cacheRequest.headers;
    const host = this.client.host;
    const keys = [];
    const add = (key) => {
      if (key !== undefined) {
        keys.push(key);
      }
    };
    add(invalidatedKey(policy, host, this.target, requestHeaders));
    for (const field of ["Location", "Content-Location"]) {
      const value = responseHeaders.first(field);
      const uri = value === undefined ? undefined : SameHostTarget.of(value, host);
      if (uri !== undefined) {
        add(invalidatedKey(policy, host, uri, requestHeaders));
      }
    }
    return keys;
  }

  /** True when the request has a body: a `Transfer-Encoding`, or a `Content-Length` that is not 0. */
  static hasRequestBody(headers) {
    if (headers.contains("Transfer-Encoding")) {
      return true;
    }
    const length = headers.first("Content-Length");
    return length !== undefined && parseLength(length) > 0n;
  }
}

/** Refused without touching the cache or the origin. */
class Reject {
  /**
   * @param {number} status the status the client gets
   * @param {Headers} fields fields the refusal carries (such as `WWW-Authenticate`)
   * @param {string} message why, for the response body
   */
  constructor(status, cacheStatus, fields, message) {
    this.status = status;
    this.cacheStatus = cacheStatus;
    this.fields = fields;
    this.message = message;
    Object.freeze(this);
  }
}

/** Forwarded as is and streamed back, neither looked up nor stored. */
class PassThrough {
  /** @param {string} reason why: `method`, `route-bypass`, `request-body` or a key problem */
  constructor(reason, cacheStatus) {
    this.reason = reason;
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/** Looked up in the cache, then decided by `decide`. */
class Lookup {
  constructor() {
    Object.freeze(this);
  }
}

/** The outcome of `decide`. */
class Reuse {
  /**
   * @param decision what to do with what the cache holds
   * @param {Iterable<string>} storedVary the request fields stored variants of the family vary on, which a fetch forwards
   * @param {CacheStatus} cacheStatus the decision's `Cache-Status`, with the tier of the stored response when the
   *     decision serves or revalidates one; later steps start from it
   */
  constructor(decision, storedVary, cacheStatus) {
    this.decision = decision;
    this.storedVary = new Set(storedVary);
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/**
 * The tier belongs on a member about a stored response: one served (a hit, stale-while-revalidate) or
 * revalidated, whatever the origin answers. A miss, a bypass or an unsatisfiable request used none.
 */
function cacheStatus(decision, tier) {
  const usesEntry =
    decision instanceof Decision.Hit ||
    decision instanceof Decision.StaleWhileRevalidate ||
    decision instanceof Decision.Revalidate;
  return usesEntry && tier !== undefined ? decision.cacheStatus().withTier(tier) : decision.cacheStatus();
}

function passThrough(forward, reason) {
  return new PassThrough(reason, CacheStatus.forward(forward, reason));
}

function invalidatedKey(policy, host, target, headers) {
  const getRoute = policy.route(host, "GET", RequestParts.path(target));
  return KeyDerivation.derive(getRoute, policy.segments, host, target, headers, TokenResult.NONE).key;
}

/** As Java's `parseLength`: `Long.parseLong(value.trim())`, with anything unparseable counting as a huge body. */
function parseLength(value) {
  return javaParseLong(javaTrim(value)) ?? JAVA_LONG_MAX;
}

RequestPlan.SEGMENT_FIELD = SEGMENT_FIELD;
RequestPlan.REQUEST_BODY = REQUEST_BODY;
RequestPlan.TOKEN_MISSING = TOKEN_MISSING;
RequestPlan.ROUTE_TIERS = ROUTE_TIERS;
RequestPlan.GATEWAY_TIERS = GATEWAY_TIERS;
RequestPlan.EDGE_TIERS = EDGE_TIERS;
RequestPlan.Reject = Reject;
RequestPlan.PassThrough = PassThrough;
RequestPlan.Lookup = Lookup;
RequestPlan.Reuse = Reuse;
