/**
 * A route's host: `*` (any), an exact name (`api.example.com`) or a wildcard for subdomains
 * (`*.example.com`, which does not match `example.com` itself). The port of the request's Host is
 * ignored. The twin of `dev.tiergate.policy.HostPattern`.
 */
export class HostPattern {
  /**
   * @param {string} pattern the pattern as the policy spells it; it is lower-cased
   * @throws {Error} when it is not a host name, `*.` followed by one, or `*`
   */
  constructor(pattern) {
    const lower = pattern.toLowerCase();
    const name = lower.startsWith("*.") ? lower.substring(2) : lower;
    if (lower !== "*" && !HOST_NAME.test(name)) {
      throw new Error(`"${lower}" is not a host name, "*." followed by one, or "*"`);
    }
    /** @type {string} the pattern, lower case */
    this.pattern = lower;
    Object.freeze(this);
  }

  /**
   * True when `host` (a Host field value, possibly with a port) matches.
   * @param {string} host
   * @returns {boolean}
   */
  matches(host) {
    if (this.pattern === "*") {
      return true;
    }
    const name = HostPattern.stripPort(host).toLowerCase();
    if (this.pattern.startsWith("*.")) {
      // The length check keeps ".example.com" itself from matching "*.example.com".
      return name.endsWith(this.pattern.substring(1)) && name.length > this.pattern.length - 1;
    }
    return name === this.pattern;
  }

  /**
   * The host without its port; an IPv6 literal keeps the colons inside its brackets.
   * @param {string} host
   * @returns {string}
   */
  static stripPort(host) {
    if (host.startsWith("[")) {
      const end = host.indexOf("]");
      return end < 0 ? host : host.substring(0, end + 1);
    }
    const colon = host.lastIndexOf(":");
    return colon < 0 ? host : host.substring(0, colon);
  }

  /**
   * Record equality, as the Java record has it.
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return other instanceof HostPattern && other.pattern === this.pattern;
  }

  /** @returns {string} the pattern */
  toString() {
    return this.pattern;
  }
}

// Anchored because Java's String.matches must match the whole name.
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/** Matches every host. */
HostPattern.ANY = new HostPattern("*");
