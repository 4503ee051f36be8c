/**
 * A request's cache key as the policy derives it. The twin of `dev.tiergate.policy.CacheKey`.
 */
export class CacheKey {
  /**
   * @param {string} canonical the URL family: host, normalised path and keyed query parameters, sorted
   * @param {string} hash the stored key: SHA-256 of `canonical`, lower-case hex
   * @param {string} variant the policy's variant dimensions (segment, keyed headers and cookies), one
   *     `kind:name=value` line each; entries of one family differ by it and by Vary
   * @param {string} segment the segment value, empty when the route keys none
   * @param {string} forwardTarget the request target sent to the origin: normalised path and only the
   *     keyed query parameters, so that nothing left out of the key can change a shared response
   */
  constructor(canonical, hash, variant, segment, forwardTarget) {
    /** @type {string} */
    this.canonical = canonical;
    /** @type {string} */
    this.hash = hash;
    /** @type {string} */
    this.variant = variant;
    /** @type {string} */
    this.segment = segment;
    /** @type {string} */
    this.forwardTarget = forwardTarget;
    Object.freeze(this);
  }
}
