import { javaEqualsIgnoreCaseAscii, javaIsSpaceChar, javaTrim } from "../lang/JavaText.js";

/**
 * The request target named by a Location or Content-Location value, when it is on the request's own host:
 * "a cache MUST NOT invalidate a URI ... if the host part ... differs from the host part in the target URI"
 * (RFC 9111 §4.4). The twin of the gateway's `dev.tiergate.http.SameHostTarget`.
 *
 * The Java reads the value with `java.net.URI` (RFC 2396 with its documented deviations), whose idea of a
 * host, a port and a path differs from the WHATWG `URL` parser's in many places: a registry-based authority
 * (an underscore, an out-of-range port) has no host at all there, so it passes as same-host. The parts of
 * `java.net.URI`'s parser this needs are ported below, clause for clause, from JDK 17.
 */
export const SameHostTarget = Object.freeze({
  /**
   * The same-host request target a Location or Content-Location value names, if it names one.
   *
   * @param {string} value the field value
   * @param {string} requestHost the request's Host (`host[:port]`)
   * @returns {string | undefined} the path and query, or undefined when the value names another host or is not
   *     a URI
   * @throws {Error} where JDK 17's URI throws NumberFormatException instead of URISyntaxException (an IPv4 part
   *     of an IPv6 literal with more digits than an int holds), which the Java does not catch either
   */
  of(value, requestHost) {
    let uri;
    try {
      uri = new UriParser(javaTrim(value)).parse();
    } catch (error) {
      if (error instanceof UriSyntaxError) {
        return undefined;
      }
      throw error;
    }
    if (uri.host !== null && !javaEqualsIgnoreCaseAscii(authorityOf(uri), requestHost)) {
      return undefined;
    }
    const path = uri.path;
    if (path === null || !path.startsWith("/")) {
      return undefined;
    }
    return uri.query === null ? path : path + "?" + uri.query;
  },
});

function authorityOf(uri) {
  return uri.port < 0 ? uri.host : uri.host + ":" + uri.port;
}

// ---- java.net.URI's parser (JDK 17), reduced to the components SameHostTarget reads ----

/** URISyntaxException: the value is not a URI. */
class UriSyntaxError extends Error {}

/**
 * A character class of java.net.URI: the ASCII chars it admits (never NUL, which has no slot in Java's masks),
 * and whether it also admits escape pairs and visible non-ASCII chars (the L_ESCAPED bit).
 */
function charClass(chars, escaped = false) {
  const admits = new Uint8Array(128);
  for (const c of chars) {
    admits[c.charCodeAt(0)] = 1;
  }
  return Object.freeze({ admits, escaped });
}

const DIGIT = "0123456789";
const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALPHANUM = ALPHA + DIGIT;
const UNRESERVED = ALPHANUM + "-_.!~*'()";
const C_DIGIT = charClass(DIGIT);
const C_ALPHA = charClass(ALPHA);
const C_ALPHANUM = charClass(ALPHANUM);
const C_ALPHANUM_DASH = charClass(ALPHANUM + "-");
const C_DIGIT_DOT = charClass(DIGIT + ".");
const C_HEX = charClass(DIGIT + "ABCDEFabcdef");
const C_URIC = charClass(";/?:@&=+$,[]" + UNRESERVED, true);
const C_PATH = charClass(UNRESERVED + ":@&=+$," + ";/", true);
const C_USERINFO = charClass(UNRESERVED + ";:&=+$,", true);
const C_REG_NAME = charClass(UNRESERVED + "$,;:@&=+", true);
const SERVER = UNRESERVED + ";:&=+$," + "-" + ".:@[]";
const C_SERVER = charClass(SERVER, true);
const C_SERVER_PERCENT = charClass(SERVER + "%", true);
const C_SCHEME = charClass(ALPHA + DIGIT + "+-.");
const C_SCOPE_ID = charClass(ALPHANUM + "_.");

function matches(code, cls) {
  return code !== 0 && code < 128 && cls.admits[code] === 1;
}

class UriParser {
  /** @param {string} input */
  constructor(input) {
    this.input = input;
    // The URI's fields that the parser fills in, with java.net.URI's defaults.
    this.host = null;
    this.port = -1;
    this.path = null;
    this.query = null;
    this.ipv6byteCount = 0;
  }

  fail() {
    throw new UriSyntaxError(this.input);
  }

  at(start, end, c) {
    return start < end && this.input.charAt(start) === c;
  }

  atString(start, end, s) {
    let p = start;
    const sn = s.length;
    if (sn > end - p) {
      return false;
    }
    let i = 0;
    while (i < sn) {
      if (this.input.charAt(p++) !== s.charAt(i)) {
        break;
      }
      i++;
    }
    return i === sn;
  }

  scanChar(start, end, c) {
    return start < end && this.input.charAt(start) === c ? start + 1 : start;
  }

  scanUntil(start, end, err, stop) {
    let p = start;
    while (p < end) {
      const c = this.input.charAt(p);
      if (err.indexOf(c) >= 0) {
        return -1;
      }
      if (stop.indexOf(c) >= 0) {
        break;
      }
      p++;
    }
    return p;
  }

  scanTo(start, end, stop) {
    let p = start;
    while (p < end) {
      if (stop.indexOf(this.input.charAt(p)) >= 0) {
        break;
      }
      p++;
    }
    return p;
  }

  scanEscape(start, n, code) {
    const p = start;
    if (code === 0x25) {
      if (p + 3 <= n && matches(this.input.charCodeAt(p + 1), C_HEX) && matches(this.input.charCodeAt(p + 2), C_HEX)) {
        return p + 3;
      }
      this.fail();
    } else if (code > 128 && !javaIsSpaceChar(code) && !(code <= 0x9f)) {
      // Visible non-US-ASCII chars are allowed unescaped (isISOControl ends at U+009F).
      return p + 1;
    }
    return p;
  }

  scanClass(start, n, cls) {
    let p = start;
    while (p < n) {
      const code = this.input.charCodeAt(p);
      if (matches(code, cls)) {
        p++;
        continue;
      }
      if (cls.escaped) {
        const q = this.scanEscape(p, n, code);
        if (q > p) {
          p = q;
          continue;
        }
      }
      break;
    }
    return p;
  }

  checkChars(start, end, cls) {
    if (this.scanClass(start, end, cls) < end) {
      this.fail();
    }
  }

  checkChar(p, cls) {
    this.checkChars(p, p + 1, cls);
  }

  /** [<scheme>:]<scheme-specific-part>[#<fragment>] */
  parse() {
    const n = this.input.length;
    let p = this.scanUntil(0, n, "/?#", ":");
    if (p >= 0 && this.at(p, n, ":")) {
      if (p === 0) {
        this.fail();
      }
      this.checkChar(0, C_ALPHA);
      this.checkChars(1, p, C_SCHEME);
      p++;
      if (this.at(p, n, "/")) {
        p = this.parseHierarchical(p, n);
      } else {
        // Opaque ("mailto:..."): no path, so never a same-host target.
        const q = this.scanTo(p, n, "#");
        if (q <= p) {
          this.fail();
        }
        this.checkChars(p, q, C_URIC);
        p = q;
      }
    } else {
      p = this.parseHierarchical(0, n);
    }
    if (this.at(p, n, "#")) {
      this.checkChars(p + 1, n, C_URIC);
      p = n;
    }
    if (p < n) {
      this.fail();
    }
    return this;
  }

  /** [//authority]<path>[?<query>], with an empty authority allowed before a path, query or fragment. */
  parseHierarchical(start, n) {
    let p = start;
    if (this.at(p, n, "/") && this.at(p + 1, n, "/")) {
      p += 2;
      const q = this.scanTo(p, n, "/?#");
      if (q > p) {
        p = this.parseAuthority(p, q);
      } else if (q >= n) {
        this.fail();
      }
    }
    let q = this.scanTo(p, n, "?#");
    this.checkChars(p, q, C_PATH);
    this.path = this.input.substring(p, q);
    p = q;
    if (this.at(p, n, "?")) {
      p++;
      q = this.scanTo(p, n, "#");
      this.checkChars(p, q, C_URIC);
      this.query = this.input.substring(p, q);
      p = q;
    }
    return p;
  }

  /**
   * authority = server | reg_name: an authority that does not parse as a whole as a server is taken as a
   * registry name, which has no host.
   */
  parseAuthority(start, n) {
    const p = start;
    let q = p;
    let ex = null;
    const serverChars =
      this.scanTo(p, n, "]") > p ? this.scanClass(p, n, C_SERVER_PERCENT) === n : this.scanClass(p, n, C_SERVER) === n;
    const regChars = this.scanClass(p, n, C_REG_NAME) === n;
    if (regChars && !serverChars) {
      return n;
    }
    const skipParseException = regChars;
    if (serverChars) {
      try {
        q = this.parseServer(p, n, skipParseException);
        if (q < n) {
          if (skipParseException) {
            this.host = null;
            this.port = -1;
            q = p;
          } else {
            this.fail();
          }
        }
      } catch (error) {
        if (!(error instanceof UriSyntaxError)) {
          throw error;
        }
        this.host = null;
        this.port = -1;
        ex = error;
        q = p;
      }
    }
    if (q < n) {
      if (regChars) {
        // Registry-based authority.
      } else if (ex !== null) {
        throw ex;
      } else {
        this.fail();
      }
    }
    return n;
  }

  /** [<userinfo>@]<host>[:<port>] */
  parseServer(start, n, skipParseException) {
    let p = start;
    let q = this.scanUntil(p, n, "/?#", "@");
    if (q >= p && this.at(q, n, "@")) {
      this.checkChars(p, q, C_USERINFO);
      p = q + 1;
    }
    if (this.at(p, n, "[")) {
      p++;
      q = this.scanUntil(p, n, "/?#", "]");
      if (q > p && this.at(q, n, "]")) {
        const r = this.scanTo(p, q, "%");
        if (r > p) {
          this.parseIPv6Reference(p, r);
          if (r + 1 === q) {
            this.fail();
          }
          this.checkChars(r + 1, q, C_SCOPE_ID);
        } else {
          this.parseIPv6Reference(p, q);
        }
        this.host = this.input.substring(p - 1, q + 1);
        p = q + 1;
      } else {
        this.fail();
      }
    } else {
      q = this.parseIPv4Address(p, n);
      if (q <= p) {
        q = this.parseHostname(p, n, skipParseException);
      }
      p = q;
    }
    if (this.at(p, n, ":")) {
      p++;
      q = this.scanTo(p, n, "/");
      if (q > p) {
        this.checkChars(p, q, C_DIGIT);
        const port = parseInt32(this.input, p, q);
        if (port === undefined) {
          this.fail();
        }
        this.port = port;
        p = q;
      }
    } else if (p < n && skipParseException) {
      return p;
    }
    if (p < n) {
      this.fail();
    }
    return p;
  }

  /** Decimal digits whose value fits in a byte; JDK 17 reads them as an int first, which can overflow. */
  scanByte(start, n) {
    const p = start;
    const q = this.scanClass(p, n, C_DIGIT);
    if (q <= p) {
      return q;
    }
    const value = parseInt32(this.input, p, q);
    if (value === undefined) {
      throw numberFormatError(this.input, p, q);
    }
    return value > 255 ? p : q;
  }

  scanIPv4Address(start, n, strict) {
    let p = start;
    let q;
    const m = this.scanClass(p, n, C_DIGIT_DOT);
    if (m <= p || (strict && m !== n)) {
      return -1;
    }
    for (;;) {
      if ((q = this.scanByte(p, m)) <= p) break;
      p = q;
      if ((q = this.scanChar(p, m, ".")) <= p) break;
      p = q;
      if ((q = this.scanByte(p, m)) <= p) break;
      p = q;
      if ((q = this.scanChar(p, m, ".")) <= p) break;
      p = q;
      if ((q = this.scanByte(p, m)) <= p) break;
      p = q;
      if ((q = this.scanChar(p, m, ".")) <= p) break;
      p = q;
      if ((q = this.scanByte(p, m)) <= p) break;
      p = q;
      if (q < m) break;
      return q;
    }
    this.fail();
  }

  takeIPv4Address(start, n) {
    const p = this.scanIPv4Address(start, n, true);
    if (p <= start) {
      this.fail();
    }
    return p;
  }

  /** An IPv4 address, optionally followed by ":" and more; -1 when there is none (nothing here throws). */
  parseIPv4Address(start, n) {
    let p;
    try {
      p = this.scanIPv4Address(start, n, false);
    } catch (error) {
      if (error instanceof UriSyntaxError || error instanceof NumberFormatError) {
        return -1;
      }
      throw error;
    }
    if (p > start && p < n && this.input.charAt(p) !== ":") {
      p = -1;
    }
    if (p > start) {
      this.host = this.input.substring(start, p);
    }
    return p;
  }

  /**
   * hostname = domainlabel [ "." ] | 1*( domainlabel "." ) toplabel [ "." ], where a label is alphanumerics and
   * inner dashes, and the last label of a dotted name starts with a letter.
   */
  parseHostname(start, n, skipParseException) {
    let p = start;
    let q;
    let l = -1;
    do {
      q = this.scanClass(p, n, C_ALPHANUM);
      if (q <= p) {
        break;
      }
      l = p;
      p = q;
      q = this.scanClass(p, n, C_ALPHANUM_DASH);
      if (q > p) {
        if (this.input.charAt(q - 1) === "-") {
          this.fail();
        }
        p = q;
      }
      q = this.scanChar(p, n, ".");
      if (q <= p) {
        break;
      }
      p = q;
    } while (p < n);
    if (p < n && !this.at(p, n, ":")) {
      if (skipParseException) {
        return p;
      }
      this.fail();
    }
    if (l < 0) {
      this.fail();
    }
    if (l > start && !matches(this.input.charCodeAt(l), C_ALPHA)) {
      this.fail();
    }
    this.host = this.input.substring(start, p);
    return p;
  }

  /** RFC 2373 with java.net.URI's revised grammar: hex sequences, "::" and an IPv4 tail. */
  parseIPv6Reference(start, n) {
    let p = start;
    let compressedZeros = false;
    const q = this.scanHexSeq(p, n);
    if (q > p) {
      p = q;
      if (this.atString(p, n, "::")) {
        compressedZeros = true;
        p = this.scanHexPost(p + 2, n);
      } else if (this.at(p, n, ":")) {
        p = this.takeIPv4Address(p + 1, n);
        this.ipv6byteCount += 4;
      }
    } else if (this.atString(p, n, "::")) {
      compressedZeros = true;
      p = this.scanHexPost(p + 2, n);
    }
    if (p < n) {
      this.fail();
    }
    if (this.ipv6byteCount > 16) {
      this.fail();
    }
    if (!compressedZeros && this.ipv6byteCount < 16) {
      this.fail();
    }
    if (compressedZeros && this.ipv6byteCount === 16) {
      this.fail();
    }
    return p;
  }

  scanHexPost(start, n) {
    let p = start;
    if (p === n) {
      return p;
    }
    const q = this.scanHexSeq(p, n);
    if (q > p) {
      p = q;
      if (this.at(p, n, ":")) {
        p++;
        p = this.takeIPv4Address(p, n);
        this.ipv6byteCount += 4;
      }
    } else {
      p = this.takeIPv4Address(p, n);
      this.ipv6byteCount += 4;
    }
    return p;
  }

  scanHexSeq(start, n) {
    let p = start;
    let q = this.scanClass(p, n, C_HEX);
    if (q <= p) {
      return -1;
    }
    if (this.at(q, n, ".")) {
      return -1;
    }
    if (q > p + 4) {
      this.fail();
    }
    this.ipv6byteCount += 2;
    p = q;
    while (p < n) {
      if (!this.at(p, n, ":")) {
        break;
      }
      if (this.at(p + 1, n, ":")) {
        break;
      }
      p++;
      q = this.scanClass(p, n, C_HEX);
      if (q <= p) {
        this.fail();
      }
      if (this.at(q, n, ".")) {
        p--;
        break;
      }
      if (q > p + 4) {
        this.fail();
      }
      this.ipv6byteCount += 2;
      p = q;
    }
    return p;
  }
}

/** NumberFormatException, which JDK 17's URI lets escape from an IPv6 literal's IPv4 part. */
class NumberFormatError extends Error {}

/**
 * Integer.parseInt(text, begin, end, 10) of ASCII digits: the value, or undefined where it overflows an int.
 * Accumulates negatively as the JDK does, so that the overflow is found at the same index.
 */
function parseInt32(text, begin, end) {
  return overflowIndex(text, begin, end) < 0 ? Number(text.substring(begin, end)) : undefined;
}

function overflowIndex(text, begin, end) {
  const limit = -2_147_483_647;
  const multmin = -214_748_364;
  let result = 0;
  for (let i = begin; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (result < multmin) {
      return i;
    }
    result *= 10;
    if (result < limit + digit) {
      return i;
    }
    result -= digit;
  }
  return -1;
}

function numberFormatError(text, begin, end) {
  const index = overflowIndex(text, begin, end);
  return new NumberFormatError(`Error at index ${index - begin} in: "${text.substring(begin, end)}"`);
}
