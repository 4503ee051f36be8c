import { CacheStatus } from "../http/CacheStatus.js";
import { readOnlySet } from "../lang/Collections.js";
import { javaParseLong, javaTrim } from "../lang/JavaText.js";
import { CacheRequest } from "./CacheRequest.js";
import { Decider } from "./Decider.js";
import { Revalidation } from "./Revalidation.js";
import { StorePlan } from "./StorePlan.js";

/**
 * What the cache does with the origin's answer to a fetch it made for the cache (a GET, conditional when
 * the stored entry has validators), decided once the response head has arrived and before any of its body
 * is read: the twin of the sealed interface `dev.tiergate.cache.OriginAnswer`. Pure: the gateway, the
 * conformance evaluator and the edge worker all take this decision from `plan`, and only carry it out.
 *
 * Each outcome is a subclass (`OriginAnswer.Freshened`, ...) told apart with `instanceof`; `cacheStatus`
 * is a record component in every one of them, so here it is a property (on a `Decision` it is a method).
 */
export class OriginAnswer {
  /**
   * Decides what the origin's answer turns into.
   *
   * @param {CacheRequest} client the client's request (its directives govern stale-if-error; its variant the
   *     entry's key)
   * @param {import("../http/Headers.js").Headers} sentFields the client fields the origin was sent: Vary is
   *     matched against these, since a field that was withheld could not have shaped the response
   * @param {import("./StoredResponse.js").StoredResponse | undefined} stored the stored entry the fetch
   *     revalidates, if any
   * @param {boolean} conditional the fetch carried the stored entry's validators
   * @param {number} status the origin's status
   * @param {import("../http/Headers.js").Headers} headers the origin's fields, hop-by-hop fields removed
   * @param {number} knownLength the body length known from the head (`declaredLength`), or -1 when unknown
   * @param {number} requestTime when the origin request was sent, epoch milliseconds
   * @param {number} responseTime when the origin response arrived, epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule the route's cache rule
   * @param {CacheStatus} fetchStatus the Cache-Status the fetch was made with (the decision's, perhaps collapsed)
   * @returns {OriginAnswer}
   */
  static plan(
    client,
    sentFields,
    stored,
    conditional,
    status,
    headers,
    knownLength,
    requestTime,
    responseTime,
    rule,
    fetchStatus,
  ) {
    if (status === 304 && conditional) {
      if (stored === undefined) {
        // Java's orElseThrow: a conditional fetch always revalidates a stored entry.
        throw new Error("No value present");
      }
      // RFC 9111 §4.3.3: a 304 to a conditional request freshens the stored response it selects
      // (§4.3.4); when it selects none, "the cache MUST NOT use the 304 ... to update" and the full
      // response is fetched instead.
      const freshened = Revalidation.freshen(stored, headers, requestTime, responseTime, rule);
      if (freshened === undefined) {
        return new RefetchUnconditionally(fetchStatus);
      }
      // RFC 9111 §3.1: Set-Cookie is personal state, kept out of the shared entry but due to this client.
      const cookies = headers.filter((name) => {
        const lower = name.toLowerCase();
        return lower === "set-cookie" || lower === "set-cookie2";
      });
      return new Freshened(
        freshened,
        cookies,
        fetchStatus.withForwardStatus(304).withStored(freshened.ttlSeconds(responseTime)),
      );
    }
    if (
      OriginAnswer.STALE_IF_ERROR_STATUSES.has(status) &&
      stored !== undefined &&
      Decider.mayServeStaleOnError(stored, client.directives(), responseTime)
    ) {
      // RFC 5861 §4: within stale-if-error, a 500, 502, 503 or 504 may be answered with the stale response.
      return new ServeStaleOnError(
        stored,
        OriginAnswer.staleIfErrorStatus(stored, fetchStatus, status, responseTime),
        status,
      );
    }
    // RFC 9111 §3: the origin was asked for a GET (a HEAD miss fetches the GET too), so the response is
    // stored as the answer to one, with Vary (§4.1) matched against the fields actually sent.
    const fetched = new CacheRequest("GET", sentFields, client.variant);
    const preview = StorePlan.plan(fetched, status, headers, new Uint8Array(0), requestTime, responseTime, rule, []);
    const forwarded = fetchStatus.withForwardStatus(status);
    if (preview.storable() && knownLength <= rule.maxObjectBytes) {
      const entry = preview.entry;
      return new Collect(entry, rule.maxObjectBytes, forwarded.withStored(entry.ttlSeconds(responseTime)));
    }
    // RFC 9111 §3: a cache MAY store a response it is allowed to; larger bodies than the route's limit are not.
    // A Storability.Reason is its own code (Java's Reason.code()).
    const reason = preview.storable() ? OriginAnswer.TOO_LARGE : preview.reason;
    return new Forward(reason, forwarded.withDetail(reason), status >= 500);
  }

  /**
   * The Cache-Status of a stale entry served because the origin failed (RFC 5861 §4).
   *
   * @param {import("./StoredResponse.js").StoredResponse} stale
   * @param {CacheStatus} fetchStatus the Cache-Status the fetch was made with; only whether it was collapsed
   *     and the tier the stale entry came from are kept
   * @param {number} forwardStatus the origin's status, or 0 when it did not answer
   * @param {number} now epoch milliseconds
   * @returns {CacheStatus}
   */
  static staleIfErrorStatus(stale, fetchStatus, forwardStatus, now) {
    let served = CacheStatus.forward("stale", "stale-if-error")
      .withTtl(stale.ttlSeconds(now))
      .withTier(fetchStatus.tier);
    if (forwardStatus > 0) {
      served = served.withForwardStatus(forwardStatus);
    }
    return fetchStatus.collapsed ? served.withCollapsed() : served;
  }

  /**
   * The response's Content-Length, -1 without one; one that does not parse counts as unboundedly large
   * (`OriginAnswer.UNBOUNDED_LENGTH`, Java's Long.MAX_VALUE).
   *
   * @param {import("../http/Headers.js").Headers} headers
   * @returns {number}
   */
  static declaredLength(headers) {
    const value = headers.first("Content-Length");
    if (value === undefined) {
      return -1;
    }
    // Long.parseLong(value.trim()), whose NumberFormatException the Java catches as Long.MAX_VALUE.
    const length = javaParseLong(javaTrim(value));
    return length === undefined ? OriginAnswer.UNBOUNDED_LENGTH : Number(length);
  }
}

/**
 * A 304 freshened the stored entry: store it and serve it.
 */
class Freshened extends OriginAnswer {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} entry the freshened entry (RFC 9111 §4.3.4)
   * @param {import("../http/Headers.js").Headers} clientFields the 304's fields meant for this client only
   *     (its cookies), never stored
   * @param {CacheStatus} cacheStatus
   */
  constructor(entry, clientFields, cacheStatus) {
    super();
    this.entry = entry;
    this.clientFields = clientFields;
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/**
 * A 304 that selects no stored response (another strong validator): fetch the full response
 * unconditionally; nothing is answered yet.
 */
class RefetchUnconditionally extends OriginAnswer {
  /** @param {CacheStatus} cacheStatus the Cache-Status the unconditional fetch starts from (the fetch's own) */
  constructor(cacheStatus) {
    super();
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/**
 * The origin answered with an error status while the stored entry is inside `stale-if-error`: serve the
 * entry; waiters share the failure.
 */
class ServeStaleOnError extends OriginAnswer {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} entry
   * @param {CacheStatus} cacheStatus
   * @param {number} failedStatus the origin's status, also the status the failure is shared with
   */
  constructor(entry, cacheStatus, failedStatus) {
    super();
    this.entry = entry;
    this.cacheStatus = cacheStatus;
    this.failedStatus = failedStatus;
    Object.freeze(this);
  }
}

/**
 * Stream the response to the client while collecting its body for storing; the entry stored is planned
 * again on the complete body (`StorePlan.plan`). A body that outgrows `maxBytes` is not stored.
 */
class Collect extends OriginAnswer {
  /**
   * @param {import("./StoredResponse.js").StoredResponse} preview the entry as planned from the response head
   *     (empty body, no tags)
   * @param {number} maxBytes the most body bytes collected
   * @param {CacheStatus} cacheStatus
   */
  constructor(preview, maxBytes, cacheStatus) {
    super();
    this.preview = preview;
    this.maxBytes = maxBytes;
    this.cacheStatus = cacheStatus;
    Object.freeze(this);
  }
}

/**
 * Stream the response to the client without storing it.
 */
class Forward extends OriginAnswer {
  /**
   * @param {string} reason why it is not stored: a Storability reason code or `too-large`
   * @param {CacheStatus} cacheStatus
   * @param {boolean} failsWaiters a 5xx: requests waiting on this fetch share it as a failure, so that they do
   *     not all retry a failing origin; otherwise they go to the origin themselves
   */
  constructor(reason, cacheStatus, failsWaiters) {
    super();
    this.reason = reason;
    this.cacheStatus = cacheStatus;
    this.failsWaiters = failsWaiters;
    Object.freeze(this);
  }
}

OriginAnswer.Freshened = Freshened;
OriginAnswer.RefetchUnconditionally = RefetchUnconditionally;
OriginAnswer.ServeStaleOnError = ServeStaleOnError;
OriginAnswer.Collect = Collect;
OriginAnswer.Forward = Forward;

/** Origin statuses after which a stored entry may be served under `stale-if-error` (RFC 5861 §4). */
OriginAnswer.STALE_IF_ERROR_STATUSES = readOnlySet([500, 502, 503, 504]);

/** The detail of a response that is not stored because its body is over the route's `maxObjectSize`. */
OriginAnswer.TOO_LARGE = "too-large";

/**
 * Java's Long.MAX_VALUE as the nearest number (2^63): what `declaredLength` gives for a Content-Length that
 * does not parse. Larger than any maxObjectBytes, so such a response is never collected.
 */
OriginAnswer.UNBOUNDED_LENGTH = 2 ** 63;

Object.freeze(OriginAnswer);
