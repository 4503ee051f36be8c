import { CacheStatus } from "../http/CacheStatus.js";

/**
 * What the cache does with a request, decided before any I/O: the twin of the sealed interface
 * `dev.tiergate.cache.Decision`. Each outcome is a subclass (`Decision.Hit`, `Decision.Miss`, ...) told
 * apart with `instanceof`, and carries a reason code (`reason`) that appears in `Cache-Status; detail=` and
 * in the conformance vectors; `cacheStatus()` is the Cache-Status member describing the outcome before
 * the origin (if any) answers.
 */
export class Decision {}

/** Serve the stored response; it is fresh, or stale in a way the request accepts (`max-stale`). */
class Hit extends Decision {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {number} ageSeconds
   * @param {number} ttlSeconds
   * @param {string} reason
   */
  constructor(entry, ageSeconds, ttlSeconds, reason) {
    super();
    this.entry = entry;
    this.ageSeconds = ageSeconds;
    this.ttlSeconds = ttlSeconds;
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    return CacheStatus.hit(this.ttlSeconds, this.reason);
  }
}

/** Serve the stale response now and refresh it in the background (RFC 5861 §3). */
class StaleWhileRevalidate extends Decision {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {number} ageSeconds
   * @param {number} ttlSeconds
   * @param {string} reason
   */
  constructor(entry, ageSeconds, ttlSeconds, reason) {
    super();
    this.entry = entry;
    this.ageSeconds = ageSeconds;
    this.ttlSeconds = ttlSeconds;
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    return CacheStatus.hit(this.ttlSeconds, this.reason);
  }
}

/**
 * Ask the origin, conditionally when the entry has validators; the entry answers a 304 and may be served
 * if the origin fails within `stale-if-error`.
 */
class Revalidate extends Decision {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {string} forward `stale` when the entry needs validation, `request` when the client asked for it
   * @param {string} reason
   */
  constructor(entry, forward, reason) {
    super();
    this.entry = entry;
    this.forward = forward;
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    return CacheStatus.forward(this.forward, this.reason);
  }
}

/** Nothing stored matches: fetch from the origin. */
class Miss extends Decision {
  /**
   * @param {string} forward `uri-miss` or `vary-miss`
   * @param {string} reason
   */
  constructor(forward, reason) {
    super();
    this.forward = forward;
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    // fwd=uri-miss / vary-miss already says it all; no detail.
    return CacheStatus.forward(this.forward, undefined);
  }
}

/** Forward without looking up or storing. */
class Bypass extends Decision {
  /**
   * @param {string} forward `bypass` (route or request) or `method`
   * @param {string} reason
   */
  constructor(forward, reason) {
    super();
    this.forward = forward;
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    return CacheStatus.forward(this.forward, this.reason);
  }
}

/** `only-if-cached` and nothing usable stored: answer 504 (RFC 9111 §5.2.1.7). */
class Unsatisfiable extends Decision {
  /** @param {string} reason */
  constructor(reason) {
    super();
    this.reason = reason;
    Object.freeze(this);
  }

  /** @returns {CacheStatus} */
  cacheStatus() {
    return CacheStatus.forward("miss", this.reason);
  }
}

Decision.Hit = Hit;
Decision.StaleWhileRevalidate = StaleWhileRevalidate;
Decision.Revalidate = Revalidate;
Decision.Miss = Miss;
Decision.Bypass = Bypass;
Decision.Unsatisfiable = Unsatisfiable;
Object.freeze(Decision);
