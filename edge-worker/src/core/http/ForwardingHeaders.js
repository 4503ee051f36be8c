import { readOnlySet } from "../lang/Collections.js";
import { javaTrim } from "../lang/JavaText.js";
import { Headers } from "./Headers.js";
import { HopByHop } from "./HopByHop.js";

/** The Via member this gateway adds (RFC 9110 §7.6.3). */
const VIA = "1.1 tiergate";
/** The request field a trusted upstream sends its shared secret in. */
const UPSTREAM_SECRET_FIELD = "Tiergate-Edge-Auth";

/** Client validators and range requests the cache answers itself rather than forwarding on a cacheable fetch. */
const CLIENT_CONDITIONALS = [
  "If-None-Match",
  "If-Modified-Since",
  "If-Match",
  "If-Unmodified-Since",
  "If-Range",
  "Range",
];

/**
 * Header hygiene for a proxy: what is forwarded to the origin and what goes back to the client (RFC 9110 §7.6).
 * The twin of the gateway's `dev.tiergate.http.ForwardingHeaders`.
 */
export const ForwardingHeaders = Object.freeze({
  /** The Via member this gateway adds (RFC 9110 §7.6.3). */
  VIA,

  /**
   * The request field a trusted upstream (the edge worker) sends its shared secret in. Never forwarded: the
   * origin, and any proxy after this one, must not learn it.
   */
  UPSTREAM_SECRET_FIELD,

  /**
   * Request fields a cacheable fetch forwards without being keyed: content negotiation (an origin that varies on
   * it must say so in Vary, and the cache then keys on it), credentials (which storability guards, RFC 9111
   * §3.5) and tracing. Anything else could change a shared response without changing its key, the mechanism of
   * cache poisoning.
   */
  SAFE_FOR_CACHE: readOnlySet([
    "accept",
    "accept-encoding",
    "accept-language",
    "accept-charset",
    "user-agent",
    "authorization",
    "cache-control",
    "pragma",
    "traceparent",
    "tracestate",
    "x-request-id",
    "x-correlation-id",
    "x-forwarded-for",
    "via",
    "host",
  ]),

  /** In a route's forwardHeaders: forward every field, as a plain reverse proxy does (the operator vouches for the origin). */
  FORWARD_ALL: "*",

  /**
   * The fields of a request forwarded to the origin: hop-by-hop removed, Host set to the origin,
   * X-Forwarded-For/-Proto/-Host and Via appended, the upstream secret removed.
   *
   * @param {Headers} client the client's request fields
   * @param {string} clientAddress the client's IP address
   * @param {string} scheme `http` or `https`, as the client used it
   * @param {string} originAuthority the `Host` the origin is sent: its own `host[:port]`, or the client's
   * @param {boolean} forCache true when the response will fill the cache: client validators and Range are dropped
   *     so the origin sends a complete response that every client can share
   * @returns {Headers}
   */
  toOrigin(client, clientAddress, scheme, originAuthority, forCache) {
    let forwarded = HopByHop.strip(client);
    if (forCache) {
      forwarded = forwarded.without(...CLIENT_CONDITIONALS);
    }
    const clientHost = client.first("Host");
    // Tiergate-Segment is ours to set from the allow-listed segment; a client's own value never passes.
    const builder = forwarded
      .without(
        "Host",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
        "X-Forwarded-Host",
        "Tiergate-Segment",
        UPSTREAM_SECRET_FIELD,
      )
      .toBuilder();
    builder.add("Host", originAuthority);
    const priorFor = client.combined("X-Forwarded-For");
    builder.add("X-Forwarded-For", (priorFor === undefined ? "" : priorFor + ", ") + clientAddress);
    // On a cacheable fetch the client's own X-Forwarded-Host/-Proto are not trusted: the origin may build
    // URLs from them, and the response would be shared under a key they are not part of.
    builder.add("X-Forwarded-Proto", forCache ? scheme : (client.first("X-Forwarded-Proto") ?? scheme));
    if (clientHost !== undefined) {
      builder.add("X-Forwarded-Host", forCache ? clientHost : (client.first("X-Forwarded-Host") ?? clientHost));
    }
    const priorVia = client.combined("Via");
    builder.set("Via", (priorVia === undefined ? "" : priorVia + ", ") + VIA);
    return builder.build();
  },

  /**
   * The client fields a cacheable fetch may forward: `SAFE_FOR_CACHE`, the fields in `allowed` (keyed, listed
   * in a stored Vary, or forwarded by the route), and of the cookies only those that are keyed (all of them
   * when `cookie` is allowed).
   *
   * @param {Headers} client
   * @param {ReadonlySet<string> | readonly string[]} allowed lower-case field names; `FORWARD_ALL` forwards every
   *     field (a Set, as Java's Set; an array is accepted too, since compiled policies carry arrays)
   * @param {readonly string[] | ReadonlySet<string>} keyedCookies cookie names that are part of the key (a List in
   *     Java; a Set is accepted too)
   * @returns {Headers}
   */
  keepForCache(client, allowed, keyedCookies) {
    if (contains(allowed, ForwardingHeaders.FORWARD_ALL)) {
      return client;
    }
    const kept = Headers.builder();
    for (const [fieldName, value] of client.entries()) {
      const name = fieldName.toLowerCase();
      if (ForwardingHeaders.SAFE_FOR_CACHE.has(name) || contains(allowed, name)) {
        kept.add(fieldName, value);
      }
    }
    if (!contains(allowed, "cookie") && size(keyedCookies) > 0) {
      let cookies = "";
      for (const cookieField of client.all("Cookie")) {
        // Java's split drops trailing empty pairs, which the `equals > 0` test skips here anyway.
        for (const pair of cookieField.split(";")) {
          const equals = pair.indexOf("=");
          if (equals > 0 && contains(keyedCookies, javaTrim(pair.substring(0, equals)))) {
            cookies += (cookies.length === 0 ? "" : "; ") + javaTrim(pair);
          }
        }
      }
      if (cookies.length > 0) {
        kept.add("Cookie", cookies);
      }
    }
    return kept.build();
  },

  /**
   * The fields of an origin response sent to the client: hop-by-hop removed, Via appended.
   *
   * @param {Headers} origin
   * @returns {Headers}
   */
  toClient(origin) {
    const stripped = HopByHop.strip(origin);
    const priorVia = origin.combined("Via");
    return stripped.with("Via", (priorVia === undefined ? "" : priorVia + ", ") + VIA);
  },
});

/** Java's Collection.contains over the two shapes callers hold names in. */
function contains(collection, value) {
  return Array.isArray(collection) ? collection.includes(value) : collection.has(value);
}

function size(collection) {
  return Array.isArray(collection) ? collection.length : collection.size;
}
