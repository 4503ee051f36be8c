import { javaDoubleToString } from "../lang/JavaText.js";

/**
 * The outcome of verifying a request's bearer token, as the pure key and segment logic sees it. The
 * twin of `dev.tiergate.policy.TokenResult`; the worker verifies the token and hands in the outcome.
 */
export class TokenResult {
  /**
   * @param {string} state one of {@link TokenResult.State}: whether a token was present and valid
   * @param {Map<string, unknown> | Record<string, unknown>} claims the verified claims (empty unless
   *     valid); a plain object, such as a JWT payload, is read as a map of its own properties
   * @param {string} reason why a token was rejected (`expired`, `bad-signature`, ...), empty otherwise
   */
  constructor(state, claims, reason) {
    if (!Object.values(State).includes(state)) {
      throw new Error(`state: "${state}" (expected one of: ${Object.values(State).join(", ")})`);
    }
    /** @type {string} one of {@link TokenResult.State} */
    this.state = state;
    // A copy, as Java's Map.copyOf: later changes to the caller's object do not change the outcome.
    /** @type {ReadonlyMap<string, unknown>} */
    this.claims = new Map(claims instanceof Map ? claims : Object.entries(claims));
    /** @type {string} */
    this.reason = reason;
    Object.freeze(this);
  }

  /**
   * A valid token's outcome.
   * @param {Map<string, unknown> | Record<string, unknown>} claims the verified claims
   * @returns {TokenResult}
   */
  static valid(claims) {
    return new TokenResult(State.VALID, claims, "");
  }

  /**
   * An invalid token's outcome.
   * @param {string} reason the reason code
   * @returns {TokenResult}
   */
  static invalid(reason) {
    return new TokenResult(State.INVALID, new Map(), reason);
  }

  /**
   * A string claim, or a numeric one as Java writes the number; undefined for any other value or none.
   * @param {string} name
   * @returns {string | undefined}
   */
  claim(name) {
    const value = this.claims.get(name);
    if (typeof value === "string") {
      return value;
    }
    return typeof value === "number" && Number.isFinite(value) ? javaNumberText(value) : undefined;
  }
}

/** Whether the request carried a token and whether it verified. */
const State = Object.freeze({
  /** No bearer token. */
  NONE: "none",
  /** A token whose signature, issuer, audience and times all verified. */
  VALID: "valid",
  /** A token that did not verify: it must never select another audience's entries. */
  INVALID: "invalid",
});

TokenResult.State = State;

/** No token in the request. */
TokenResult.NONE = new TokenResult(State.NONE, new Map(), "");

/**
 * A number as the gateway's `Number.toString()` writes it. The gateway's JSON parser makes a Long of
 * an integer literal and a Double of anything else; JavaScript sees only the value, so an integer
 * is written as a Long (`Long.toString`: "42") and a fraction as a Double (`Double.toString`: "0.5",
 * "1.0E-5", "1.25E7").
 */
function javaNumberText(value) {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
    return BigInt(value).toString();
  }
  return javaDoubleToString(value);
}
