import { Generations } from "./Generations.js";
import { VariantSet } from "./VariantSet.js";

/**
 * What purges mean for one stored response, worst last: the twin of
 * `dev.tiergate.cache.GenerationCheck.Verdict`.
 */
const Verdict = Object.freeze({
  /** Stored after every purge of its scopes. */
  CURRENT: "current",
  /** Soft-purged: serve it only as an expired response (stale-while-revalidate, revalidation). */
  STALE: "stale",
  /** A scope's generation is not known here: it cannot be proven current, so it is not used. */
  UNKNOWN: "unknown",
  /** Hard-purged: absent. */
  PURGED: "purged",
});

/** The verdicts in declaration order, which is Java's `compareTo` order for the enum. */
const SEVERITY = Object.freeze([Verdict.CURRENT, Verdict.STALE, Verdict.UNKNOWN, Verdict.PURGED]);

/**
 * Applies purges to stored responses by comparing their stamps with the current generations (pure:
 * the caller supplies the generations it knows). The twin of `dev.tiergate.cache.GenerationCheck`.
 *
 * `current` is a function from a scope name to its `GenerationCounter`, or undefined when the scope's
 * generation is unknown.
 */
export const GenerationCheck = Object.freeze({
  Verdict,

  /**
   * The verdict for a response stored under `family`.
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {string} family
   * @param {(scope: string) => import("./GenerationCounter.js").GenerationCounter | undefined} current the
   *     current generation of a scope, undefined when unknown
   * @returns {string} a `Verdict`
   */
  verdict(entry, family, current) {
    let worst = Verdict.CURRENT;
    for (const [scope, stamped] of entry.generations.byScope(family)) {
      const counter = current(scope);
      const verdict = counter === undefined ? Verdict.UNKNOWN : counter.judge(stamped);
      if (SEVERITY.indexOf(verdict) > SEVERITY.indexOf(worst)) {
        worst = verdict;
      }
    }
    return worst;
  },

  /**
   * The variants a request may use: hard-purged and unprovable ones removed, soft-purged ones expired as
   * of `now`; undefined when none remain. The same set is returned when nothing changed, so a caller can
   * tell by identity that nothing needs writing back.
   *
   * @param {VariantSet} variants
   * @param {string} family
   * @param {(scope: string) => import("./GenerationCounter.js").GenerationCounter | undefined} current
   * @param {number} now epoch milliseconds
   * @returns {VariantSet | undefined}
   */
  apply(variants, family, current, now) {
    const usable = [];
    let changed = false;
    for (const variant of variants.variants) {
      const verdict = GenerationCheck.verdict(variant, family, current);
      switch (verdict) {
        case Verdict.CURRENT:
          usable.push(variant);
          break;
        case Verdict.STALE: {
          const expired = variant.asExpired(now);
          changed ||= expired !== variant;
          usable.push(expired);
          break;
        }
        default:
          changed = true;
      }
    }
    if (usable.length === 0) {
      return undefined;
    }
    return changed ? new VariantSet(usable) : variants;
  },

  /**
   * True when a purge of `scope` reaches the response stored under `family`.
   *
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {string} family
   * @param {string} scope
   * @returns {boolean}
   */
  covers(entry, family, scope) {
    if (scope === Generations.ALL || scope === Generations.familyScope(family)) {
      return true;
    }
    if (scope.startsWith("t:")) {
      const tag = scope.substring(2);
      return entry.tags.has(tag) || entry.generations.tags.has(tag);
    }
    return scope === Generations.routeScope(entry.generations.route) && entry.generations.route !== "";
  },
});
