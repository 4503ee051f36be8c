import { CacheControl } from "../core/http/CacheControl.js";
import { Conditionals } from "../core/http/Conditionals.js";

/** The Via member the worker adds (RFC 9110 §7.6.3). */
export const EDGE_VIA = "1.1 tiergate-edge";

/**
 * The responses the worker sends: served from an entry (answering the client's validators and HEAD
 * from a stored GET), streamed from upstream, or a short error. Every one carries `Cache-Status` with
 * the upstream's members first and the worker's last (RFC 9211 §2: members run from the origin towards
 * the client). The twin of the gateway's `ClientSink`.
 */
export class ClientResponse {
  /**
   * @param {string} method the client's method
   * @param {import("../core/http/Headers.js").Headers} requestHeaders the client's fields
   * @param {string} cacheStatusName the worker's member name
   */
  constructor(method, requestHeaders, cacheStatusName) {
    this.method = method;
    this.requestHeaders = requestHeaders;
    this.cacheStatusName = cacheStatusName;
  }

  /**
   * A stored response. Stored fields carry no upstream `Cache-Status` (the worker strips it before
   * storing: it described another exchange), so a hit carries the worker's member alone.
   *
   * @param {import("../core/http/Headers.js").Headers} [personal] fields for this client only
   */
  fromEntry(entry, status, now, personal) {
    const age = String(Math.min(entry.ageSeconds(now), CacheControl.DELTA_SECONDS_CEILING));
    if (
      this.hasValidators() &&
      Conditionals.notModified(this.method, this.requestHeaders, entry.status, entry.headers)
    ) {
      const builder = entry.headers.without("Content-Length").with("Age", age).toBuilder();
      for (const [name, value] of personal?.entries() ?? []) {
        builder.add(name, value);
      }
      return this.respond(304, Conditionals.notModifiedHeaders(builder.build()), status, null);
    }
    const headers = new Headers();
    let via;
    for (const [name, value] of entry.headers.entries()) {
      const lower = name.toLowerCase();
      if (lower === "via") {
        via = via === undefined ? value : `${via}, ${value}`;
      } else if (lower !== "content-length") {
        headers.append(name, value);
      }
    }
    headers.set("Age", age);
    headers.set("Via", via === undefined ? EDGE_VIA : `${via}, ${EDGE_VIA}`);
    for (const [name, value] of personal?.entries() ?? []) {
      headers.append(name, value);
    }
    headers.set("Cache-Status", status.format(this.cacheStatusName));
    const body = this.method === "HEAD" ? null : entry.body;
    if (this.method === "HEAD") {
      headers.set("Content-Length", String(entry.body.length));
    }
    return new Response(body, { status: entry.status, headers });
  }

  /**
   * An upstream response passed on, or 304 when the client's validators match it.
   *
   * @param {import("../core/http/Headers.js").Headers} headers its fields, hop-by-hop fields removed
   * @param {string | undefined} upstreamStatus the upstream's own `Cache-Status` members, kept before ours
   * @param body a stream or bytes, or null
   */
  fromUpstream(code, headers, status, upstreamStatus, body) {
    const fields = headers.without("Cache-Status");
    if (Conditionals.notModified(this.method, this.requestHeaders, code, fields.without("Via"))) {
      return this.respond(304, Conditionals.notModifiedHeaders(fields), status, null, upstreamStatus);
    }
    const noBody = this.method === "HEAD" || code === 204 || code === 304;
    return this.respond(code, fields, status, noBody ? null : body, upstreamStatus);
  }

  /** A short plain-text error that carries `Cache-Status` too. */
  error(code, status, message, extra) {
    const builder = extra === undefined ? [] : [...extra.entries()];
    const headers = new Headers([
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Cache-Control", "no-store"],
      ...builder,
    ]);
    headers.set("Cache-Status", status.format(this.cacheStatusName));
    return new Response(this.method === "HEAD" ? null : `${message}\n`, { status: code, headers });
  }

  respond(code, fields, status, body, upstreamStatus) {
    const headers = new Headers();
    for (const [name, value] of fields.entries()) {
      headers.append(name, value);
    }
    const via = headers.get("Via");
    headers.set("Via", via === null ? EDGE_VIA : `${via}, ${EDGE_VIA}`);
    const member = status.format(this.cacheStatusName);
    headers.set("Cache-Status", upstreamStatus === undefined ? member : `${upstreamStatus}, ${member}`);
    return new Response(body, { status: code, headers });
  }

  hasValidators() {
    return this.requestHeaders.contains("If-None-Match") || this.requestHeaders.contains("If-Modified-Since");
  }
}
