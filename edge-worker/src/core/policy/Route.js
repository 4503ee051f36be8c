import { RequestParts } from "./RequestParts.js";

/**
 * One route of a policy. The twin of `dev.tiergate.policy.Route`; Java's sets are `Set`s, its lists
 * frozen arrays, its `Optional`s the value or undefined.
 */
export class Route {
  /**
   * The Java record's components, in its order; the last two may be left out.
   *
   * @param {string} name the route's name, used in metrics, Cache-Status details and purges
   * @param {import("./HostPattern.js").HostPattern} host the hosts it matches
   * @param {Iterable<string>} methods the methods it matches; empty matches every method
   * @param {import("./PathPattern.js").PathPattern} path the path pattern
   * @param {string} origin the name of the origin it forwards to
   * @param {import("../cache/CacheRule.js").CacheRule} cacheRule what the cache does for requests on this route
   * @param {import("./KeySpec.js").KeySpec} key what the cache key is made of
   * @param {ReadonlyArray<string>} tags purge tags; `{param}` is replaced by the path parameter's value
   * @param {Iterable<string>} tiers the tiers that may hold its entries (`l1`, `l2`, `edge`)
   * @param {string} invalidToken one of {@link Route.InvalidToken}: what an invalid or missing token
   *     means where a JWT segment is keyed
   * @param {import("./RateLimitSpec.js").RateLimitSpec | undefined} rateLimit the route's request limit, if any
   * @param {ReadonlyArray<string>} [forwardHeaders] unkeyed request fields a cacheable fetch forwards
   *     anyway (lower case)
   * @param {BulkheadLimit | undefined} [bulkhead] the most origin requests the route may have in flight at once
   */
  constructor(
    name,
    host,
    methods,
    path,
    origin,
    cacheRule,
    key,
    tags,
    tiers,
    invalidToken,
    rateLimit,
    forwardHeaders = [],
    bulkhead = undefined,
  ) {
    if (!Object.values(InvalidToken).includes(invalidToken)) {
      throw new Error(`invalidToken: "${invalidToken}" (expected one of: ${Object.values(InvalidToken).join(", ")})`);
    }
    /** @type {string} */
    this.name = name;
    /** @type {import("./HostPattern.js").HostPattern} */
    this.host = host;
    /** @type {ReadonlySet<string>} */
    this.methods = new Set(methods);
    /** @type {import("./PathPattern.js").PathPattern} */
    this.path = path;
    /** @type {string} */
    this.origin = origin;
    /** @type {import("../cache/CacheRule.js").CacheRule} */
    this.cacheRule = cacheRule;
    /** @type {import("./KeySpec.js").KeySpec} */
    this.key = key;
    /** @type {ReadonlyArray<string>} */
    this.tags = Object.freeze([...tags]);
    /** @type {ReadonlySet<string>} */
    this.tiers = new Set(tiers);
    /** @type {string} one of {@link Route.InvalidToken} */
    this.invalidToken = invalidToken;
    /** @type {import("./RateLimitSpec.js").RateLimitSpec | undefined} */
    this.rateLimit = rateLimit;
    /** @type {ReadonlyArray<string>} */
    this.forwardHeaders = Object.freeze([...forwardHeaders]);
    /** @type {BulkheadLimit | undefined} */
    this.bulkhead = bulkhead;
    Object.freeze(this);
  }

  /**
   * True when the route matches the request's host, method and path. The path is matched after
   * normalisation, as it is keyed and forwarded: `/public/../private` is `/private`.
   *
   * Called with two arguments, `(method, requestPath)`, it is {@link Route#matchesAnyHost}, as the
   * Java overload is.
   *
   * @param {string} requestHost the Host field value
   * @param {string} method the request method
   * @param {string} [requestPath] the request's path (without the query)
   * @returns {boolean}
   */
  matches(requestHost, method, requestPath) {
    if (arguments.length === 2) {
      return this.matchesAnyHost(requestHost, method);
    }
    return this.host.matches(requestHost) && this.matchesAnyHost(method, requestPath);
  }

  /**
   * True when the route matches the request's method and (normalised) path, whatever the host: the
   * Java `matches(method, requestPath)`.
   * @param {string} method
   * @param {string} requestPath
   * @returns {boolean}
   */
  matchesAnyHost(method, requestPath) {
    return (
      (this.methods.size === 0 || this.methods.has(method)) &&
      this.path.match(RequestParts.normalisePath(requestPath)) !== undefined
    );
  }

  /**
   * The route's tags for a request path, with path parameters filled in. As in Java, the path is
   * matched as given: callers pass the normalised path.
   * @param {string} requestPath
   * @returns {Set<string>} in the order of the route's tags, without repeats
   */
  tagsFor(requestPath) {
    const parameters = this.path.match(requestPath) ?? new Map();
    const resolved = new Set();
    for (const tag of this.tags) {
      let value = tag;
      for (const [name, parameter] of parameters) {
        // A function, so that "$&" or "$1" in a path stays literal (String.replace in Java is literal).
        value = value.replaceAll(`{${name}}`, () => parameter);
      }
      resolved.add(value);
    }
    return resolved;
  }
}

/** What a route does with a request whose token is missing, expired, forged or otherwise invalid. */
const InvalidToken = Object.freeze({
  /** Serve it as the segment's default (anonymous) audience. */
  ANONYMOUS: "anonymous",
  /** Answer 401 without touching the cache. */
  REJECT: "reject",
});

/**
 * A route's bulkhead, so that one slow route cannot hold every origin connection while the others
 * starve: the twin of `Route.BulkheadLimit`.
 */
class BulkheadLimit {
  /**
   * @param {number} maxConcurrent origin requests in flight at most, per gateway instance
   * @throws {Error} when it is below 1
   */
  constructor(maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new Error(`maxConcurrent ${maxConcurrent} (expected: at least 1)`);
    }
    /** @type {number} */
    this.maxConcurrent = maxConcurrent;
    Object.freeze(this);
  }
}

Route.InvalidToken = InvalidToken;
Route.BulkheadLimit = BulkheadLimit;
/** Every tier (read-only). */
Route.ALL_TIERS = new Set(["l1", "l2", "edge"]);
