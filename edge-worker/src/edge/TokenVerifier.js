import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors } from "jose";
import { TokenResult } from "../core/policy/TokenResult.js";

/** Reason codes, the same the gateway's JwtVerifier writes (they appear in logs and `Cache-Status`). */
export const MALFORMED = "malformed";
export const BAD_SIGNATURE = "bad-signature";
export const ALGORITHM_NOT_ALLOWED = "algorithm-not-allowed";
export const EXPIRED = "expired";
export const NOT_YET_VALID = "not-yet-valid";
export const WRONG_ISSUER = "wrong-issuer";
export const WRONG_AUDIENCE = "wrong-audience";
export const MISSING_EXP = "missing-exp";
export const KEYS_UNAVAILABLE = "keys-unavailable";

/** Real access tokens are 1-2 KiB; anything far larger is refused before any parsing work. */
const MAX_TOKEN_LENGTH = 8 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_.-]+$/;

/**
 * Turns a request's `Authorization: Bearer <token>` into a `TokenResult`, as the gateway's
 * `JwtVerifier` does: the signature is checked with WebCrypto (through `jose`) against the JWKS
 * binding, restricted to the policy's algorithms; `exp`, `nbf`, `iss` and `aud` are then checked
 * against `now` with the policy's clock skew. Bad input never throws.
 */
export class TokenVerifier {
  /**
   * @param jwt the compiled policy's `jwt` settings (algorithms, issuer, audience, clockSkewSeconds)
   * @param jwks the JSON Web Key Set, or undefined when none is bound (every token is then unverifiable)
   */
  constructor(jwt, jwks) {
    this.algorithms = new Set(jwt === undefined ? [] : jwt.algorithms);
    this.issuer = jwt?.issuer;
    this.audience = jwt?.audience;
    this.skewMillis = (jwt?.clockSkew ?? 0) * 1000;
    this.keys = jwks === undefined ? undefined : safeKeySet(jwks);
  }

  /**
   * @param {import("../core/http/Headers.js").Headers} headers the request's fields
   * @param {number} now epoch milliseconds
   * @returns {Promise<TokenResult>}
   */
  async verify(headers, now) {
    const authorization = headers.first("Authorization");
    if (authorization === undefined) {
      return TokenResult.NONE;
    }
    const token = bearer(authorization);
    if (token === undefined) {
      return TokenResult.NONE;
    }
    if (token === "" || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token) || token.split(".").length !== 3) {
      return TokenResult.invalid(MALFORMED);
    }
    let header;
    let claims;
    try {
      header = decodeProtectedHeader(token);
      claims = JSON.parse(new TextDecoder().decode(base64url(token.split(".")[1])));
    } catch {
      return TokenResult.invalid(MALFORMED);
    }
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
      return TokenResult.invalid(MALFORMED);
    }
    if (typeof header.alg !== "string" || header.alg === "none" || !this.algorithms.has(header.alg)) {
      return TokenResult.invalid(ALGORITHM_NOT_ALLOWED);
    }
    if (this.keys === undefined) {
      return TokenResult.invalid(KEYS_UNAVAILABLE);
    }
    try {
      await compactVerify(token, this.keys, { algorithms: [...this.algorithms] });
    } catch (error) {
      return TokenResult.invalid(error instanceof errors.JOSEAlgNotAllowed ? ALGORITHM_NOT_ALLOWED : BAD_SIGNATURE);
    }
    const failure = this.claimFailure(claims, now);
    return failure === undefined ? TokenResult.valid(claims) : TokenResult.invalid(failure);
  }

  /** The first failing registered-claim check, in the gateway's order, or undefined. */
  claimFailure(claims, now) {
    if (typeof claims.exp !== "number") {
      // A token that never expires would pin a cache audience forever.
      return MISSING_EXP;
    }
    // RFC 7519 §4.1.4: valid only while now is before exp.
    if (!(now < claims.exp * 1000 + this.skewMillis)) {
      return EXPIRED;
    }
    if (typeof claims.nbf === "number" && now + this.skewMillis < claims.nbf * 1000) {
      return NOT_YET_VALID;
    }
    if (this.issuer !== undefined && this.issuer !== null && claims.iss !== this.issuer) {
      return WRONG_ISSUER;
    }
    if (this.audience !== undefined && this.audience !== null) {
      const audiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
      if (!audiences.includes(this.audience)) {
        return WRONG_AUDIENCE;
      }
    }
    return undefined;
  }
}

/** The credentials after a `Bearer` scheme (case-insensitive, RFC 9110 §11.1); undefined for another scheme. */
function bearer(authorization) {
  const value = authorization.trim();
  const end = value.search(/[ \t]/);
  const scheme = end < 0 ? value : value.substring(0, end);
  if (scheme.toLowerCase() !== "bearer") {
    return undefined;
  }
  return end < 0 ? "" : value.substring(end).trim();
}

function safeKeySet(jwks) {
  try {
    return createLocalJWKSet(jwks);
  } catch (error) {
    console.error(`tiergate-edge: the JWKS binding is not a key set (${error.message}); tokens count as invalid`);
    return undefined;
  }
}

function base64url(text) {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
