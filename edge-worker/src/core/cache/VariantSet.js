import { AcceptEncoding } from "../http/AcceptEncoding.js";
import { Headers } from "../http/Headers.js";
import { VaryMatch } from "../http/VaryMatch.js";
import { CacheRequest } from "./CacheRequest.js";
import { StorePlan } from "./StorePlan.js";
import { StoredResponse } from "./StoredResponse.js";

/**
 * The stored responses for one primary key, one per secondary (Vary) key: the twin of
 * `dev.tiergate.cache.VariantSet`.
 *
 * A URI whose responses vary keeps its variants together so that invalidating the URI removes all of
 * them at once and a miss can tell a `vary-miss` from a `uri-miss`.
 */
export class VariantSet {
  /** @param {Iterable<StoredResponse>} variants stored responses, most recently stored last */
  constructor(variants) {
    /** @type {ReadonlyArray<StoredResponse>} */
    this.variants = Object.freeze([...variants]);
    Object.freeze(this);
  }

  /**
   * A set holding one response.
   *
   * @param {StoredResponse} entry
   * @returns {VariantSet}
   */
  static of(entry) {
    return new VariantSet([entry]);
  }

  /**
   * The stored response for the request's policy variant (segment, keyed fields) whose Vary values match
   * the request's (RFC 9111 §4.1); given bare request headers, for a request without policy variants.
   *
   * @param {CacheRequest | Headers} request
   * @returns {StoredResponse | undefined}
   */
  match(request) {
    if (request instanceof Headers) {
      return this.match(new CacheRequest("GET", request));
    }
    // Newest first: a variant stored later replaces an older one with the same key.
    for (let i = this.variants.length - 1; i >= 0; i--) {
      const candidate = this.variants[i];
      const key = VaryMatch.secondaryKey(candidate.varyFields, request.headers);
      if (
        key !== undefined &&
        request.variant + key === candidate.secondaryKey &&
        encodingAcceptable(candidate, request)
      ) {
        return candidate;
      }
    }
    return undefined;
  }

  /**
   * A copy with `entry` replacing the variant it selects; the oldest variant goes when full.
   *
   * @param {StoredResponse} entry
   * @returns {VariantSet}
   */
  with(entry) {
    const updated = this.variants.filter(
      (existing) => existing.secondaryKey !== entry.secondaryKey || !sameStrings(existing.varyFields, entry.varyFields),
    );
    updated.push(entry);
    while (updated.length > VariantSet.MAX_VARIANTS) {
      updated.shift();
    }
    return new VariantSet(updated);
  }

  /**
   * How long a tier should keep the set: as long as its longest-lived variant.
   *
   * @param {number} now epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule
   * @returns {number} seconds
   */
  retentionSeconds(now, rule) {
    let longest = 0;
    for (const variant of this.variants) {
      longest = Math.max(longest, StorePlan.retentionSeconds(variant, now, rule));
    }
    return longest;
  }

  /**
   * The set's approximate memory footprint.
   *
   * @returns {number}
   */
  sizeBytes() {
    let size = 64;
    for (const variant of this.variants) {
      size += variant.sizeBytes();
    }
    return size;
  }

  /**
   * The set as plain JSON data: `{ v: 1, variants: [...] }`, each variant as `StoredResponse.toObject`
   * writes it (bodies in base64, or left out with `{ withBody: false }`).
   *
   * @param {VariantSet} set
   * @param {{ withBody?: boolean }} [options]
   * @returns {object}
   */
  static toObject(set, options = {}) {
    return {
      v: VariantSet.SERIALIZATION_VERSION,
      variants: set.variants.map((variant) => StoredResponse.toObject(variant, options)),
    };
  }

  /**
   * The set `toObject` wrote; an Error for an unknown version or anything malformed.
   *
   * @param {object} object
   * @param {ReadonlyArray<Uint8Array | ArrayBuffer>} [bodies] the variants' bodies in order, when kept apart
   * @returns {VariantSet}
   */
  static fromObject(object, bodies) {
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      throw new Error("VariantSet: invalid serialization (expected: an object)");
    }
    if (object.v !== VariantSet.SERIALIZATION_VERSION) {
      throw new Error(
        `VariantSet: unknown serialization version ${JSON.stringify(object.v)}` +
          ` (expected: ${VariantSet.SERIALIZATION_VERSION})`,
      );
    }
    if (!Array.isArray(object.variants)) {
      throw new Error("VariantSet: invalid serialization (variants)");
    }
    if (bodies !== undefined && bodies.length !== object.variants.length) {
      throw new Error(`VariantSet: ${bodies.length} bodies for ${object.variants.length} variants`);
    }
    return new VariantSet(
      object.variants.map((variant, i) =>
        StoredResponse.fromObject(variant, bodies === undefined ? undefined : bodies[i]),
      ),
    );
  }
}

/** Bound on variants per URI, so a client cannot grow one key without limit by varying a field. */
VariantSet.MAX_VARIANTS = 32;

/** The only layout `toObject` writes and `fromObject` reads. */
VariantSet.SERIALIZATION_VERSION = 1;

/** Java's `List.equals` for lists of strings. */
function sameStrings(a, b) {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Accept-Encoding is matched by class (`AcceptEncoding.normalise`): a client in the class may still refuse the
 * coding the origin chose for another member of it, and must then not be served that variant.
 *
 * @param {StoredResponse} candidate
 * @param {CacheRequest} request
 * @returns {boolean}
 */
function encodingAcceptable(candidate, request) {
  return (
    !candidate.varyFields.includes("accept-encoding") ||
    AcceptEncoding.accepts(request.headers.combined("Accept-Encoding"), candidate.headers.combined("Content-Encoding"))
  );
}
