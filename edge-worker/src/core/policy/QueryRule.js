/**
 * Which query parameters belong in the cache key: all of them, none, only those listed (`include`)
 * or all but those listed (`exclude`). Names may end in `*` (`utm_*`). Parameters left out of the key
 * are also left out of the origin request, so they cannot change a response that is shared across
 * their values. The twin of `dev.tiergate.policy.QueryRule`.
 */
export class QueryRule {
  /**
   * @param {string} mode one of {@link QueryRule.Mode}: how `names` apply
   * @param {ReadonlyArray<string>} names parameter names or prefixes ending in `*`
   */
  constructor(mode, names) {
    if (!Object.values(Mode).includes(mode)) {
      // The Java enum cannot hold anything else; a string can.
      throw new Error(`mode: "${mode}" (expected one of: ${Object.values(Mode).join(", ")})`);
    }
    /** @type {string} one of {@link QueryRule.Mode} */
    this.mode = mode;
    /** @type {ReadonlyArray<string>} */
    this.names = Object.freeze([...names]);
    Object.freeze(this);
  }

  /**
   * True when parameter `name` (decoded) is part of the key.
   * @param {string} name
   * @returns {boolean}
   */
  keeps(name) {
    switch (this.mode) {
      case Mode.ALL:
        return true;
      case Mode.NONE:
        return false;
      case Mode.INCLUDE:
        return this.listed(name);
      default: // Mode.EXCLUDE: the constructor admits no other
        return !this.listed(name);
    }
  }

  /** @private */
  listed(name) {
    for (const pattern of this.names) {
      if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length - 1)) : name === pattern) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a name in a policy is valid: a parameter name, optionally ending in `*`.
   * @param {string} name
   * @returns {boolean}
   */
  static isValidName(name) {
    return /^(?:[A-Za-z0-9_.\-[\]]+\*?|\*)$/.test(name);
  }

  /**
   * Record equality, as the Java record has it.
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return (
      other instanceof QueryRule &&
      other.mode === this.mode &&
      other.names.length === this.names.length &&
      other.names.every((name, i) => name === this.names[i])
    );
  }
}

/** How the list applies: the compiled document's spelling of the Java enum's constants. */
const Mode = Object.freeze({
  /** Every parameter is keyed. */
  ALL: "all",
  /** No parameter is keyed. */
  NONE: "none",
  /** Only the listed parameters are keyed. */
  INCLUDE: "include",
  /** Every parameter but the listed ones is keyed. */
  EXCLUDE: "exclude",
});

QueryRule.Mode = Mode;

/** Every parameter is part of the key (the default, which is always safe). */
QueryRule.ALL = new QueryRule(Mode.ALL, []);
