/**
 * Removes connection-specific fields before a message is forwarded (RFC 9110 §7.6.1): the standard hop-by-hop
 * fields and every field the `Connection` field names. The twin of the gateway's `dev.tiergate.http.HopByHop`.
 */
export const HopByHop = Object.freeze({
  /** The standard hop-by-hop fields, lower-cased. Package-private on the Java side. */
  STANDARD: readOnlySet([
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "proxy-authenticate",
    "proxy-authorization",
  ]),

  /**
   * A copy of `headers` without hop-by-hop fields.
   *
   * @param {Headers} headers
   * @returns {Headers}
   */
  strip(headers) {
    const removed = new Set(HopByHop.STANDARD);
    for (const connection of headers.all("Connection")) {
      // Java's split drops trailing empty options and this loop skips the others: the same names either way.
      for (const option of connection.split(",")) {
        const name = trim(option).toLowerCase();
        if (name.length > 0) {
          removed.add(name);
        }
      }
    }
    return headers.filter((name) => !removed.has(name.toLowerCase()));
  },
});

/** Java's String.trim: strips every char up to U+0020 (controls included), and nothing else (not U+00A0). */
function trim(text) {
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

/** Java's Set.of: a set whose members cannot change, since it is shared by every caller. */
function readOnlySet(values) {
  const set = new Set(values);
  const refuse = () => {
    throw new TypeError("read-only set");
  };
  set.add = refuse;
  set.delete = refuse;
  set.clear = refuse;
  return Object.freeze(set);
}
