import { javaIsBlank } from "../lang/JavaText.js";
import { CacheControl } from "./CacheControl.js";

/** This cache's own targeted field. */
const TIERGATE_CACHE_CONTROL = "Tiergate-Cache-Control";
/** The field every CDN cache obeys (RFC 9213 §3.1). */
const CDN_CACHE_CONTROL = "CDN-Cache-Control";

/** Directives whose argument is delta-seconds, which RFC 9213 §2.1 maps to a non-negative Integer. */
const INTEGER_DIRECTIVES = new Set(["max-age", "s-maxage", "stale-while-revalidate", "stale-if-error"]);

/** Where the effective directives came from: the twin of the record `TargetedCacheControl.Selection`. */
class Selection {
  /**
   * @param {CacheControl} directives
   * @param {string | undefined} targetedField the targeted field that applies, undefined for Cache-Control
   */
  constructor(directives, targetedField) {
    /** @readonly */
    this.directives = directives;
    /** @readonly */
    this.targetedField = targetedField;
    Object.freeze(this);
  }

  /**
   * True when a targeted field applies, so that `Expires` must be ignored.
   *
   * @returns {boolean}
   */
  isTargeted() {
    return this.targetedField !== undefined;
  }

  /**
   * Component-wise equality, as Java records have (CacheControl compares by identity there too).
   *
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return (
      other instanceof Selection && other.directives === this.directives && other.targetedField === this.targetedField
    );
  }
}

/**
 * Chooses the cache directives that apply to this cache (RFC 9213): the twin of the gateway's
 * `dev.tiergate.http.TargetedCacheControl`.
 *
 * "the cache MUST select the first (in target list order) field with a valid, non-empty value ... and it MUST
 * ignore the Cache-Control and Expires header fields in that response, unless no valid, non-empty value is
 * available from the listed header fields" (§2.2). Targeted fields are Structured Field Dictionaries
 * (RFC 8941); one that does not parse is ignored as a whole.
 */
export const TargetedCacheControl = Object.freeze({
  /** This cache's own targeted field. */
  TIERGATE_CACHE_CONTROL,
  /** The field every CDN cache obeys (RFC 9213 §3.1). */
  CDN_CACHE_CONTROL,
  /** The target list, most specific first. */
  TARGET_LIST: Object.freeze([TIERGATE_CACHE_CONTROL, CDN_CACHE_CONTROL]),

  /** The record `TargetedCacheControl.Selection`: `new TargetedCacheControl.Selection(directives, targetedField)`. */
  Selection,

  /**
   * The directives that govern storing and reusing this response in this cache.
   *
   * @param {Headers} responseHeaders
   * @returns {Selection}
   */
  select(responseHeaders) {
    for (const field of TargetedCacheControl.TARGET_LIST) {
      const value = responseHeaders.combined(field);
      if (value === undefined) {
        continue;
      }
      // A valid, non-empty value is selected even when none of its members survive (e.g. "no-store=?0"):
      // the field still targets this cache, so Cache-Control and Expires stay ignored.
      // (Java's isBlank: a dictionary that parses is blank only when it is all spaces, but the test is kept.)
      const parsed = TargetedCacheControl.parseDictionary(value);
      if (parsed !== undefined && !javaIsBlank(value)) {
        return new Selection(parsed, field);
      }
    }
    return new Selection(CacheControl.parse(responseHeaders.combined("Cache-Control")), undefined);
  },

  /**
   * Parses a Structured Field Dictionary into directives; undefined when the syntax is invalid. Booleans become
   * valueless directives (`?0` removes the member), integers become delta-seconds, strings and tokens keep
   * their text; parameters are ignored. A delta-seconds directive whose value is not a non-negative Integer
   * (a String, a Decimal, a Token) makes the field invalid: "Implementations SHOULD NOT consume values that
   * violate these inferred constraints" (§2.1). Package-private on the Java side.
   *
   * @param {string} fieldValue
   * @returns {CacheControl | undefined}
   */
  parseDictionary(fieldValue) {
    const directives = new Map();
    const parser = new Parser(fieldValue);
    parser.skipSpaces();
    if (parser.atEnd()) {
      return CacheControl.EMPTY;
    }
    for (;;) {
      const key = parser.key();
      if (key === undefined) {
        return undefined;
      }
      let value;
      let present = true;
      let nonNegativeInteger = false;
      if (parser.peek() === "=") {
        parser.advance();
        const item = parser.bareItem();
        if (item === undefined) {
          return undefined;
        }
        // A String such as "60" has a quote here and a Decimal a dot: neither is an Integer. (Java's
        // allMatch is true for an empty item; only an empty String can be one, and the quote rules it out.)
        nonNegativeInteger = /^[0-9]*$/.test(item) && parser.previous() !== '"';
        if (item === "?1") {
          value = undefined;
        } else if (item === "?0") {
          value = undefined;
          present = false;
        } else {
          value = item;
        }
      } else {
        value = undefined;
      }
      if (INTEGER_DIRECTIVES.has(key) && !nonNegativeInteger) {
        return undefined;
      }
      if (!parser.skipParameters()) {
        return undefined;
      }
      // In a Structured Field Dictionary the last occurrence of a key wins (RFC 8941 §4.2.2).
      directives.delete(key);
      if (present) {
        directives.set(key, value);
      }
      parser.skipOptionalWhitespace();
      if (parser.atEnd()) {
        return CacheControl.of(directives);
      }
      if (parser.peek() !== ",") {
        return undefined;
      }
      parser.advance();
      parser.skipOptionalWhitespace();
      if (parser.atEnd()) {
        return undefined;
      }
    }
  },
});

/**
 * A cursor over a field value implementing the subset of RFC 8941 a dictionary needs. Characters are one-char
 * strings, compared as UTF-16 code units like Java chars; `peek` gives "\0" at the end, as the Java does.
 */
class Parser {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
    this.position = 0;
  }

  atEnd() {
    return this.position >= this.text.length;
  }

  peek() {
    return this.atEnd() ? "\0" : this.text.charAt(this.position);
  }

  advance() {
    this.position++;
  }

  previous() {
    return this.position === 0 ? "\0" : this.text.charAt(this.position - 1);
  }

  skipSpaces() {
    while (!this.atEnd() && this.peek() === " ") {
      this.position++;
    }
  }

  skipOptionalWhitespace() {
    while (!this.atEnd() && (this.peek() === " " || this.peek() === "\t")) {
      this.position++;
    }
  }

  /** @returns {string | undefined} */
  key() {
    const first = this.peek();
    if (!((first >= "a" && first <= "z") || first === "*")) {
      return undefined;
    }
    const start = this.position;
    while (!this.atEnd()) {
      const c = this.peek();
      if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "_" || c === "-" || c === "." || c === "*") {
        this.position++;
      } else {
        break;
      }
    }
    return this.text.substring(start, this.position);
  }

  /**
   * A bare item as text: integers and decimals as written, strings unescaped, booleans as ?0/?1.
   *
   * @returns {string | undefined}
   */
  bareItem() {
    const first = this.peek();
    if (first === "-" || (first >= "0" && first <= "9")) {
      return this.number();
    }
    if (first === '"') {
      return this.string();
    }
    if (first === "?") {
      this.advance();
      const bool = this.peek();
      if (bool === "0" || bool === "1") {
        this.advance();
        return "?" + bool;
      }
      return undefined;
    }
    if ((first >= "a" && first <= "z") || (first >= "A" && first <= "Z") || first === "*") {
      return this.token();
    }
    return undefined;
  }

  number() {
    const start = this.position;
    if (this.peek() === "-") {
      this.position++;
    }
    let digits = 0;
    let decimal = false;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c >= "0" && c <= "9") {
        digits++;
        this.position++;
      } else if (c === "." && !decimal) {
        decimal = true;
        this.position++;
      } else {
        break;
      }
    }
    if (digits === 0 || digits > 15 || this.text.charAt(this.position - 1) === ".") {
      return undefined;
    }
    return this.text.substring(start, this.position);
  }

  string() {
    this.advance();
    let value = "";
    while (!this.atEnd()) {
      const c = this.peek();
      this.advance();
      if (c === "\\") {
        const escaped = this.peek();
        if (escaped !== '"' && escaped !== "\\") {
          return undefined;
        }
        value += escaped;
        this.advance();
      } else if (c === '"') {
        return value;
      } else if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7e) {
        return undefined;
      } else {
        value += c;
      }
    }
    return undefined;
  }

  token() {
    const start = this.position;
    while (!this.atEnd()) {
      const c = this.peek();
      const code = c.charCodeAt(0);
      if ((code > 0x20 && code < 0x7f && '"(),;<=>?@[\\]{}'.indexOf(c) < 0) || c === ":" || c === "/") {
        this.position++;
      } else {
        break;
      }
    }
    return this.text.substring(start, this.position);
  }

  skipParameters() {
    while (this.peek() === ";") {
      this.advance();
      this.skipSpaces();
      if (this.key() === undefined) {
        return false;
      }
      if (this.peek() === "=") {
        this.advance();
        if (this.bareItem() === undefined) {
          return false;
        }
      }
    }
    return true;
  }
}
