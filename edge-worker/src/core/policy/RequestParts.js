import { javaParseInt } from "../lang/JavaText.js";

/**
 * Splitting and normalising the parts of a request that go into a cache key: path (RFC 3986 §6.2.2
 * normalisation), query parameters and cookies. The twin of `dev.tiergate.policy.RequestParts`.
 */

/**
 * One query parameter as it appeared, percent-encoding normalised: the twin of the Java record
 * `RequestParts.Parameter`.
 */
class Parameter {
  /**
   * @param {string} name the name, percent-encoding normalised (not decoded)
   * @param {string} value the value, likewise; empty when there is none
   * @param {boolean} hasValue whether the member had an `=` (`a=` has an empty value, `a` has none)
   */
  constructor(name, value, hasValue) {
    /** @type {string} */
    this.name = name;
    /** @type {string} */
    this.value = value;
    /** @type {boolean} */
    this.hasValue = hasValue;
    Object.freeze(this);
  }

  /**
   * The member as it goes back into a query string.
   * @returns {string}
   */
  text() {
    return this.hasValue ? `${this.name}=${this.value}` : this.name;
  }

  /**
   * Record equality, as the Java record has it.
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return (
      other instanceof Parameter &&
      other.name === this.name &&
      other.value === this.value &&
      other.hasValue === this.hasValue
    );
  }
}

/**
 * The path of a request target (before `?`).
 * @param {string} target
 * @returns {string}
 */
function path(target) {
  const query = target.indexOf("?");
  return query < 0 ? target : target.substring(0, query);
}

/**
 * The raw query of a request target, empty when it has none.
 * @param {string} target
 * @returns {string}
 */
function rawQuery(target) {
  const query = target.indexOf("?");
  return query < 0 ? "" : target.substring(query + 1);
}

/**
 * The normalised path: percent-encodings upper-cased, unreserved characters decoded and dot segments
 * removed — changes that do not alter what the path identifies.
 * @param {string} text
 * @returns {string}
 */
function normalisePath(text) {
  return removeDotSegments(normalisePercentEncoding(text));
}

/**
 * Query parameters in order, percent-encoding normalised; empty members dropped.
 * @param {string} query the raw query, without `?`
 * @returns {Parameter[]}
 */
function parameters(query) {
  const result = [];
  if (query.length === 0) {
    return result;
  }
  for (const member of query.split("&")) {
    if (member.length === 0) {
      continue;
    }
    const equals = member.indexOf("=");
    const name = normalisePercentEncoding(equals < 0 ? member : member.substring(0, equals));
    const value = equals < 0 ? "" : normalisePercentEncoding(member.substring(equals + 1));
    result.push(new Parameter(name, value, equals >= 0));
  }
  return result;
}

/**
 * Joins parameters back into a query string.
 * @param {ReadonlyArray<Parameter>} list
 * @returns {string}
 */
function join(list) {
  return list.map((parameter) => parameter.text()).join("&");
}

/**
 * The decoded value of the first query parameter whose decoded name is `name`; undefined when none is.
 * @param {ReadonlyArray<Parameter>} list
 * @param {string} name
 * @returns {string | undefined}
 */
function parameter(list, name) {
  for (const candidate of list) {
    if (decode(candidate.name) === name) {
      return decode(candidate.value);
    }
  }
  return undefined;
}

/**
 * Cookies of a request's Cookie fields; the first of a repeated name wins.
 * @param {ReadonlyArray<string>} cookieFields the values of every Cookie field line, in order
 * @returns {Map<string, string>} name to value, in order of first appearance
 */
function cookies(cookieFields) {
  const result = new Map();
  for (const field of cookieFields) {
    for (const pair of field.split(";")) {
      const equals = pair.indexOf("=");
      if (equals > 0) {
        const name = trimOws(pair.substring(0, equals));
        if (!result.has(name)) {
          result.set(name, unquote(trimOws(pair.substring(equals + 1))));
        }
      }
    }
  }
  return result;
}

/**
 * Strips spaces and tabs only: `trim()` would also drop control characters and let "a\u0000" pass for "a".
 * @param {string} text
 * @returns {string}
 */
function trimOws(text) {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === " " || text[start] === "\t")) {
    start++;
  }
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) {
    end--;
  }
  return text.substring(start, end);
}

function unquote(value) {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.substring(1, value.length - 1)
    : value;
}

/**
 * Percent-encodings of unreserved characters decoded, the others upper-cased; malformed ones left alone.
 * @param {string} text
 * @returns {string}
 */
function normalisePercentEncoding(text) {
  if (!text.includes("%")) {
    return text;
  }
  let normalised = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "%" && i + 2 < text.length && isHex(text[i + 1]) && isHex(text[i + 2])) {
      const decoded = parseInt(text.substring(i + 1, i + 3), 16);
      if (isUnreserved(decoded)) {
        normalised += String.fromCharCode(decoded);
      } else {
        normalised += "%" + text[i + 1].toUpperCase() + text[i + 2].toUpperCase();
      }
      i += 2;
    } else {
      normalised += c;
    }
  }
  return normalised;
}

/**
 * Full percent-decoding, `+` as a space (for reading values such as segment parameters). The text
 * comes back as is when a `%` is not followed by two hex digits, as `java.net.URLDecoder` refuses it.
 * @param {string} text
 * @returns {string}
 */
function decode(text) {
  if (!text.includes("%") && !text.includes("+")) {
    return text;
  }
  const decoded = urlDecode(text);
  return decoded === undefined ? text : decoded;
}

function isHex(c) {
  return (c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
}

function isUnreserved(c) {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e
  );
}

/**
 * RFC 3986 §5.2.4.
 * @param {string} text
 * @returns {string}
 */
function removeDotSegments(text) {
  if (!text.includes(".")) {
    return text;
  }
  const segments = text.split("/");
  const output = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === ".") {
      if (last) {
        output.push("");
      }
    } else if (segment === "..") {
      // The first entry is the empty string before the leading "/": ".." never climbs above the root.
      if (output.length > 1) {
        output.pop();
      }
      if (last) {
        output.push("");
      }
    } else {
      output.push(segment);
    }
  }
  const result = output.join("/");
  return result.startsWith("/") ? result : "/" + result;
}

// --- java.net.URLDecoder.decode(text, UTF_8), quirks included -----------------------------------
// A segment read from the query must be the same audience on the gateway and at the edge, so the
// decoder repeats Java's, down to what it accepts as hex digits and how it replaces bad UTF-8.

/** The decoded text, or undefined where URLDecoder throws IllegalArgumentException. */
function urlDecode(text) {
  let decoded = "";
  let i = 0;
  const length = text.length;
  while (i < length) {
    let c = text[i];
    if (c === "+") {
      decoded += " ";
      i++;
    } else if (c === "%") {
      const bytes = [];
      while (i + 2 < length && c === "%") {
        // Integer.parseInt(s, i + 1, i + 3, 16): a sign and one digit parse too ("%-1" is refused below as
        // negative, "%+1" is byte 1), and so does any script's decimal digit.
        const value = javaParseInt(text.substring(i + 1, i + 3), 16);
        if (value === undefined || value < 0) {
          return undefined;
        }
        bytes.push(value & 0xff);
        i += 3;
        if (i < length) {
          c = text[i];
        }
      }
      if (i < length && c === "%") {
        // An incomplete trailing escape.
        return undefined;
      }
      decoded += decodeUtf8(bytes);
    } else {
      decoded += c;
      i++;
    }
  }
  return decoded;
}

/**
 * UTF-8 bytes to text as Java's `new String(bytes, UTF_8)` does: each malformed sequence becomes one
 * U+FFFD, with the sequence lengths of Java's decoder (which differ from TextDecoder's, for example
 * for an encoded surrogate: one replacement in Java, three in TextDecoder).
 */
function decodeUtf8(bytes) {
  let text = "";
  let i = 0;
  const length = bytes.length;
  const isContinuation = (b) => (b & 0xc0) === 0x80;
  while (i < length) {
    const b1 = bytes[i];
    const remaining = length - i;
    if (b1 < 0x80) {
      text += String.fromCharCode(b1);
      i++;
    } else if ((b1 & 0xe0) === 0xc0 && (b1 & 0x1e) !== 0) {
      if (remaining < 2) {
        text += REPLACEMENT;
        break;
      }
      const b2 = bytes[i + 1];
      if (!isContinuation(b2)) {
        text += REPLACEMENT;
        i++;
        continue;
      }
      text += String.fromCharCode(((b1 & 0x1f) << 6) | (b2 & 0x3f));
      i += 2;
    } else if ((b1 & 0xf0) === 0xe0) {
      if (remaining < 3) {
        text += REPLACEMENT;
        if (remaining > 1 && isMalformed3Start(b1, bytes[i + 1])) {
          i++;
          continue;
        }
        break;
      }
      const b2 = bytes[i + 1];
      const b3 = bytes[i + 2];
      if (isMalformed3Start(b1, b2) || !isContinuation(b3)) {
        text += REPLACEMENT;
        i += isMalformed3Start(b1, b2) ? 1 : 2;
        continue;
      }
      const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      text += c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : String.fromCharCode(c);
      i += 3;
    } else if ((b1 & 0xf8) === 0xf0) {
      if (remaining < 4) {
        text += REPLACEMENT;
        if (b1 > 0xf4 || (remaining > 1 && isMalformed4Start(b1, bytes[i + 1]))) {
          i++;
          continue;
        }
        if (remaining > 2 && !isContinuation(bytes[i + 2])) {
          i += 2;
          continue;
        }
        break;
      }
      const b2 = bytes[i + 1];
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      const c = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
      if (!isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4) || c < 0x10000 || c > 0x10ffff) {
        text += REPLACEMENT;
        i += b1 > 0xf4 || isMalformed4Start(b1, b2) ? 1 : !isContinuation(b3) ? 2 : 3;
        continue;
      }
      text += String.fromCodePoint(c);
      i += 4;
    } else {
      text += REPLACEMENT;
      i++;
    }
  }
  return text;
}

const REPLACEMENT = "\ufffd";

/** A first and second byte that no three-byte sequence starts with (overlong, or no continuation). */
function isMalformed3Start(b1, b2) {
  return (b1 === 0xe0 && (b2 & 0xe0) === 0x80) || (b2 & 0xc0) !== 0x80;
}

/** A first and second byte that no four-byte sequence starts with (overlong, beyond U+10FFFF, or no continuation). */
function isMalformed4Start(b1, b2) {
  return (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || (b2 & 0xc0) !== 0x80;
}

/** The functions of the Java class, by the same names. */
export const RequestParts = Object.freeze({
  Parameter,
  path,
  rawQuery,
  normalisePath,
  parameters,
  join,
  parameter,
  cookies,
  trimOws,
  normalisePercentEncoding,
  decode,
  removeDotSegments,
});
