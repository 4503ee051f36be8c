/**
 * A route's request limit: `limit` requests per `period`, with bursts up to `burst`, counted
 * separately per client key. The twin of `dev.tiergate.policy.RateLimitSpec`, as a plain
 * description: the edge worker does not apply rate limits (the gateway does), but reads them so that
 * it knows which routes use a token's subject.
 */
export class RateLimitSpec {
  /**
   * @param {number} limit requests refilled every period
   * @param {number} period the refill period, in seconds (the compiled document has it in milliseconds)
   * @param {number} burst the bucket's capacity (at least `limit`)
   * @param {string} by one of {@link RateLimitSpec.By}: what identifies a client
   * @param {string} header the header name when `by` is `header`, else empty
   * @param {boolean} [shared] whether every gateway instance counts against the same limit
   */
  constructor(limit, period, burst, by, header, shared = false) {
    if (!Object.values(By).includes(by)) {
      throw new Error(`by: "${by}" (expected one of: ${Object.values(By).join(", ")})`);
    }
    /** @type {number} */
    this.limit = limit;
    /** @type {number} seconds */
    this.period = period;
    /** @type {number} */
    this.burst = burst;
    /** @type {string} one of {@link RateLimitSpec.By} */
    this.by = by;
    /** @type {string} */
    this.header = header;
    /** @type {boolean} */
    this.shared = shared;
    Object.freeze(this);
  }
}

/** What identifies a client for counting, spelt as in the policy and the compiled document. */
const By = Object.freeze({
  /** The connection's address. */
  CLIENT_IP: "client-ip",
  /** The verified JWT's `sub` claim (anonymous requests share one bucket per address). */
  JWT_SUBJECT: "jwt-subject",
  /** A request header's value. */
  HEADER: "header",
});

RateLimitSpec.By = By;
