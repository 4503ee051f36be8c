import { Cidr } from "./Cidr.js";

/** RFC 9110 §5.6.2 tchar, beside ALPHA and DIGIT. */
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/**
 * One forwarded-element's parameters (RFC 7239 §5), unquoted; each is undefined when the element has none.
 * The twin of `Forwarded.Element`.
 */
class Element {
  /**
   * @param {string | undefined} forNode `for=`: the client that made the request to the proxy
   * @param {string | undefined} byNode `by=`: the proxy's interface that received it
   * @param {string | undefined} host `host=`: the Host the client sent
   * @param {string | undefined} proto `proto=`: the scheme the client used
   */
  constructor(forNode, byNode, host, proto) {
    this.forNode = forNode;
    this.byNode = byNode;
    this.host = host;
    this.proto = proto;
    Object.freeze(this);
  }
}

/**
 * The `Forwarded` request field (RFC 7239): what proxies in front of this one say about the client's request.
 * Only the first element is read, the one the proxy nearest the client added; it is believed only from a
 * trusted upstream, which is where requests enter and so sets the field itself. The twin of the gateway's
 * `dev.tiergate.http.Forwarded`.
 *
 * The parser is strict about syntax and lenient about content: an element that breaks the grammar (an unquoted
 * IPv6 address, a parameter given twice, an unterminated quoted string) is no element at all, while parameters
 * it does not know are skipped.
 */
export const Forwarded = Object.freeze({
  Element,

  /**
   * The first element of the request's `Forwarded` field lines, when they have one and it is well-formed.
   *
   * @param {import("./Headers.js").Headers} headers
   * @returns {Element | undefined}
   */
  first(headers) {
    const value = headers.combined("Forwarded");
    return value === undefined ? undefined : Forwarded.firstElement(value);
  },

  /**
   * The first element of a `Forwarded` field value, when it has one and it is well-formed.
   *
   * @param {string} value
   * @returns {Element | undefined}
   */
  firstElement(value) {
    const parser = new Parser(value);
    for (;;) {
      parser.skipOws();
      if (parser.atEnd()) {
        return undefined;
      }
      if (parser.peek() !== ",") {
        return parser.element();
      }
      // RFC 9110 §5.6.1: a recipient ignores empty list elements.
      parser.at++;
    }
  },

  /**
   * The IP address a node names (RFC 7239 §6): an IPv4 address, or an IPv6 address in brackets, either with an
   * optional port (`192.0.2.43:47011`, `[2001:db8::1]:4711`); IPv6 comes without its brackets. Undefined for
   * `unknown`, an obfuscated identifier (`_hidden`) and anything malformed.
   *
   * @param {string} node
   * @returns {string | undefined}
   */
  nodeAddress(node) {
    let address;
    let rest;
    if (node.startsWith("[")) {
      const close = node.indexOf("]");
      if (close < 0) {
        return undefined;
      }
      address = node.substring(1, close);
      rest = node.substring(close + 1);
      if (address.indexOf(":") < 0) {
        return undefined;
      }
    } else {
      const colon = node.indexOf(":");
      address = colon < 0 ? node : node.substring(0, colon);
      rest = colon < 0 ? "" : node.substring(colon);
    }
    if (rest.length > 0 && (rest.charAt(0) !== ":" || !isPort(rest.substring(1)))) {
      return undefined;
    }
    // RFC 7239 §6: IPv6address has no zone; "unknown" and "_obfnode" are no address.
    if (address.indexOf("%") >= 0 || !Cidr.isAddress(address)) {
      return undefined;
    }
    return address;
  },
});

/** node-port = port / obfport; port = 1*5DIGIT; obfport = "_" 1*(ALPHA / DIGIT / "." / "_" / "-"). */
function isPort(text) {
  if (text.length === 0) {
    return false;
  }
  const obfuscated = text.charAt(0) === "_";
  if (obfuscated ? text.length < 2 : text.length > 5) {
    return false;
  }
  for (let i = obfuscated ? 1 : 0; i < text.length; i++) {
    const c = text.charAt(i);
    const digit = c >= "0" && c <= "9";
    const obfuscatedChar =
      digit || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || c === "." || c === "_" || c === "-";
    if (obfuscated ? !obfuscatedChar : !digit) {
      return false;
    }
  }
  return true;
}

/** A cursor over one field value. */
class Parser {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  atEnd() {
    return this.at >= this.text.length;
  }

  peek() {
    return this.text.charAt(this.at);
  }

  skipOws() {
    while (!this.atEnd() && (this.peek() === " " || this.peek() === "\t")) {
      this.at++;
    }
  }

  /**
   * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] ), up to the next "," outside a quoted
   * string. OWS around ";" is accepted, as proxies write it; none around "=", which the grammar has none of.
   */
  element() {
    const pairs = new Map();
    for (;;) {
      this.skipOws();
      if (this.atEnd() || this.peek() === ",") {
        break;
      }
      if (this.peek() === ";") {
        this.at++;
        continue;
      }
      const name = this.token().toLowerCase();
      if (name.length === 0 || this.atEnd() || this.peek() !== "=") {
        return undefined;
      }
      this.at++;
      const value = !this.atEnd() && this.peek() === '"' ? this.quoted() : this.token();
      // RFC 7239 §4: each parameter MUST NOT occur more than once per forwarded-element.
      if (value === undefined || value.length === 0 || pairs.has(name)) {
        return undefined;
      }
      pairs.set(name, value);
      this.skipOws();
      if (!this.atEnd() && this.peek() !== "," && this.peek() !== ";") {
        return undefined;
      }
    }
    return new Element(pairs.get("for"), pairs.get("by"), pairs.get("host"), pairs.get("proto"));
  }

  /** RFC 9110 §5.6.2 token; empty when none starts here. */
  token() {
    const start = this.at;
    while (!this.atEnd() && isTchar(this.peek())) {
      this.at++;
    }
    return this.text.substring(start, this.at);
  }

  /** RFC 9110 §5.6.4 quoted-string, unescaped; undefined when it is malformed or unterminated. */
  quoted() {
    let value = "";
    this.at++;
    while (!this.atEnd()) {
      const c = this.text.charAt(this.at++);
      if (c === '"') {
        return value;
      }
      if (c === "\\") {
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        if (this.atEnd() || !isQuotable(this.peek())) {
          return undefined;
        }
        value += this.text.charAt(this.at++);
      } else if (isQuotable(c)) {
        value += c;
      } else {
        return undefined;
      }
    }
    return undefined;
  }
}

function isTchar(c) {
  return (c >= "0" && c <= "9") || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || TCHAR_SYMBOLS.indexOf(c) >= 0;
}

/** HTAB, SP, VCHAR and obs-text: what a quoted string may hold (the quote and backslash only escaped). */
function isQuotable(c) {
  const code = c.charCodeAt(0);
  return code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}
