/** Longest request target accepted; longer ones get 414. */
const MAX_TARGET_LENGTH = 8192;
/** Longest Host accepted. */
const MAX_HOST_LENGTH = 255;

/** A rejected request: its status and reason. The twin of the record `RequestTarget.Rejection`. */
class Rejection {
  /**
   * @param {number} status
   * @param {string} reason
   */
  constructor(status, reason) {
    /** @readonly */
    this.status = status;
    /** @readonly */
    this.reason = reason;
    Object.freeze(this);
  }

  /**
   * Component-wise equality, as Java records have.
   *
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return other instanceof Rejection && other.status === this.status && other.reason === this.reason;
  }
}

/**
 * Checks a request before it can reach a cache key: a malformed target or Host is a client error (400/414),
 * never a key that could poison or collide with others. The twin of the gateway's
 * `dev.tiergate.http.RequestTarget`.
 */
export const RequestTarget = Object.freeze({
  /** Longest request target accepted; longer ones get 414. */
  MAX_TARGET_LENGTH,
  /** Longest Host accepted. */
  MAX_HOST_LENGTH,
  /** The record `RequestTarget.Rejection`: `new RequestTarget.Rejection(status, reason)`. */
  Rejection,

  /**
   * Undefined when the request may proceed. Lengths count UTF-16 code units, as Java's String.length does.
   *
   * @param {string} target the request target as sent
   * @param {string | undefined} host the Host field, undefined when absent
   * @returns {Rejection | undefined}
   */
  check(target, host) {
    if (target.length > MAX_TARGET_LENGTH) {
      return new Rejection(414, "request target longer than " + MAX_TARGET_LENGTH + " characters");
    }
    if (!target.startsWith("/")) {
      return new Rejection(400, 'request target must be in origin form (start with "/")');
    }
    if (hasControlOrSpace(target)) {
      return new Rejection(400, "request target contains control characters or spaces");
    }
    if (host === undefined || host.length === 0) {
      return new Rejection(400, "missing Host");
    }
    if (host.length > MAX_HOST_LENGTH || !HOST.test(host)) {
      return new Rejection(400, "invalid Host");
    }
    return undefined;
  },
});

/** Java's `matches("[A-Za-z0-9.\\-:\\[\\]_]+")`, which must match the whole value. */
const HOST = /^[A-Za-z0-9.\-:[\]_]+$/;

function hasControlOrSpace(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) {
      return true;
    }
  }
  return false;
}
