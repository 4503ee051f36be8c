import { CacheControl } from "../http/CacheControl.js";
import { CurrentAge } from "../http/CurrentAge.js";
import { Headers } from "../http/Headers.js";
import { Generations } from "./Generations.js";

/**
 * A response held by a cache tier, with everything its reuse depends on computed at store time: the
 * twin of `dev.tiergate.cache.StoredResponse`.
 */
export class StoredResponse {
  /**
   * @param {number} status the response status
   * @param {Headers} headers the stored fields (hop-by-hop and Set-Cookie removed)
   * @param {Uint8Array} body the complete body
   * @param {number} responseTime when the response (or the 304 that last freshened it) arrived, epoch milliseconds
   * @param {number} initialAgeSeconds the corrected initial age (RFC 9111 §4.2.3)
   * @param {number} lifetimeSeconds the freshness lifetime
   * @param {number} staleWhileRevalidateSeconds how long after expiry it may be served while refreshing
   * @param {number} staleIfErrorSeconds how long after expiry it may be served when the origin fails
   * @param {CacheControl} directives the response directives that governed storing, kept for reuse rules
   * @param {Iterable<string>} varyFields the request fields the response varies on, lower case
   * @param {string} secondaryKey the normalised values of those fields in the request that stored it
   * @param {Iterable<string>} tags purge tags
   * @param {Generations} [generations] the purge generations it was stored under; `Generations.NONE` when
   *     not stamped yet
   * @param {number} [fetchMillis] how long the origin fetch (or revalidation) that produced it took, for early
   *     refresh (XFetch's delta); 0 when unknown
   */
  constructor(
    status,
    headers,
    body,
    responseTime,
    initialAgeSeconds,
    lifetimeSeconds,
    staleWhileRevalidateSeconds,
    staleIfErrorSeconds,
    directives,
    varyFields,
    secondaryKey,
    tags,
    generations = Generations.NONE,
    fetchMillis = 0,
  ) {
    if (fetchMillis < 0) {
      throw new Error(`fetchMillis: ${fetchMillis} (expected: >= 0)`);
    }
    /** @type {number} */
    this.status = status;
    /** @type {Headers} */
    this.headers = headers;
    /** @type {Uint8Array} */
    this.body = body;
    /** @type {number} */
    this.responseTime = responseTime;
    /** @type {number} */
    this.initialAgeSeconds = initialAgeSeconds;
    /** @type {number} */
    this.lifetimeSeconds = lifetimeSeconds;
    /** @type {number} */
    this.staleWhileRevalidateSeconds = staleWhileRevalidateSeconds;
    /** @type {number} */
    this.staleIfErrorSeconds = staleIfErrorSeconds;
    /** @type {CacheControl} */
    this.directives = directives;
    /** @type {ReadonlyArray<string>} */
    this.varyFields = Object.freeze([...varyFields]);
    /** @type {string} */
    this.secondaryKey = secondaryKey;
    /** @type {ReadonlySet<string>} */
    this.tags = new Set(tags);
    /** @type {Generations} */
    this.generations = generations;
    /** @type {number} */
    this.fetchMillis = fetchMillis;
    Object.freeze(this);
  }

  /**
   * A copy stamped with `stamp`.
   *
   * @param {Generations} stamp
   * @returns {StoredResponse}
   */
  withGenerations(stamp) {
    return this.#copy(this.lifetimeSeconds, stamp, this.fetchMillis);
  }

  /**
   * A copy recording that its fetch took `millis`.
   *
   * @param {number} millis
   * @returns {StoredResponse}
   */
  withFetchMillis(millis) {
    return this.#copy(this.lifetimeSeconds, this.generations, millis);
  }

  /**
   * A copy that is no longer fresh at `now` (a soft purge): its lifetime ends at its current age, so the
   * stale windows count from now and the Decider serves it only as stale (stale-while-revalidate) or
   * revalidates it. Returns this response when it is already stale.
   *
   * @param {number} now epoch milliseconds
   * @returns {StoredResponse}
   */
  asExpired(now) {
    const age = this.ageSeconds(now);
    if (this.lifetimeSeconds <= age) {
      return this;
    }
    return this.#copy(age, this.generations, this.fetchMillis);
  }

  /**
   * The entry's current age at `now`, in whole seconds.
   *
   * @param {number} now epoch milliseconds
   * @returns {number}
   */
  ageSeconds(now) {
    return CurrentAge.currentAgeSeconds(this.initialAgeSeconds, this.responseTime, now);
  }

  /**
   * Remaining freshness at `now`; zero or negative once stale.
   *
   * @param {number} now epoch milliseconds
   * @returns {number}
   */
  ttlSeconds(now) {
    return this.lifetimeSeconds - this.ageSeconds(now);
  }

  /**
   * True when a revalidation can be conditional.
   *
   * @returns {boolean}
   */
  hasValidators() {
    return this.headers.contains("ETag") || this.headers.contains("Last-Modified");
  }

  /**
   * An approximate memory footprint, used to weigh entries; the same number the gateway computes.
   *
   * @returns {number}
   */
  sizeBytes() {
    return (
      this.body.length + this.headers.sizeBytes() + this.secondaryKey.length + 128 + 48 * this.generations.tags.size
    );
  }

  #copy(lifetimeSeconds, generations, fetchMillis) {
    return new StoredResponse(
      this.status,
      this.headers,
      this.body,
      this.responseTime,
      this.initialAgeSeconds,
      lifetimeSeconds,
      this.staleWhileRevalidateSeconds,
      this.staleIfErrorSeconds,
      this.directives,
      this.varyFields,
      this.secondaryKey,
      this.tags,
      generations,
      fetchMillis,
    );
  }

  /**
   * The entry as plain JSON data, for the edge Cache API (the gateway's binary `EntryCodec` has no twin
   * here). The body is kept apart from the metadata: as base64 in `body` by default, or left out with
   * `{ withBody: false }` so that the caller can store the bytes as the cached response's body and the
   * metadata in a header.
   *
   * @param {StoredResponse} entry
   * @param {{ withBody?: boolean }} [options]
   * @returns {object} `{ v: 1, status, headers, responseTime, ..., fetchMillis, body? }`
   */
  static toObject(entry, { withBody = true } = {}) {
    const object = {
      v: StoredResponse.SERIALIZATION_VERSION,
      status: entry.status,
      headers: entry.headers.entries().map(([name, value]) => [name, value]),
      responseTime: entry.responseTime,
      initialAgeSeconds: entry.initialAgeSeconds,
      lifetimeSeconds: entry.lifetimeSeconds,
      staleWhileRevalidateSeconds: entry.staleWhileRevalidateSeconds,
      staleIfErrorSeconds: entry.staleIfErrorSeconds,
      // Name and argument pairs (null: no argument) rather than Cache-Control text: the directives may come
      // from a targeted field, and pairs give back exactly the same directives whatever their text.
      directives: [...entry.directives.directives()].map(([name, value]) => [name, value ?? null]),
      varyFields: [...entry.varyFields],
      secondaryKey: entry.secondaryKey,
      tags: [...entry.tags],
      generations: {
        all: entry.generations.all,
        route: entry.generations.route,
        routeGeneration: entry.generations.routeGeneration,
        family: entry.generations.family,
        tags: [...entry.generations.tags].map(([tag, generation]) => [tag, generation]),
      },
      fetchMillis: entry.fetchMillis,
    };
    if (withBody) {
      object.body = toBase64(entry.body);
    }
    return object;
  }

  /**
   * The entry `toObject` wrote. Throws an Error for an unknown version or anything malformed, so that a
   * value written by another version of the worker is treated as absent by the caller, never half-read.
   *
   * @param {object} object what `toObject` returned (after a JSON round trip, say)
   * @param {Uint8Array | ArrayBuffer} [body] the body, when it was kept apart; otherwise `object.body` is read
   * @returns {StoredResponse}
   */
  static fromObject(object, body) {
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      throw new Error("StoredResponse: invalid serialization (expected: an object)");
    }
    if (object.v !== StoredResponse.SERIALIZATION_VERSION) {
      throw new Error(
        `StoredResponse: unknown serialization version ${JSON.stringify(object.v)}` +
          ` (expected: ${StoredResponse.SERIALIZATION_VERSION})`,
      );
    }
    const generations = object.generations;
    if (generations === null || typeof generations !== "object") {
      throw invalid("generations");
    }
    const directives = pairs(object.directives, "directives", isStringOrNull).map(([name, value]) => [
      name,
      value ?? undefined,
    ]);
    return new StoredResponse(
      integer(object, "status"),
      new Headers(pairs(object.headers, "headers", isString)),
      bodyOf(object, body),
      integer(object, "responseTime"),
      integer(object, "initialAgeSeconds"),
      integer(object, "lifetimeSeconds"),
      integer(object, "staleWhileRevalidateSeconds"),
      integer(object, "staleIfErrorSeconds"),
      CacheControl.of(new Map(directives)),
      strings(object.varyFields, "varyFields"),
      string(object, "secondaryKey"),
      strings(object.tags, "tags"),
      new Generations(
        integer(generations, "all"),
        string(generations, "route"),
        integer(generations, "routeGeneration"),
        integer(generations, "family"),
        pairs(generations.tags, "generations.tags", Number.isSafeInteger),
      ),
      integer(object, "fetchMillis"),
    );
  }
}

/** The only layout `toObject` writes and `fromObject` reads; a new layout gets a new number. */
StoredResponse.SERIALIZATION_VERSION = 1;

function invalid(field) {
  return new Error(`StoredResponse: invalid serialization (${field})`);
}

function isString(value) {
  return typeof value === "string";
}

function isStringOrNull(value) {
  return value === null || isString(value);
}

function integer(object, field) {
  if (!Number.isSafeInteger(object[field])) {
    throw invalid(field);
  }
  return object[field];
}

function string(object, field) {
  if (!isString(object[field])) {
    throw invalid(field);
  }
  return object[field];
}

function strings(values, field) {
  if (!Array.isArray(values) || !values.every(isString)) {
    throw invalid(field);
  }
  return values;
}

/** [string, value] pairs whose values pass `isValue`. */
function pairs(values, field, isValue) {
  const valid =
    Array.isArray(values) &&
    values.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]) && isValue(pair[1]));
  if (!valid) {
    throw invalid(field);
  }
  return values.map(([name, value]) => [name, value]);
}

function bodyOf(object, body) {
  if (body instanceof Uint8Array) {
    return body;
  }
  if (body instanceof ArrayBuffer) {
    return new Uint8Array(body);
  }
  if (body !== undefined) {
    throw new Error("StoredResponse: body (expected: a Uint8Array or an ArrayBuffer)");
  }
  if (!isString(object.body)) {
    throw new Error("StoredResponse: no body (expected: a body argument, or object.body in base64)");
  }
  return fromBase64(object.body);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Map([...BASE64].map((c, i) => [c, i]));

/** Standard base64 with padding (RFC 4648 §4), without btoa so that the core uses no runtime global. */
function toBase64(bytes) {
  const chunks = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const remaining = bytes.length - i;
    const n = (bytes[i] << 16) | ((remaining > 1 ? bytes[i + 1] : 0) << 8) | (remaining > 2 ? bytes[i + 2] : 0);
    chunk += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    chunk += remaining > 1 ? BASE64[(n >> 6) & 63] : "=";
    chunk += remaining > 2 ? BASE64[n & 63] : "=";
    // Joining bounded chunks keeps a multi-megabyte body from becoming one deep string rope.
    if (chunk.length >= 16384) {
      chunks.push(chunk);
      chunk = "";
    }
  }
  chunks.push(chunk);
  return chunks.join("");
}

/** The bytes of strict, padded base64; anything else is an Error. */
function fromBase64(text) {
  if (text.length % 4 !== 0) {
    throw invalid("body");
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text[i + j];
      const value = last && c === "=" && j >= 4 - padding ? 0 : BASE64_VALUES.get(c);
      if (value === undefined) {
        throw invalid("body");
      }
      n = (n << 6) | value;
    }
    bytes[out++] = (n >> 16) & 255;
    if (out < bytes.length) {
      bytes[out++] = (n >> 8) & 255;
    }
    if (out < bytes.length) {
      bytes[out++] = n & 255;
    }
  }
  return bytes;
}
