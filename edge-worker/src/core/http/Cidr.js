const ADDRESS_BYTES = 16;
const IPV4_BITS = 32;
const IPV6_BITS = 128;
/** An IPv4 prefix counts from the 97th bit of the mapped form. */
const MAPPED_BITS = IPV6_BITS - IPV4_BITS;

/**
 * A range of IP addresses in CIDR notation, IPv4 (`10.0.0.0/8`, RFC 4632 §3.1) or IPv6 (`fd00::/8`, RFC 4291
 * §2.3), and the address literals matched against it. The twin of the gateway's `dev.tiergate.http.Cidr`.
 *
 * Only literals are read: a host name is not an address here and is never resolved, so no decision waits on DNS
 * or changes with it. Every address is held as 16 bytes, an IPv4 address in its IPv4-mapped IPv6 form
 * `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2): `10.0.0.0/8` contains `::ffff:10.1.2.3`, and `::ffff:10.0.0.0/104`
 * contains `10.1.2.3`.
 */
export class Cidr {
  /**
   * @param {Uint8Array} network
   * @param {number} prefixBits of the 128 bits
   * @param {boolean} ipv4 written as IPv4
   */
  constructor(network, prefixBits, ipv4) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.ipv4 = ipv4;
    Object.freeze(this);
  }

  /**
   * Reads `address/length`, or a lone address (a range of one: /32 or /128). An IPv6 address may stand in
   * brackets (`[::1]/128`).
   *
   * @param {string} text
   * @returns {Cidr}
   * @throws {Error} with the reason, when `text` is not a range, or has bits set past its prefix (the message
   *     then names the range that was probably meant)
   */
  static parse(text) {
    const slash = text.indexOf("/");
    const addressText = slash < 0 ? text : text.substring(0, slash);
    const address = bytes(addressText, false);
    if (address === undefined) {
      throw new Error(
        "is not an IPv4 or IPv6 address (expected: a range such as 10.0.0.0/8 or fd00::/8, " +
          "or one address; host names are not resolved)",
      );
    }
    const ipv4 = addressText.indexOf(":") < 0;
    const maxLength = ipv4 ? IPV4_BITS : IPV6_BITS;
    const length = slash < 0 ? maxLength : prefixLength(text.substring(slash + 1), maxLength);
    if (length < 0) {
      throw new Error(
        `has the prefix length "${text.substring(slash + 1)}" (expected: a whole number from 0 to ${maxLength})`,
      );
    }
    const bits = ipv4 ? MAPPED_BITS + length : length;
    const network = masked(address, bits);
    if (!sameBytes(network, address)) {
      throw new Error(`has bits set past its /${length} prefix (expected: ${format(network, ipv4)}/${length})`);
    }
    return new Cidr(network, bits, ipv4);
  }

  /**
   * True when `address` is an address literal inside the range: IPv4, IPv6, IPv6 in brackets, or IPv6 with a
   * zone (`fe80::1%eth0`, the zone ignored). Anything else, a host name included, is not inside any range.
   *
   * @param {string} address
   * @returns {boolean}
   */
  contains(address) {
    const parsed = bytes(address, true);
    return parsed !== undefined && sameBytes(masked(parsed, this.prefixBits), this.network);
  }

  /**
   * True when `text` is an IPv4 or IPv6 address literal (brackets and a zone allowed, as `contains` reads it).
   *
   * @param {string} text
   * @returns {boolean}
   */
  static isAddress(text) {
    return bytes(text, true) !== undefined;
  }

  /** The range as the compiled policy carries it: `10.0.0.0/8`, `fd00::/8` (RFC 5952 text). */
  toString() {
    return `${format(this.network, this.ipv4)}/${this.ipv4 ? this.prefixBits - MAPPED_BITS : this.prefixBits}`;
  }

  /**
   * Ranges are equal when they hold the same addresses, however they were written.
   *
   * @param {unknown} other
   * @returns {boolean}
   */
  equals(other) {
    return other instanceof Cidr && this.prefixBits === other.prefixBits && sameBytes(this.network, other.network);
  }
}

/** A whole number from 0 to `max` in plain decimal digits, or -1. */
function prefixLength(text, max) {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text.charAt(0) === "0")) {
    return -1;
  }
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c < "0" || c > "9") {
      return -1;
    }
    value = value * 10 + (text.charCodeAt(i) - 48);
  }
  return value <= max ? value : -1;
}

/** The 16 bytes of an address literal (IPv4 mapped), or undefined when `text` is none. */
function bytes(text, allowZone) {
  let literal = text;
  if (literal.length >= 2 && literal.charAt(0) === "[" && literal.charAt(literal.length - 1) === "]") {
    literal = literal.substring(1, literal.length - 1);
    if (literal.indexOf(":") < 0) {
      // Brackets enclose IPv6 only (RFC 3986 §3.2.2).
      return undefined;
    }
  }
  if (literal.indexOf(":") < 0) {
    const octets = ipv4(literal);
    return octets === undefined ? undefined : mapped(octets);
  }
  const percent = literal.indexOf("%");
  if (percent >= 0) {
    // RFC 6874: a zone names the interface; it plays no part in which range an address is in.
    if (!allowZone || percent === literal.length - 1) {
      return undefined;
    }
    literal = literal.substring(0, percent);
  }
  return ipv6(literal);
}

/** RFC 3986 §3.2.2 dec-octet "." dec-octet "." dec-octet "." dec-octet; no leading zeros, which some read as octal. */
function ipv4(text) {
  const octets = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charAt(i) : ".";
    if (c === ".") {
      if (digits === 0 || part === octets.length) {
        return undefined;
      }
      octets[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= "0" && c <= "9") {
      if (digits > 0 && value === 0) {
        return undefined;
      }
      value = value * 10 + (text.charCodeAt(i) - 48);
      digits++;
      if (value > 255) {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  return part === octets.length ? octets : undefined;
}

/** RFC 4291 §2.2: eight groups of up to four hex digits, one "::" for a run of zero groups, an IPv4 tail. */
function ipv6(text) {
  const gap = text.indexOf("::");
  if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
    return undefined;
  }
  const head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
  const tail = gap < 0 ? [] : groups(text.substring(gap + 2), true);
  if (head === undefined || tail === undefined) {
    return undefined;
  }
  const count = head.length + tail.length;
  if (gap < 0 ? count !== 8 : count > 7) {
    return undefined;
  }
  const result = new Uint8Array(ADDRESS_BYTES);
  for (let i = 0; i < head.length; i++) {
    result[2 * i] = head[i] >> 8;
    result[2 * i + 1] = head[i] & 0xff;
  }
  for (let i = 0; i < tail.length; i++) {
    const at = 8 - tail.length + i;
    result[2 * at] = tail[i] >> 8;
    result[2 * at + 1] = tail[i] & 0xff;
  }
  return result;
}

/**
 * The 16-bit groups of one side of a "::" (or of a whole address without one); undefined when malformed.
 *
 * @param {string} text
 * @param {boolean} last true for the side that ends the address, where dotted IPv4 may stand for the last two groups
 * @returns {number[] | undefined}
 */
function groups(text, last) {
  if (text.length === 0) {
    return [];
  }
  // Java's split(":", -1) keeps every empty piece, as String.prototype.split does.
  const pieces = text.split(":");
  const dotted = last && pieces[pieces.length - 1].indexOf(".") >= 0;
  const result = new Array(pieces.length + (dotted ? 1 : 0));
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (dotted && i === pieces.length - 1) {
      const octets = ipv4(piece);
      if (octets === undefined) {
        return undefined;
      }
      result[i] = (octets[0] << 8) | octets[1];
      result[i + 1] = (octets[2] << 8) | octets[3];
    } else if (piece.length === 0 || piece.length > 4) {
      return undefined;
    } else {
      let value = 0;
      for (let j = 0; j < piece.length; j++) {
        const digit = hexDigit(piece.charAt(j));
        if (digit < 0) {
          return undefined;
        }
        value = value * 16 + digit;
      }
      result[i] = value;
    }
  }
  return result;
}

/** ASCII hex digits only: Java's Character.digit would also take full-width and other Unicode digits. */
function hexDigit(c) {
  if (c >= "0" && c <= "9") {
    return c.charCodeAt(0) - 48;
  }
  if (c >= "a" && c <= "f") {
    return c.charCodeAt(0) - 97 + 10;
  }
  if (c >= "A" && c <= "F") {
    return c.charCodeAt(0) - 65 + 10;
  }
  return -1;
}

function mapped(octets) {
  const result = new Uint8Array(ADDRESS_BYTES);
  result[10] = 0xff;
  result[11] = 0xff;
  result.set(octets, 12);
  return result;
}

/** The address with every bit past the first `bits` cleared. */
function masked(address, bits) {
  const result = new Uint8Array(ADDRESS_BYTES);
  for (let i = 0; i < ADDRESS_BYTES; i++) {
    const keep = Math.min(8, Math.max(0, bits - 8 * i));
    result[i] = address[i] & (0xff00 >> keep);
  }
  return result;
}

/** Java's Arrays.equals over two byte arrays. */
function sameBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** Dotted IPv4, or IPv6 as RFC 5952 §4 writes it: lower case, no leading zeros, the longest run of zero groups as "::". */
function format(address, ipv4) {
  const isMapped = isMappedAddress(address);
  if (ipv4 || isMapped) {
    const dotted = `${address[12]}.${address[13]}.${address[14]}.${address[15]}`;
    // RFC 5952 §5: an IPv4-mapped address written as IPv6 keeps its IPv4 tail.
    return ipv4 ? dotted : `::ffff:${dotted}`;
  }
  const values = [];
  for (let i = 0; i < 8; i++) {
    values.push((address[2 * i] << 8) | address[2 * i + 1]);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    let length = 0;
    while (i + length < 8 && values[i + length] === 0) {
      length++;
    }
    if (length > bestLength) {
      bestStart = i;
      bestLength = length;
    }
  }
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += "::";
      i += bestLength - 1;
    } else {
      if (text.length > 0 && text.charAt(text.length - 1) !== ":") {
        text += ":";
      }
      text += values[i].toString(16);
    }
  }
  return text;
}

function isMappedAddress(address) {
  for (let i = 0; i < 10; i++) {
    if (address[i] !== 0) {
      return false;
    }
  }
  return address[10] === 0xff && address[11] === 0xff;
}
