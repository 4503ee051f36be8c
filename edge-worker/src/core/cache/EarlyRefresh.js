import { javaDoubleToString } from "../lang/JavaText.js";

/**
 * Whether a fresh hit should also start a background refresh, so that a popular entry is replaced before
 * it expires instead of every instance missing it at once: the twin of `dev.tiergate.cache.EarlyRefresh`.
 * Pure: the random value and the hit count are inputs.
 *
 * Probabilistic early refresh is XFetch (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic Cache
 * Stampede Prevention", VLDB 2015): refresh when `now - delta * beta * ln(random) >= expiry`, where `delta`
 * is how long the last fetch took. The probability grows as expiry nears and with the cost of a fetch, so
 * one request among many refreshes, shortly before expiry.
 */
export const EarlyRefresh = Object.freeze({
  /** Why a hit refreshes: XFetch. */
  XFETCH: "early-refresh",
  /** Why a hit refreshes: refresh-ahead of a hot entry. */
  AHEAD: "refresh-ahead",

  /**
   * The reason to refresh `entry` now, if any.
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {import("./RefreshRule.js").RefreshRule} rule
   * @param {number} random uniform in (0, 1]
   * @param {number} hits how often this entry has been hit, this hit included
   * @param {number} now epoch milliseconds
   * @returns {string | undefined} `XFETCH`, `AHEAD`, or undefined
   */
  decide(entry, rule, random, hits, now) {
    const remainingMillis = EarlyRefresh.remainingMillis(entry, now);
    if (rule.aheadSeconds !== undefined && hits >= rule.minHits && remainingMillis < rule.aheadSeconds * 1000) {
      return EarlyRefresh.AHEAD;
    }
    if (rule.beta !== undefined && EarlyRefresh.xfetch(remainingMillis, entry.fetchMillis, rule.beta, random)) {
      return EarlyRefresh.XFETCH;
    }
    return undefined;
  },

  /**
   * The XFetch rule in remaining-time form: `-delta * beta * ln(random) >= expiry - now`.
   *
   * @param {number} remainingMillis freshness left; zero or less at and after expiry
   * @param {number} fetchMillis how long the last fetch took (`delta`)
   * @param {number} beta
   * @param {number} random uniform in (0, 1]; smaller values refresh earlier
   * @returns {boolean}
   */
  xfetch(remainingMillis, fetchMillis, beta, random) {
    if (!(random > 0 && random <= 1)) {
      throw new Error(`random: ${javaDoubleToString(random)} (expected: in (0, 1])`);
    }
    if (beta < 0 || fetchMillis < 0) {
      throw new Error("beta and fetchMillis must not be negative");
    }
    return -fetchMillis * beta * Math.log(random) >= remainingMillis;
  },

  /**
   * Freshness left at `now`, in milliseconds: the stored age arithmetic of RFC 9111 §4.2.3 at millisecond
   * resolution, because XFetch's margins are often well under a second.
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {number} now epoch milliseconds
   * @returns {number}
   */
  remainingMillis(entry, now) {
    const resident = Math.max(0, now - entry.responseTime);
    return (entry.lifetimeSeconds - entry.initialAgeSeconds) * 1000 - resident;
  },
});
