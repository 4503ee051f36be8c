/**
 * One member of the `Cache-Status` field (RFC 9211) describing what this cache did: the twin of the
 * gateway's `dev.tiergate.http.CacheStatus` record.
 *
 * Immutable, like the record: every `with...` method returns a new value.
 */
export class CacheStatus {
  /**
   * The record's canonical constructor; Java's empty Optionals are `undefined` here.
   *
   * @param {boolean} hit the response was served from cache without contacting the origin
   * @param {string | undefined} forward why the request went to the origin (`uri-miss`, `vary-miss`, `stale`,
   *     `request`, `bypass`, `method`, `miss`); undefined on a hit
   * @param {number | undefined} forwardStatus the status the origin answered with, when it was contacted
   * @param {number | undefined} ttlSeconds remaining freshness of the response in this cache (negative when stale)
   * @param {boolean} stored the response was stored
   * @param {boolean} collapsed the request shared another request's origin fetch
   * @param {string | undefined} detail the reason code
   */
  constructor(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, detail) {
    /** @readonly */
    this.hit = hit;
    /** @readonly */
    this.forward = forward;
    /** @readonly */
    this.forwardStatus = forwardStatus;
    /** @readonly */
    this.ttlSeconds = ttlSeconds;
    /** @readonly */
    this.stored = stored;
    /** @readonly */
    this.collapsed = collapsed;
    /** @readonly */
    this.detail = detail;
    Object.freeze(this);
  }

  /**
   * A hit with its remaining freshness.
   *
   * @param {number} ttlSeconds
   * @param {string | undefined | null} detail null or undefined for none (Java's Optional.ofNullable)
   * @returns {CacheStatus}
   */
  static hit(ttlSeconds, detail) {
    return new CacheStatus(true, undefined, undefined, ttlSeconds, false, false, detail ?? undefined);
  }

  /**
   * A forward for the given reason, before the origin has answered.
   *
   * @param {string} reason
   * @param {string | undefined | null} detail null or undefined for none (Java's Optional.ofNullable)
   * @returns {CacheStatus}
   */
  static forward(reason, detail) {
    return new CacheStatus(false, reason, undefined, undefined, false, false, detail ?? undefined);
  }

  /**
   * Once the origin has answered, its status joins the member.
   *
   * @param {number} status
   * @returns {CacheStatus}
   */
  withForwardStatus(status) {
    return new CacheStatus(this.hit, this.forward, status, this.ttlSeconds, this.stored, this.collapsed, this.detail);
  }

  /**
   * Storing the response also fixes its ttl in this cache.
   *
   * @param {number} ttl
   * @returns {CacheStatus}
   */
  withStored(ttl) {
    return new CacheStatus(this.hit, this.forward, this.forwardStatus, ttl, true, this.collapsed, this.detail);
  }

  /**
   * A ttl without storing, e.g. for a stale entry served after a failed revalidation.
   *
   * @param {number} ttl
   * @returns {CacheStatus}
   */
  withTtl(ttl) {
    return new CacheStatus(this.hit, this.forward, this.forwardStatus, ttl, this.stored, this.collapsed, this.detail);
  }

  /**
   * Marks a request that shared another request's origin fetch.
   *
   * @returns {CacheStatus}
   */
  withCollapsed() {
    return new CacheStatus(this.hit, this.forward, this.forwardStatus, this.ttlSeconds, this.stored, true, this.detail);
  }

  /**
   * @param {string | undefined | null} newDetail null or undefined removes the detail (Optional.ofNullable)
   * @returns {CacheStatus}
   */
  withDetail(newDetail) {
    return new CacheStatus(
      this.hit,
      this.forward,
      this.forwardStatus,
      this.ttlSeconds,
      this.stored,
      this.collapsed,
      newDetail ?? undefined,
    );
  }

  /**
   * The field member, e.g. `Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60`; parameters come in
   * this fixed order so that both implementations write byte-identical members.
   *
   * @param {string} [name] the cache's member name (an RFC 8941 token), `CacheStatus.CACHE_NAME` by default
   * @returns {string}
   */
  format(name = CacheStatus.CACHE_NAME) {
    let member = name;
    if (this.hit) {
      member += "; hit";
    }
    if (this.forward !== undefined) {
      member += "; fwd=" + this.forward;
    }
    if (this.forwardStatus !== undefined) {
      member += "; fwd-status=" + this.forwardStatus;
    }
    if (this.stored) {
      member += "; stored";
    }
    if (this.collapsed) {
      member += "; collapsed";
    }
    if (this.ttlSeconds !== undefined) {
      member += "; ttl=" + this.ttlSeconds;
    }
    if (this.detail !== undefined) {
      member += "; detail=" + this.detail;
    }
    return member;
  }

  /**
   * Component-wise equality, as Java records have.
   *
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return (
      other instanceof CacheStatus &&
      other.hit === this.hit &&
      other.forward === this.forward &&
      other.forwardStatus === this.forwardStatus &&
      other.ttlSeconds === this.ttlSeconds &&
      other.stored === this.stored &&
      other.collapsed === this.collapsed &&
      other.detail === this.detail
    );
  }
}

/** The cache's identifier in the field. */
CacheStatus.CACHE_NAME = "Tiergate";
/** The field name. */
CacheStatus.FIELD = "Cache-Status";
