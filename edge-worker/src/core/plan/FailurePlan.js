/**
 * What a client gets when the origin could not answer a cacheable fetch (RFC 5861 §4). The twin of
 * `dev.tiergate.plan.FailurePlan`.
 */
export class FailurePlan {}

/** Within `stale-if-error`: the stored response, marked as such. */
class ServeStale extends FailurePlan {
  constructor(entry, cacheStatus) {
    super();
    this.entry = entry;
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/** No stored response may be used: the origin's error status, or 502 / 503 / 504 for a fault. */
class Fail extends FailurePlan {
  /** @param {number} status the status the client gets */
  constructor(status, cacheStatus) {
    super();
    this.status = status;
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

FailurePlan.ServeStale = ServeStale;
FailurePlan.Fail = Fail;
