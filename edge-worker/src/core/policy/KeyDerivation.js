import { AcceptEncoding } from "../http/AcceptEncoding.js";
import { sha256 as sha256Digest } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { javaUtf8Bytes } from "../lang/JavaText.js";
import { CacheKey } from "./CacheKey.js";
import { RequestParts } from "./RequestParts.js";
import { Segments } from "./Segments.js";

/** Longest canonical URL family. */
const MAX_CANONICAL_LENGTH = 8192;
/** Longest keyed header, cookie or segment value. */
const MAX_VALUE_LENGTH = 256;

/**
 * A key, or why the request cannot have one: the twin of the Java record `KeyDerivation.Result`.
 */
class Result {
  /**
   * @param {CacheKey | undefined} key the key; undefined when the request cannot have one
   * @param {string} problem why not (`key-too-long`, `invalid-key-header`, `invalid-key-cookie`); empty with a key
   */
  constructor(key, problem) {
    /** @type {CacheKey | undefined} */
    this.key = key;
    /** @type {string} */
    this.problem = problem;
    Object.freeze(this);
  }

  /**
   * @param {CacheKey} key
   * @returns {Result}
   */
  static of(key) {
    return new Result(key, "");
  }

  /**
   * @param {string} problem
   * @returns {Result}
   */
  static refused(problem) {
    return new Result(undefined, problem);
  }
}

/**
 * The key of a request.
 *
 * @param {import("./Route.js").Route} route the matched route
 * @param {ReadonlyMap<string, import("./SegmentDefinition.js").SegmentDefinition>} segments the
 *     policy's segment definitions
 * @param {string} host the Host field value
 * @param {string} target the request target in origin form
 * @param {import("../http/Headers.js").Headers} headers the request fields
 * @param {import("./TokenResult.js").TokenResult} token the verified bearer token, for JWT segments
 * @returns {Result}
 */
function derive(route, segments, host, target, headers, token) {
  const spec = route.key;
  const path = RequestParts.normalisePath(RequestParts.path(target));
  const all = RequestParts.parameters(RequestParts.rawQuery(target));
  const keyed = all.filter((parameter) => spec.query.keeps(RequestParts.decode(parameter.name)));
  // Array.prototype.sort is stable, as List.sort is: repeated names keep the client's order, which
  // can matter to the origin. The comparison is by UTF-16 code units, as String.compareTo's.
  const sorted = [...keyed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const query = RequestParts.join(sorted);
  const canonical = normaliseHost(host) + path + (query.length === 0 ? "" : "?" + query);
  if (canonical.length > MAX_CANONICAL_LENGTH) {
    return Result.refused("key-too-long");
  }
  let variant = "";
  for (const header of spec.headers) {
    const raw = headers.combined(header) ?? "";
    // Control characters are checked before whitespace is folded, so that "a\0" or "a\n" cannot pass for "a".
    let value = raw.replace(/[ \t]+/g, " ").replace(EDGE_SPACE, "");
    if (hasControlCharacter(raw.replaceAll("\t", " ")) || !isValidValue(value)) {
      return Result.refused("invalid-key-header");
    }
    if (header === "accept-encoding") {
      // One entry per class of codings, not per spelling (as in Vary matching).
      value = AcceptEncoding.normalise(headers.combined(header));
    }
    variant += `h:${header}=${value}\n`;
  }
  if (spec.cookies.length > 0) {
    const cookies = RequestParts.cookies(headers.all("Cookie"));
    for (const cookie of spec.cookies) {
      const value = cookies.get(cookie) ?? "";
      if (!isValidValue(value)) {
        return Result.refused("invalid-key-cookie");
      }
      variant += `c:${cookie}=${value}\n`;
    }
  }
  let segment = "";
  if (spec.segment !== undefined) {
    const definition = segments.get(spec.segment);
    if (definition === undefined) {
      // Java fails here with a NullPointerException; CompiledPolicy.read refuses such a policy first.
      throw new Error(`route "${route.name}" keys segment "${spec.segment}", which the policy does not define`);
    }
    segment = Segments.resolve(definition, headers, all, token);
    variant += `s:${definition.name}=${segment}\n`;
  }
  const forwardQuery = RequestParts.join(keyed);
  const forwardTarget = path + (forwardQuery.length === 0 ? "" : "?" + forwardQuery);
  return Result.of(new CacheKey(canonical, sha256(canonical), variant, segment, forwardTarget));
}

/**
 * Java's `replaceAll("^ | $", "")`: a space at the start, and one at the end, where Java's `$` also
 * matches before a final line terminator (JavaScript's `$` matches only at the very end).
 */
const EDGE_SPACE = /^ | (?=(?:\r\n|[\n\r\u0085\u2028\u2029])?$)/g;

/**
 * Lower case, without the default port, so `API.example.com:80` and `api.example.com` share entries.
 * @param {string} host
 * @returns {string}
 */
function normaliseHost(host) {
  const lower = host.toLowerCase();
  return lower.endsWith(":80") ? lower.substring(0, lower.length - 3) : lower;
}

function isValidValue(value) {
  return value.length <= MAX_VALUE_LENGTH && !hasControlCharacter(value);
}

function hasControlCharacter(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      return true;
    }
  }
  return false;
}

/**
 * The SHA-256 of the text's UTF-8 bytes, lower-case hex.
 * @param {string} text
 * @returns {string}
 */
function sha256(text) {
  return bytesToHex(sha256Digest(javaUtf8Bytes(text)));
}

/**
 * Derives the cache key of a request under a route's key rules. Key material is validated: a keyed
 * value that is too long or holds control characters makes the request uncacheable rather than a key
 * that could collide with or poison another. The twin of `dev.tiergate.policy.KeyDerivation`.
 */
export const KeyDerivation = Object.freeze({
  MAX_CANONICAL_LENGTH,
  MAX_VALUE_LENGTH,
  Result,
  derive,
  normaliseHost,
  sha256,
});
