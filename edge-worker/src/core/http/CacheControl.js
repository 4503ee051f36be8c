import { javaIsBlank, javaTrim } from "../lang/JavaText.js";

/**
 * Cache directives of one field (RFC 9111 §5.2), parsed leniently: the twin of the gateway's
 * `dev.tiergate.http.CacheControl`.
 *
 * Names are case-insensitive; when a directive repeats, the first occurrence wins (§4.2.1). Values may be
 * tokens or quoted strings: "recipients ... should accept both forms" (§5.2). A delta-seconds value that is
 * not a non-negative integer is kept as invalid so that freshness can treat it as stale, as §4.2.1 encourages.
 */
export class CacheControl {
  /** @type {Map<string, string | undefined>} directive name to its argument (undefined: no argument) */
  #directives;

  /**
   * Wraps already-parsed directives without copying them; callers outside this file use `parse` or `of`
   * (the Java constructor is private).
   *
   * @param {Map<string, string | undefined>} directives
   */
  constructor(directives) {
    this.#directives = directives;
    Object.freeze(this);
  }

  /**
   * Parses one or more combined Cache-Control field values; never fails. `undefined` and `null` stand for
   * an absent field (the Java side passes `null`).
   *
   * @param {string | undefined | null} fieldValue
   * @returns {CacheControl}
   */
  static parse(fieldValue) {
    if (fieldValue === undefined || fieldValue === null || javaIsBlank(fieldValue)) {
      return CacheControl.EMPTY;
    }
    const directives = new Map();
    for (const member of splitOutsideQuotes(fieldValue)) {
      const trimmed = javaTrim(member);
      if (trimmed.length === 0) {
        continue;
      }
      const equals = trimmed.indexOf("=");
      const name = javaTrim(equals < 0 ? trimmed : trimmed.substring(0, equals)).toLowerCase();
      if (name.length === 0) {
        continue;
      }
      const value = equals < 0 ? undefined : unquote(javaTrim(trimmed.substring(equals + 1)));
      // First occurrence wins (§4.2.1), like Java's putIfAbsent.
      if (!directives.has(name)) {
        directives.set(name, value);
      }
    }
    return directives.size === 0 ? CacheControl.EMPTY : new CacheControl(directives);
  }

  /**
   * Directives built from already-validated name/value pairs (used by targeted fields, which are parsed as
   * Structured Fields rather than leniently). Package-private on the Java side.
   *
   * @param {Map<string, string | undefined>} directives
   * @returns {CacheControl}
   */
  static of(directives) {
    return directives.size === 0 ? CacheControl.EMPTY : new CacheControl(new Map(directives));
  }

  /**
   * @param {string} directive a lower-case directive name
   * @returns {boolean}
   */
  has(directive) {
    return this.#directives.has(directive);
  }

  /**
   * The directive's argument, or undefined when the directive is absent or has no argument.
   *
   * @param {string} directive
   * @returns {string | undefined}
   */
  value(directive) {
    return this.#directives.get(directive);
  }

  /**
   * The directive's delta-seconds, or undefined when the directive is absent or invalid; see
   * `isInvalidDeltaSeconds`. Values over 2^31 are capped (§1.2.2).
   *
   * @param {string} directive
   * @returns {number | undefined}
   */
  deltaSeconds(directive) {
    const value = this.#directives.get(directive);
    if (value === undefined) {
      return undefined;
    }
    return CacheControl.parseDeltaSeconds(value);
  }

  /**
   * A delta-seconds value (`1*DIGIT`), capped at 2^31 (§1.2.2); undefined when the text is not one.
   * Leading zeros do not count towards the cap: `000000000060` is 60. Package-private on the Java side
   * (CurrentAge reads Age with it).
   *
   * @param {string} digits
   * @returns {number | undefined}
   */
  static parseDeltaSeconds(digits) {
    // ASCII digits only, as Java's `c >= '0' && c <= '9'`: no sign, no space, no other script's digits.
    if (digits.length === 0 || !/^[0-9]+$/.test(digits)) {
      return undefined;
    }
    const significant = digits.replace(/^0+(?=.)/, "");
    if (significant.length > 10) {
      return CacheControl.DELTA_SECONDS_CEILING;
    }
    // At most ten digits: exact as a JavaScript number, as Long.parseLong is exact on the Java side.
    return Math.min(Number.parseInt(significant, 10), CacheControl.DELTA_SECONDS_CEILING);
  }

  /**
   * True when the directive is present but its argument is not a delta-seconds value.
   *
   * @param {string} directive
   * @returns {boolean}
   */
  isInvalidDeltaSeconds(directive) {
    return this.has(directive) && this.deltaSeconds(directive) === undefined;
  }

  /** @returns {boolean} */
  isEmpty() {
    return this.#directives.size === 0;
  }

  /**
   * The directives in field order; a copy, so that a caller cannot change this immutable value (Java hands
   * out an unmodifiable map).
   *
   * @returns {Map<string, string | undefined>}
   */
  directives() {
    return new Map(this.#directives);
  }

  /**
   * The directives as a field value that parses back to the same directives (stored entries depend on it).
   *
   * @returns {string}
   */
  toString() {
    let text = "";
    for (const [name, value] of this.#directives) {
      if (text.length > 0) {
        text += ", ";
      }
      text += name;
      // A value that is not a token (a field list such as no-cache="a, b") is written as a quoted string,
      // so that parse(toString()) gives back the same directives.
      if (value !== undefined) {
        text += "=" + (TOKEN.test(value) ? value : '"' + value.replaceAll("\\", "\\\\").replaceAll('"', '\\"') + '"');
      }
    }
    return text;
  }
}

/** "the cache MUST consider the value to be 2147483648 (2^31)" for values it cannot represent (§1.2.2). */
CacheControl.DELTA_SECONDS_CEILING = 2_147_483_648;

/** No directives. */
CacheControl.EMPTY = new CacheControl(new Map());

/** RFC 9110 §5.6.2 token, as the Java regex `[!#$%&'*+.^_`|~0-9A-Za-z-]+` matches the whole value. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function splitOutsideQuotes(value) {
  const parts = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === "\\" && quoted && i + 1 < value.length) {
      current += c + value.charAt(++i);
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
    }
    if (c === "," && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value) {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    let unquoted = "";
    for (let i = 1; i < value.length - 1; i++) {
      let c = value.charAt(i);
      if (c === "\\" && i + 1 < value.length - 1) {
        c = value.charAt(++i);
      }
      unquoted += c;
    }
    return unquoted;
  }
  return value;
}
