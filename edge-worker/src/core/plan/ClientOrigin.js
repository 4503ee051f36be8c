import { sha256 } from "@noble/hashes/sha2.js";
import { Cidr } from "../http/Cidr.js";
import { ForwardingHeaders } from "../http/ForwardingHeaders.js";
import { Forwarded } from "../http/Forwarded.js";
import { javaUtf8Bytes } from "../lang/JavaText.js";
import { RequestParts } from "../policy/RequestParts.js";

/** The fields a trusted upstream's forwarding is read from; once read, they are replaced by what was read. */
const FORWARDING_FIELDS = ["X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto", "Forwarded"];

/**
 * Who made a request, as the gateway believes it: the host it is routed and keyed under, the client's address
 * (rate limits, `X-Forwarded-For` to the origin) and the scheme. The twin of `dev.tiergate.plan.ClientOrigin`.
 *
 * From a trusted upstream (`server.trustedUpstreams`: its address in a trusted range, the secret in
 * `Tiergate-Edge-Auth`, or both) they come from its forwarding fields. From anyone else they are the connection's,
 * and the request's `X-Forwarded-*` and `Forwarded` fields change nothing: a client cannot choose the key its
 * response is stored under. The worker is where requests enter, so it resolves every request with `direct`.
 */
export class ClientOrigin {
  /**
   * @param {boolean} trusted true when a trusted upstream sent the request and its forwarding fields were believed
   * @param {string} host the client's `Host`: from a trusted upstream its `X-Forwarded-Host` (the first value),
   *     else its `Forwarded` host, else the connection's; checked by `RequestPlan.route` like any Host
   * @param {string} clientIp the client's address: from a trusted upstream the rightmost `X-Forwarded-For` entry
   *     outside the trusted ranges, else its `Forwarded` for; else (and when those name no address) the peer's
   * @param {string} scheme `http` or `https`: from a trusted upstream its `X-Forwarded-Proto`, else its
   *     `Forwarded` proto; else the connection's
   * @param {import("../http/Headers.js").Headers} fields the request's fields as the plan reads them: never the
   *     secret; from a trusted upstream with `Host` set to the client's, the forwarding fields it consumed
   *     removed, and `X-Forwarded-For` holding only the entries before the client's address
   */
  constructor(trusted, host, clientIp, scheme, fields) {
    this.trusted = trusted;
    this.host = host;
    this.clientIp = clientIp;
    this.scheme = scheme;
    this.fields = fields;
    Object.freeze(this);
  }

  /**
   * The client as the connection shows it: nothing upstream is trusted.
   *
   * @param {string} peer the address of the connection's other end
   * @param {string} scheme the scheme of the connection
   * @param {import("../http/Headers.js").Headers} received
   * @returns {ClientOrigin}
   */
  static direct(peer, scheme, received) {
    return new ClientOrigin(
      false,
      received.first("Host") ?? "",
      peer,
      scheme,
      received.without(ForwardingHeaders.UPSTREAM_SECRET_FIELD),
    );
  }

  /**
   * The client of a request, from its trusted upstream's forwarding fields when it came through one.
   *
   * @param {import("../policy/TrustedUpstreams.js").TrustedUpstreams} trust the policy's trusted upstreams
   * @param {string} peer the address of the connection's other end
   * @param {string} scheme the scheme of the connection
   * @param {import("../http/Headers.js").Headers} received the request's fields as they arrived
   * @param {string | undefined} secret the value of the variable `trust` names for the secret; undefined when it
   *     names none
   * @returns {ClientOrigin}
   */
  static resolve(trust, peer, scheme, received, secret) {
    if (!ClientOrigin.isTrusted(trust, peer, received, secret)) {
      return ClientOrigin.direct(peer, scheme, received);
    }
    const forwarded = Forwarded.first(received);
    const host = firstMember(received, "X-Forwarded-Host") ?? forwarded?.host ?? received.first("Host") ?? "";
    const claimed = firstMember(received, "X-Forwarded-Proto") ?? forwarded?.proto;
    const lower = claimed === undefined ? undefined : claimed.toLowerCase();
    const proto = lower === "http" || lower === "https" ? lower : scheme;
    const chain = members(received.all("X-Forwarded-For"));
    let clientIp;
    let before;
    if (chain.length === 0) {
      const node = forwarded?.forNode;
      clientIp = (node === undefined ? undefined : Forwarded.nodeAddress(node)) ?? peer;
      before = [];
    } else {
      // Each proxy appends the address it was connected from: walking back from the end, the first address
      // outside the trusted ranges is the last one a trusted proxy saw, and so the client's.
      let index = chain.length - 1;
      while (index >= 0 && inRange(trust, addressOf(chain[index]))) {
        index--;
      }
      const client = index >= 0 ? addressOf(chain[index]) : undefined;
      clientIp = client ?? peer;
      before = client !== undefined ? chain.slice(0, index) : chain;
    }
    const fields = received
      .without(ForwardingHeaders.UPSTREAM_SECRET_FIELD)
      .without(...FORWARDING_FIELDS)
      .toBuilder();
    if (host.length > 0) {
      fields.set("Host", host);
    }
    if (before.length > 0) {
      fields.add("X-Forwarded-For", before.join(", "));
    }
    return new ClientOrigin(true, host, clientIp, proto, fields.build());
  }

  /**
   * True when the request came through a trusted upstream: from an address in a trusted range (when ranges are
   * set) and with the secret (when one is set), both when both are.
   *
   * @returns {boolean}
   */
  static isTrusted(trust, peer, received, secret) {
    if (!trust.isEnabled()) {
      return false;
    }
    if (trust.cidrs.length > 0 && !trust.inRange(peer)) {
      return false;
    }
    if (trust.secretEnv !== undefined) {
      const sent = received.all(ForwardingHeaders.UPSTREAM_SECRET_FIELD);
      return secret !== undefined && sent.length === 1 && sameSecret(sent[0], secret);
    }
    return true;
  }
}

/** Java's `Optional.map(trust::inRange).orElse(false)`. */
function inRange(trust, address) {
  return address !== undefined && trust.inRange(address);
}

/**
 * Compares the digests of both in full, so that the time taken shows neither where the values first differ nor
 * how long the secret is.
 */
function sameSecret(sent, secret) {
  const sentDigest = sha256(javaUtf8Bytes(sent));
  const secretDigest = sha256(javaUtf8Bytes(secret));
  let difference = 0;
  for (let i = 0; i < secretDigest.length; i++) {
    difference |= sentDigest[i] ^ secretDigest[i];
  }
  return difference === 0;
}

/** The address an `X-Forwarded-For` entry names: IPv4 or IPv6, bare, or with a port as a Forwarded node writes it. */
function addressOf(entry) {
  if (entry.indexOf(":") === entry.lastIndexOf(":") || entry.startsWith("[")) {
    return Forwarded.nodeAddress(entry);
  }
  return entry.indexOf("%") < 0 && Cidr.isAddress(entry) ? entry : undefined;
}

/** The first member of a list-based field, across its field lines. */
function firstMember(headers, name) {
  const found = members(headers.all(name));
  return found.length === 0 ? undefined : found[0];
}

/** The members of a comma-separated list (RFC 9110 §5.6.1) over every field line, OWS trimmed, empty ones dropped. */
function members(lines) {
  const found = [];
  for (const line of lines) {
    // Java's split(",", -1) keeps every empty piece, as String.prototype.split does.
    for (const member of line.split(",")) {
      const trimmed = RequestParts.trimOws(member);
      if (trimmed.length > 0) {
        found.push(trimmed);
      }
    }
  }
  return found;
}
