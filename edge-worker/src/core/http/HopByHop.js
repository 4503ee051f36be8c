import { readOnlySet } from "../lang/Collections.js";
import { javaTrim } from "../lang/JavaText.js";

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
        const name = javaTrim(option).toLowerCase();
        if (name.length > 0) {
          removed.add(name);
        }
      }
    }
    return headers.filter((name) => !removed.has(name.toLowerCase()));
  },
});
