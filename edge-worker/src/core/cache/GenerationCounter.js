import { GenerationCheck } from "./GenerationCheck.js";

/**
 * The current state of one purge scope: the twin of `dev.tiergate.cache.GenerationCounter`. Every
 * purge, hard or soft, increments `version`; a hard purge also raises `floor` to the new version. An
 * entry stamped below the floor was hard-purged (absent); one stamped at or above the floor but below
 * the version was only soft-purged (stale).
 */
export class GenerationCounter {
  /**
   * @param {number} version incremented by every purge of the scope
   * @param {number} floor the version of the last hard purge
   */
  constructor(version, floor) {
    /** @type {number} */
    this.version = version;
    /** @type {number} */
    this.floor = floor;
    Object.freeze(this);
  }

  /**
   * The state after one more purge.
   *
   * @param {boolean} hard
   * @returns {GenerationCounter}
   */
  next(hard) {
    const bumped = this.version + 1;
    return new GenerationCounter(bumped, hard ? bumped : this.floor);
  }

  /**
   * The later of two observations of the same scope: counters only grow, so the larger value of each
   * field is the more recent, whatever order messages and reads arrived in.
   *
   * @param {GenerationCounter} other
   * @returns {GenerationCounter}
   */
  merge(other) {
    return new GenerationCounter(Math.max(this.version, other.version), Math.max(this.floor, other.floor));
  }

  /**
   * What a purge of this scope means for an entry stamped with `stamped`.
   *
   * @param {number} stamped
   * @returns {string} a `GenerationCheck.Verdict`
   */
  judge(stamped) {
    if (stamped < this.floor) {
      return GenerationCheck.Verdict.PURGED;
    }
    return stamped < this.version ? GenerationCheck.Verdict.STALE : GenerationCheck.Verdict.CURRENT;
  }
}

/** A scope never purged. */
GenerationCounter.ZERO = new GenerationCounter(0, 0);
