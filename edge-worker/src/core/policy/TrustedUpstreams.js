/**
 * Which upstreams' forwarding fields the gateway believes (`server.trustedUpstreams`), such as the edge worker's:
 * those that connect from an address in `cidrs`, those that send the shared secret in `Tiergate-Edge-Auth`, or,
 * when both are set, those that do both. The policy names the environment variable that holds the secret, never
 * the secret itself. The twin of `dev.tiergate.policy.TrustedUpstreams`.
 */
export class TrustedUpstreams {
  /**
   * @param {ReadonlyArray<import("../http/Cidr.js").Cidr>} cidrs the address ranges trusted peers connect from; empty when the secret alone
   *     decides
   * @param {string | undefined} secretEnv the environment variable holding the shared secret; undefined when the
   *     address alone decides
   */
  constructor(cidrs, secretEnv) {
    /** @type {ReadonlyArray<import("../http/Cidr.js").Cidr>} */
    this.cidrs = Object.freeze([...cidrs]);
    /** @type {string | undefined} */
    this.secretEnv = secretEnv;
    Object.freeze(this);
  }

  /** @returns {boolean} true when some upstream may be trusted: a range or a secret is set */
  isEnabled() {
    return this.cidrs.length > 0 || this.secretEnv !== undefined;
  }

  /**
   * @param {string} address
   * @returns {boolean} true when `address` is an address literal inside one of the trusted ranges
   */
  inRange(address) {
    for (const cidr of this.cidrs) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }
}

/** No upstream is trusted: every request's host, client address and scheme are its connection's. */
TrustedUpstreams.NONE = new TrustedUpstreams([], undefined);
