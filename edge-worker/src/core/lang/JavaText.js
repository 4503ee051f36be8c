/**
 * The JDK 17 text behaviours the twins rely on: `String`, `Character`, `Integer`, `Long` and `Double`
 * methods whose JavaScript look-alikes answer differently (`String.prototype.trim` also strips U+00A0 and
 * U+2028, `Number.parseInt` accepts "12abc", `String(1e7)` is "10000000"). This file has no Java twin: the
 * Java side calls the JDK itself, and every function here names the one JDK method it reproduces.
 *
 * Strings are read the way Java reads them, one UTF-16 code unit (a Java `char`) at a time; where a function
 * takes a character it takes its code unit, as `text.charCodeAt(i)` gives it.
 */

/**
 * Java's `String.trim()`: strips every leading and trailing code unit up to U+0020, controls included
 * ("\u0000a\u001f" is "a"), and nothing above it: not U+0085, U+00A0, U+2028 or U+3000, which
 * `String.prototype.trim` would also strip. Not RFC 9110 OWS (space and tab only, `RequestParts.trimOws`),
 * and not `String.strip()` (Character.isWhitespace).
 *
 * @param {string} text
 * @returns {string}
 */
export function javaTrim(text) {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) {
    start++;
  }
  while (end > start && text.charCodeAt(end - 1) <= 0x20) {
    end--;
  }
  return text.substring(start, end);
}

/**
 * `Character.isWhitespace(char)` on JDK 17 (Unicode 13): U+0009 to U+000D, U+001C to U+001F, and the space,
 * line and paragraph separators (Zs, Zl, Zp) except the no-break ones (U+00A0, U+2007, U+202F). Not U+0085,
 * not U+180E (a format character since Unicode 6.3), not U+FEFF; U+0000 to U+0008 are not either, although
 * `javaTrim` strips them.
 */
const WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x205f, 0x3000,
]);

/**
 * `Character.isWhitespace(char)` on JDK 17; see `WHITESPACE` for the set.
 *
 * @param {number} code a UTF-16 code unit
 * @returns {boolean}
 */
export function javaIsWhitespace(code) {
  return WHITESPACE.has(code);
}

/**
 * Java's `String.isBlank()` (JDK 11+): empty, or nothing but `Character.isWhitespace` code points. That is
 * not trim's rule: "\u2003" is blank but "\u00a0" and "\u0001" are not, so `javaTrim(text) === ""` is no
 * substitute. (Every whitespace code point is in the BMP, so reading code units gives the same answer.)
 *
 * @param {string} text
 * @returns {boolean}
 */
export function javaIsBlank(text) {
  for (let i = 0; i < text.length; i++) {
    if (!WHITESPACE.has(text.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** `Character.isSpaceChar(char)` on JDK 17 (Unicode 13): the Zs, Zl and Zp characters, no-break ones included. */
const SPACE_CHARS = new Set([
  0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
  0x2029, 0x202f, 0x205f, 0x3000,
]);

/**
 * `Character.isSpaceChar(char)` on JDK 17: true for U+0020, U+00A0, U+1680, U+2000 to U+200A, U+2028,
 * U+2029, U+202F, U+205F and U+3000; false for the controls, tab and line feed included (unlike
 * `javaIsWhitespace`).
 *
 * @param {number} code a UTF-16 code unit
 * @returns {boolean}
 */
export function javaIsSpaceChar(code) {
  return SPACE_CHARS.has(code);
}

/**
 * Chars other than the ASCII letters that Java's `equalsIgnoreCase` takes for an ASCII letter: its rule is
 * `Character.toUpperCase` equal, or `Character.toLowerCase` of those equal. ı (U+0131) and ſ (U+017F)
 * upper-case to I and S; İ (U+0130) and the Kelvin sign (U+212A) lower-case to i and k.
 */
const FOLDS_TO_ASCII = new Map([
  [0x0130, 0x69],
  [0x0131, 0x69],
  [0x017f, 0x73],
  [0x212a, 0x6b],
]);

function asciiLower(code) {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/**
 * Java's `ascii.equalsIgnoreCase(other)` (JDK 17), exact when `ascii` is all ASCII, as a parsed host and port
 * always are: the same length, and each pair of chars equal after ASCII case folding or one of the four
 * non-ASCII chars that fold to an ASCII letter (see `FOLDS_TO_ASCII`). Comparing `toLowerCase()` results
 * instead would miss "ſ" for "s" and wrongly change the length for "İ". The answer for a non-ASCII `ascii`
 * is not Java's.
 *
 * @param {string} ascii text of ASCII characters only
 * @param {string} other any text
 * @returns {boolean}
 */
export function javaEqualsIgnoreCaseAscii(ascii, other) {
  if (ascii.length !== other.length) {
    return false;
  }
  for (let i = 0; i < ascii.length; i++) {
    const a = asciiLower(ascii.charCodeAt(i));
    const code = other.charCodeAt(i);
    const b = FOLDS_TO_ASCII.get(code) ?? asciiLower(code);
    if (a !== b) {
      return false;
    }
  }
  return true;
}

/** A Unicode decimal digit (general category Nd), which is what Character.isDigit tests. */
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * `Character.digit(char, int radix)` on JDK 17: the value of the char as a digit in `radix`, or -1. A digit is
 * any Unicode decimal digit (Nd: "٣" is 3, "３" is 3), or, with its value from 10, an ASCII or fullwidth
 * Latin letter ("a", "A", "ａ" and "Ａ" are 10); -1 when the value is not below `radix`, or `radix` is
 * outside 2 to 36. A lone surrogate is no digit.
 *
 * @param {number} code a UTF-16 code unit
 * @param {number} radix
 * @returns {number}
 */
export function javaDigit(code, radix) {
  if (!(radix >= 2 && radix <= 36)) {
    return -1;
  }
  let value = -1;
  if (code >= 0x30 && code <= 0x39) {
    value = code - 0x30;
  } else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    value = (code | 0x20) - 0x61 + 10;
  } else if ((code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a)) {
    value = (code >= 0xff41 ? code - 0xff41 : code - 0xff21) + 10;
  } else if (code >= 0x80 && DECIMAL_DIGIT.test(String.fromCharCode(code))) {
    // Unicode encodes each script's decimal digits as a run of ten from zero, so a digit's value is its place in
    // its run (counted modulo ten, should two runs ever touch).
    let place = 0;
    while (DECIMAL_DIGIT.test(String.fromCharCode(code - place - 1))) {
      place++;
    }
    value = place % 10;
  }
  return value < radix ? value : -1;
}

function checkRadix(radix) {
  if (!Number.isInteger(radix) || radix < 2 || radix > 36) {
    throw new RangeError(`radix ${radix} is outside 2 to 36`);
  }
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

/**
 * `Long.parseLong(String s, int radix)` on JDK 17 (and `Long.parseLong(String)` with the radix left out), or
 * undefined where it throws NumberFormatException: an optional "-" or "+" (JDK 7+), then at least one
 * `javaDigit` of `radix`, any script's decimal digits included, and a value in long range (-2^63 to 2^63 - 1).
 * No white space, no "0x", no suffix, nothing after the digits. So "+1" is 1, "-0" is 0, "٤٢" is 42, and
 * "9223372036854775808", "", "+", " 1", "1L" and "12abc" throw. The same accumulation as the JDK's, negatively
 * against a limit, so that it stops at the same digit. The value is a bigint, since a long is exact beyond
 * `Number.MAX_SAFE_INTEGER`.
 *
 * @param {string} text
 * @param {number} [radix] 2 to 36; 10 when omitted
 * @returns {bigint | undefined}
 * @throws {RangeError} for a radix outside 2 to 36 (Java throws NumberFormatException: a caller's bug)
 */
export function javaParseLong(text, radix = 10) {
  checkRadix(radix);
  const length = text.length;
  if (length === 0) {
    return undefined;
  }
  let i = 0;
  let negative = false;
  let limit = -LONG_MAX;
  const first = text.charCodeAt(0);
  if (first < 0x30) {
    if (first === 0x2d) {
      negative = true;
      limit = LONG_MIN;
    } else if (first !== 0x2b) {
      return undefined;
    }
    if (length === 1) {
      return undefined;
    }
    i++;
  }
  const bigRadix = BigInt(radix);
  // BigInt division truncates toward zero, as Java's long division does.
  const multmin = limit / bigRadix;
  let result = 0n;
  while (i < length) {
    const digit = javaDigit(text.charCodeAt(i++), radix);
    if (digit < 0 || result < multmin) {
      return undefined;
    }
    result *= bigRadix;
    const bigDigit = BigInt(digit);
    if (result < limit + bigDigit) {
      return undefined;
    }
    result -= bigDigit;
  }
  return negative ? result : -result;
}

/**
 * `Integer.parseInt(String s, int radix)` on JDK 17, or undefined where it throws NumberFormatException: the
 * rule of `javaParseLong` over the range of an int, -2^31 to 2^31 - 1. So "+1" is 1, "-0" is 0 (never -0),
 * "٤٢" is 42, and "2147483648", "", "+", " 1", "1 " and "12abc" throw, where `Number.parseInt` answers. A
 * text parses as an int exactly when it parses as a long whose value is in int range, since the two JDK
 * methods share their rules, so this reads it as a long.
 *
 * @param {string} text
 * @param {number} [radix] 2 to 36; 10 when omitted
 * @returns {number | undefined}
 * @throws {RangeError} for a radix outside 2 to 36 (Java throws NumberFormatException: a caller's bug)
 */
export function javaParseInt(text, radix = 10) {
  const value = javaParseLong(text, radix);
  return value === undefined || value < INT_MIN || value > INT_MAX ? undefined : Number(value);
}

/** Long.MIN_VALUE and Long.MAX_VALUE as bigints. */
export const JAVA_LONG_MIN = LONG_MIN;
export const JAVA_LONG_MAX = LONG_MAX;

/**
 * `Double.toString(double)`, as Java writes a double into a message ("0.0", "-0.0", "100.0", "0.5",
 * "1.0E7", "1.0E-4", "NaN", "-Infinity"): decimal notation with at least one digit after the point for
 * magnitudes from 10^-3 up to 10^7, otherwise computerized scientific notation ("1.25E-5", no "+" in the
 * exponent).
 *
 * The digits are JavaScript's shortest round-trip digits, which is what JDK 19+ prints (JDK-4511638). JDK 17
 * agrees for every magnitude below 10^16 that it was compared on, which covers the values the twins format
 * (a beta up to 100, a random value in (0, 1], a fraction from a token claim); above that it sometimes
 * prints a longer form (1.0E23 is "9.999999999999999E22" there, 2.82879384806159E17 is
 * "2.82879384806159008E17"), and Double.MIN_VALUE is "4.9E-324" there but "5.0E-324" here. A value that is
 * not a number (which a Java double cannot be) is written with `String`.
 *
 * @param {number} value
 * @returns {string}
 */
export function javaDoubleToString(value) {
  if (typeof value !== "number" || Number.isNaN(value) || !Number.isFinite(value)) {
    return String(value);
  }
  if (value === 0) {
    return Object.is(value, -0) ? "-0.0" : "0.0";
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes(".") ? text : text + ".0";
  }
  const [mantissa, exponent] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : mantissa + ".0"}E${exponent.replace("+", "")}`;
}

/**
 * Java's `String.getBytes(StandardCharsets.UTF_8)`: an unpaired surrogate becomes "?" (TextEncoder would make
 * it U+FFFD), so that such a text hashes alike on both sides.
 *
 * @param {string} text
 * @returns {Uint8Array}
 */
export function javaUtf8Bytes(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0x3f;
      }
    }
    if (c < 0x80) {
      bytes.push(c);
    } else if (c < 0x800) {
      bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Uint8Array.from(bytes);
}
