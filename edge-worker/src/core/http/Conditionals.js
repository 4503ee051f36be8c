import { javaTrim } from "../lang/JavaText.js";
import { Headers } from "./Headers.js";
import { HttpDates } from "./HttpDates.js";

/** Response fields that describe the body and must not travel on a 304. */
const BODY_FIELDS = ["Content-Length", "Transfer-Encoding", "Content-Range"];
/**
 * Fields of a 304 that never update a shared entry: the fields that describe the stored bytes (the body
 * fields, and Content-Encoding and Content-MD5, which a 304 cannot change for a body it does not carry:
 * "fields that the cache's stored response depends upon", RFC 9111 §3.2), personal state that a shared
 * cache does not keep (the entry was stored without it), and Age, which is recomputed rather than stored.
 */
const NOT_FRESHENED_FIELDS = [
  "Content-Length",
  "Transfer-Encoding",
  "Content-Range",
  "Content-Encoding",
  "Content-MD5",
  "Set-Cookie",
  "Set-Cookie2",
  "Age",
];

/**
 * Conditional requests: answering a client's validators from a stored response (RFC 9111 §4.3.2, RFC 9110 §13)
 * and building the validators of a revalidation (§4.3.1). The twin of the gateway's
 * `dev.tiergate.http.Conditionals`.
 */
export const Conditionals = Object.freeze({
  /**
   * True when the client's conditional request is satisfied by the stored response, so the cache answers 304.
   * If-None-Match takes precedence; If-Modified-Since is evaluated only without it (RFC 9110 §13.2.2) and only
   * for GET and HEAD; without a stored Last-Modified, the stored Date stands in for it (RFC 9111 §4.3.2).
   *
   * @param {string} method
   * @param {Headers} requestHeaders
   * @param {number} storedStatus
   * @param {Headers} storedHeaders
   * @returns {boolean}
   */
  notModified(method, requestHeaders, storedStatus, storedHeaders) {
    if (!(method === "GET" || method === "HEAD") || storedStatus !== 200) {
      return false;
    }
    const ifNoneMatch = requestHeaders.combined("If-None-Match");
    if (ifNoneMatch !== undefined) {
      return Conditionals.matchesAny(ifNoneMatch, storedHeaders.first("ETag"));
    }
    const ifModifiedSince = HttpDates.parse(requestHeaders.first("If-Modified-Since"));
    // An invalid Last-Modified falls back to Date as well, as the Java's Optional.or does.
    const lastModified =
      HttpDates.parse(storedHeaders.first("Last-Modified")) ?? HttpDates.parse(storedHeaders.first("Date"));
    if (ifModifiedSince !== undefined && lastModified !== undefined) {
      return !(lastModified > ifModifiedSince);
    }
    return false;
  },

  /**
   * True when the request carries a validator a cache could answer.
   *
   * @param {Headers} requestHeaders
   * @returns {boolean}
   */
  isConditional(requestHeaders) {
    return requestHeaders.contains("If-None-Match") || requestHeaders.contains("If-Modified-Since");
  },

  /**
   * Weak comparison of an If-None-Match list against an entity tag (RFC 9110 §8.8.3.2); "*" matches any stored
   * representation, with or without an entity tag (RFC 9110 §13.1.2). Package-private on the Java side.
   *
   * @param {string} ifNoneMatch
   * @param {string | undefined} etag
   * @returns {boolean}
   */
  matchesAny(ifNoneMatch, etag) {
    if (javaTrim(ifNoneMatch) === "*") {
      return true;
    }
    if (etag === undefined) {
      return false;
    }
    const opaque = opaqueTag(etag);
    for (const candidate of split(ifNoneMatch, ",")) {
      if (opaqueTag(candidate) === opaque) {
        return true;
      }
    }
    return false;
  },

  /**
   * The validators a revalidation sends for a stored response (§4.3.1); empty when it has none.
   *
   * @param {Headers} storedHeaders
   * @returns {Headers}
   */
  validators(storedHeaders) {
    const validators = Headers.builder();
    const etag = storedHeaders.first("ETag");
    if (etag !== undefined) {
      validators.add("If-None-Match", etag);
    }
    const lastModified = storedHeaders.first("Last-Modified");
    if (lastModified !== undefined) {
      validators.add("If-Modified-Since", lastModified);
    }
    return validators.build();
  },

  /**
   * Whether a 304 from the origin applies to the stored response: "If the new response contains a strong
   * validator ... then that strong validator identifies the selected representation ... If none of the stored
   * responses contain the same strong validator, then the cache MUST NOT use the new response to update any
   * stored responses" (§4.3.4). A weak entity tag selects by weak comparison.
   *
   * @param {Headers} storedHeaders
   * @param {Headers} notModifiedHeaders
   * @returns {boolean}
   */
  notModifiedSelects(storedHeaders, notModifiedHeaders) {
    const newEtag = notModifiedHeaders.first("ETag");
    const storedEtag = storedHeaders.first("ETag");
    if (newEtag !== undefined) {
      if (storedEtag === undefined) {
        return false;
      }
      if (isWeak(newEtag)) {
        return opaqueTag(newEtag) === opaqueTag(storedEtag);
      }
      return !isWeak(storedEtag) && javaTrim(newEtag) === javaTrim(storedEtag);
    }
    const newLastModified = notModifiedHeaders.first("Last-Modified");
    const storedLastModified = storedHeaders.first("Last-Modified");
    if (newEtag === undefined && newLastModified !== undefined && storedLastModified !== undefined) {
      // Optional equality in Java: two invalid dates are equal too.
      return HttpDates.parse(newLastModified) === HttpDates.parse(storedLastModified);
    }
    return true;
  },

  /**
   * The stored fields updated by a 304 (§3.2): every field of the 304 replaces the stored one, except the fields
   * that describe the stored body (its length, range, content coding and digest), and the fields a shared entry
   * never keeps (Set-Cookie, Set-Cookie2, Age). The response to the client that triggered the revalidation still
   * gets the 304's Set-Cookie from the caller; later clients must not.
   *
   * @param {Headers} storedHeaders
   * @param {Headers} notModifiedHeaders
   * @returns {Headers}
   */
  freshen(storedHeaders, notModifiedHeaders) {
    const updated = storedHeaders.toBuilder();
    const replacing = notModifiedHeaders.without(...NOT_FRESHENED_FIELDS);
    for (const [name] of replacing.entries()) {
      updated.remove(name);
    }
    for (const [name, value] of replacing.entries()) {
      updated.add(name, value);
    }
    return updated.build();
  },

  /**
   * The fields of a 304 generated from a stored response.
   *
   * @param {Headers} storedHeaders
   * @returns {Headers}
   */
  notModifiedHeaders(storedHeaders) {
    return storedHeaders.without(...BODY_FIELDS);
  },
});

function opaqueTag(etag) {
  const trimmed = javaTrim(etag);
  return isWeak(trimmed) ? trimmed.substring(2) : trimmed;
}

function isWeak(etag) {
  return javaTrim(etag).startsWith("W/");
}

/**
 * Java's String.split with a one-char separator: trailing empty strings are dropped, so "a," is one candidate
 * and "," none, while "" stays [""]. JavaScript's split keeps them, and an empty candidate matches an empty
 * ETag.
 */
function split(text, separator) {
  const parts = text.split(separator);
  if (parts.length === 1) {
    return parts;
  }
  let size = parts.length;
  while (size > 0 && parts[size - 1].length === 0) {
    size--;
  }
  return parts.slice(0, size);
}
