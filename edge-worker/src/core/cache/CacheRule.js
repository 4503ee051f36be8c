import { RefreshRule } from "./RefreshRule.js";

/**
 * What a route asks of the cache, as far as the pure decisions need it. The twin of
 * `dev.tiergate.cache.CacheRule`; Java's `OptionalLong` is a number or undefined.
 */
export class CacheRule {
  /**
   * The Java record's components, in its order; the last four may be left out, as the Java
   * constructors without TTL clamps, negative caching or early refresh allow.
   *
   * @param {boolean} bypass never look up nor store; forward as is
   * @param {number | undefined} ttlSeconds a freshness lifetime that overrides the origin's, when present
   * @param {number | undefined} staleWhileRevalidateSeconds the window used when the origin sends no
   *     `stale-while-revalidate`
   * @param {number | undefined} staleIfErrorSeconds the window used when the origin sends no `stale-if-error`
   * @param {number} maxObjectBytes bodies larger than this are streamed through and not stored
   * @param {boolean} allowSetCookie store responses that carry `Set-Cookie` (the field itself is never stored)
   * @param {number} keepSeconds how long an expired entry with validators is kept for conditional revalidation
   * @param {number | undefined} [minTtlSeconds] the least freshness given to a response whose origin sets one
   * @param {number | undefined} [maxTtlSeconds] the most freshness given to a response whose origin sets
   *     one; a route's own `ttl` and `negativeTtl` are the operator's explicit choice and are not clamped
   * @param {number | undefined} [negativeTtlSeconds] freshness for a 404 or 410 that carries none of its own
   * @param {RefreshRule} [refresh] whether fresh hits may refresh the entry early
   * @throws {Error} when a value is out of range, with the Java message
   */
  constructor(
    bypass,
    ttlSeconds,
    staleWhileRevalidateSeconds,
    staleIfErrorSeconds,
    maxObjectBytes,
    allowSetCookie,
    keepSeconds,
    minTtlSeconds = undefined,
    maxTtlSeconds = undefined,
    negativeTtlSeconds = undefined,
    refresh = RefreshRule.NONE,
  ) {
    if (!(refresh instanceof RefreshRule)) {
      // Java's Objects.requireNonNull(refresh, "refresh").
      throw new Error("refresh");
    }
    if (maxObjectBytes <= 0) {
      throw new Error(`maxObjectBytes: ${maxObjectBytes} (expected: > 0)`);
    }
    if (keepSeconds < 0) {
      throw new Error(`keepSeconds: ${keepSeconds} (expected: >= 0)`);
    }
    for (const seconds of [
      ttlSeconds,
      staleWhileRevalidateSeconds,
      staleIfErrorSeconds,
      minTtlSeconds,
      maxTtlSeconds,
      negativeTtlSeconds,
    ]) {
      if (seconds !== undefined && seconds < 0) {
        throw new Error(`durations: ${seconds} (expected: >= 0)`);
      }
    }
    if (minTtlSeconds !== undefined && maxTtlSeconds !== undefined && minTtlSeconds > maxTtlSeconds) {
      throw new Error(`minTtl: ${minTtlSeconds} (expected: <= maxTtl ${maxTtlSeconds})`);
    }
    /** @type {boolean} */
    this.bypass = bypass;
    /** @type {number | undefined} */
    this.ttlSeconds = ttlSeconds;
    /** @type {number | undefined} */
    this.staleWhileRevalidateSeconds = staleWhileRevalidateSeconds;
    /** @type {number | undefined} */
    this.staleIfErrorSeconds = staleIfErrorSeconds;
    /** @type {number} */
    this.maxObjectBytes = maxObjectBytes;
    /** @type {boolean} */
    this.allowSetCookie = allowSetCookie;
    /** @type {number} */
    this.keepSeconds = keepSeconds;
    /** @type {number | undefined} */
    this.minTtlSeconds = minTtlSeconds;
    /** @type {number | undefined} */
    this.maxTtlSeconds = maxTtlSeconds;
    /** @type {number | undefined} */
    this.negativeTtlSeconds = negativeTtlSeconds;
    /** @type {RefreshRule} */
    this.refresh = refresh;
    Object.freeze(this);
  }

  /**
   * A copy that bypasses the cache.
   * @returns {CacheRule}
   */
  asBypass() {
    return new CacheRule(
      true,
      this.ttlSeconds,
      this.staleWhileRevalidateSeconds,
      this.staleIfErrorSeconds,
      this.maxObjectBytes,
      this.allowSetCookie,
      this.keepSeconds,
      this.minTtlSeconds,
      this.maxTtlSeconds,
      this.negativeTtlSeconds,
      this.refresh,
    );
  }
}

/** 8 MiB: large enough for API responses, small enough that one object cannot crowd out the tier. */
CacheRule.DEFAULT_MAX_OBJECT_BYTES = 8 * 1024 * 1024;
/** One hour: entries that can be revalidated with a 304 stay that long past their stale windows. */
CacheRule.DEFAULT_KEEP_SECONDS = 3600;

/** Follow the origin's headers exactly, with no stale windows of our own. */
CacheRule.RESPECT_ORIGIN = new CacheRule(
  false,
  undefined,
  undefined,
  undefined,
  CacheRule.DEFAULT_MAX_OBJECT_BYTES,
  false,
  CacheRule.DEFAULT_KEEP_SECONDS,
);

/** Forward everything, cache nothing. */
CacheRule.BYPASS = new CacheRule(
  true,
  undefined,
  undefined,
  undefined,
  CacheRule.DEFAULT_MAX_OBJECT_BYTES,
  false,
  CacheRule.DEFAULT_KEEP_SECONDS,
);
