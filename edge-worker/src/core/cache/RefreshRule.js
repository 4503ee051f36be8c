import { javaDoubleToString } from "../lang/JavaText.js";

/**
 * When a route refreshes a fresh entry before it expires, in the background while hits keep being
 * served. The twin of `dev.tiergate.cache.RefreshRule`.
 */
export class RefreshRule {
  /**
   * @param {number | undefined} beta the XFetch weight (`earlyRefresh.beta`); undefined when
   *     probabilistic early refresh is off. Larger values refresh earlier.
   * @param {number | undefined} aheadSeconds refresh a hot entry once its remaining freshness is below
   *     this (`refreshAhead.when`); undefined when refresh-ahead is off
   * @param {number} minHits the hits an entry needs before refresh-ahead applies to it (`refreshAhead.minHits`)
   * @throws {Error} when a value is out of range, with the Java message
   */
  constructor(beta, aheadSeconds, minHits) {
    if (beta !== undefined && !(beta > 0 && beta <= MAX_BETA)) {
      throw new Error(`beta: ${javaDoubleToString(beta)} (expected: > 0 and <= ${javaDoubleToString(MAX_BETA)})`);
    }
    if (aheadSeconds !== undefined && aheadSeconds <= 0) {
      throw new Error(`aheadSeconds: ${aheadSeconds} (expected: > 0)`);
    }
    if (minHits < 1) {
      throw new Error(`minHits: ${minHits} (expected: >= 1)`);
    }
    /** @type {number | undefined} */
    this.beta = beta;
    /** @type {number | undefined} */
    this.aheadSeconds = aheadSeconds;
    /** @type {number} */
    this.minHits = minHits;
    Object.freeze(this);
  }

  /**
   * True when either kind is on.
   * @returns {boolean}
   */
  enabled() {
    return this.beta !== undefined || this.aheadSeconds !== undefined;
  }

  /**
   * A copy with probabilistic early refresh at `newBeta`.
   * @param {number} newBeta
   * @returns {RefreshRule}
   */
  withBeta(newBeta) {
    return new RefreshRule(newBeta, this.aheadSeconds, this.minHits);
  }

  /**
   * A copy with refresh-ahead below `seconds` of freshness for entries hit `hits` times.
   * @param {number} seconds
   * @param {number} hits
   * @returns {RefreshRule}
   */
  withAhead(seconds, hits) {
    return new RefreshRule(this.beta, seconds, hits);
  }
}

/** The largest `beta` a policy may set: beyond it every hit of a slow-to-fetch entry would refresh. */
const MAX_BETA = 100;

RefreshRule.MAX_BETA = MAX_BETA;

/** Neither kind of early refresh. */
RefreshRule.NONE = new RefreshRule(undefined, undefined, 1);
