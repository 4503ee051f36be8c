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
   * @param {string | undefined} tier which of this cache's tiers held the stored response the member is about
   *     (`CacheStatus.TIER_L1`, `CacheStatus.TIER_L2`); undefined when no stored response was used, or for a
   *     cache of one tier
   */
  constructor(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, detail, tier) {
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
    /** @readonly */
    this.tier = tier;
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
    return new CacheStatus(true, undefined, undefined, ttlSeconds, false, false, detail ?? undefined, undefined);
  }

  /**
   * A forward for the given reason, before the origin has answered.
   *
   * @param {string} reason
   * @param {string | undefined | null} detail null or undefined for none (Java's Optional.ofNullable)
   * @returns {CacheStatus}
   */
  static forward(reason, detail) {
    return new CacheStatus(false, reason, undefined, undefined, false, false, detail ?? undefined, undefined);
  }

  /**
   * Once the origin has answered, its status joins the member.
   *
   * @param {number} status
   * @returns {CacheStatus}
   */
  withForwardStatus(status) {
    return new CacheStatus(
      this.hit,
      this.forward,
      status,
      this.ttlSeconds,
      this.stored,
      this.collapsed,
      this.detail,
      this.tier,
    );
  }

  /**
   * Storing the response also fixes its ttl in this cache.
   *
   * @param {number} ttl
   * @returns {CacheStatus}
   */
  withStored(ttl) {
    return new CacheStatus(
      this.hit,
      this.forward,
      this.forwardStatus,
      ttl,
      true,
      this.collapsed,
      this.detail,
      this.tier,
    );
  }

  /**
   * A ttl without storing, e.g. for a stale entry served after a failed revalidation.
   *
   * @param {number} ttl
   * @returns {CacheStatus}
   */
  withTtl(ttl) {
    return new CacheStatus(
      this.hit,
      this.forward,
      this.forwardStatus,
      ttl,
      this.stored,
      this.collapsed,
      this.detail,
      this.tier,
    );
  }

  /**
   * Marks a request that shared another request's origin fetch.
   *
   * @returns {CacheStatus}
   */
  withCollapsed() {
    return new CacheStatus(
      this.hit,
      this.forward,
      this.forwardStatus,
      this.ttlSeconds,
      this.stored,
      true,
      this.detail,
      this.tier,
    );
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
      this.tier,
    );
  }

  /**
   * The tier the stored response came from.
   *
   * @param {string | undefined | null} newTier null or undefined removes the tier (Optional.ofNullable)
   * @returns {CacheStatus}
   */
  withTier(newTier) {
    return new CacheStatus(
      this.hit,
      this.forward,
      this.forwardStatus,
      this.ttlSeconds,
      this.stored,
      this.collapsed,
      this.detail,
      newTier ?? undefined,
    );
  }

  /**
   * The field member under a cache's name, e.g. `Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60`.
   * Parameters come in a fixed order, so that both implementations write byte-identical members: RFC 9211's
   * own first (`hit, fwd, fwd-status, stored, collapsed, ttl, detail`), then this cache's extension, `tier`.
   * Java's `format()` and `format(String name)` are this one method with an optional argument.
   *
   * @param {string} [name] the member's name, an RFC 8941 token (`CacheStatus.isValidName`);
   *     `CacheStatus.CACHE_NAME` by default
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
    if (this.tier !== undefined) {
      member += "; tier=" + this.tier;
    }
    return member;
  }

  /**
   * True when `name` can name a cache in the field. RFC 9211 §2: members are identified by an sf-token or
   * an sf-string; this cache writes tokens only, which RFC 8941 §3.3.4 defines as
   * `( ALPHA / "*" ) *( tchar / ":" / "/" )`.
   *
   * @param {string | undefined | null} name
   * @returns {boolean}
   */
  static isValidName(name) {
    if (typeof name !== "string" || name.length === 0 || !(isAlpha(name.charAt(0)) || name.charAt(0) === "*")) {
      return false;
    }
    for (let i = 1; i < name.length; i++) {
      const c = name.charAt(i);
      if (!isAlpha(c) && !(c >= "0" && c <= "9") && !TOKEN_SYMBOLS.includes(c)) {
        return false;
      }
    }
    return true;
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
      other.detail === this.detail &&
      other.tier === this.tier
    );
  }
}

/** What an RFC 8941 token may hold after its first character, besides letters and digits (RFC 9110 tchar, ":" and "/"). */
const TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~:/";

/** RFC 5234 ALPHA: ASCII letters only. */
function isAlpha(c) {
  return (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");
}

/** The member name when the policy names none (`server.cacheStatusName`). */
CacheStatus.CACHE_NAME = "Tiergate";
/** The field name. */
CacheStatus.FIELD = "Cache-Status";
/** The `tier` of a stored response found in the instance's own memory. */
CacheStatus.TIER_L1 = "l1";
/** The `tier` of a stored response found in the region's shared Redis. */
CacheStatus.TIER_L2 = "l2";
