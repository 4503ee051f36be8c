/**
 * How bearer tokens are verified for JWT segments and subjects. The twin of
 * `dev.tiergate.policy.JwtSettings`; durations are in seconds.
 */
export class JwtSettings {
  /**
   * @param {string} jwks a JWKS file path or an http(s) URL, as the policy spells it
   * @param {ReadonlyArray<string>} algorithms accepted signature algorithms (e.g. RS256, ES256, HS256)
   * @param {string | undefined} issuer the required `iss`, if any
   * @param {string | undefined} audience the required `aud`, if any
   * @param {number} clockSkew tolerance for `exp` and `nbf`, in seconds
   */
  constructor(jwks, algorithms, issuer, audience, clockSkew) {
    /** @type {string} */
    this.jwks = jwks;
    /** @type {ReadonlyArray<string>} */
    this.algorithms = Object.freeze([...algorithms]);
    /** @type {string | undefined} */
    this.issuer = issuer;
    /** @type {string | undefined} */
    this.audience = audience;
    /** @type {number} seconds */
    this.clockSkew = clockSkew;
    Object.freeze(this);
  }
}

/** Thirty seconds. */
JwtSettings.DEFAULT_CLOCK_SKEW = 30;
/** Skew beyond this (five minutes, in seconds) would accept tokens that expired long ago. */
JwtSettings.MAX_CLOCK_SKEW = 300;
