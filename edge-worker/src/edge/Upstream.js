import { Headers as CoreHeaders } from "../core/http/Headers.js";
import { HopByHop } from "../core/http/HopByHop.js";
import { UPSTREAM_SECRET_FIELD } from "./EdgeConfig.js";

/**
 * The request directive the worker sends when its request carries none. A fetch with `cache: "no-store"`
 * gets `Cache-Control: no-cache` (and `Pragma: no-cache`) from the runtime when it has no Cache-Control
 * of its own (Fetch standard, HTTP-network-or-cache fetch), which would make the gateway revalidate every
 * edge miss instead of answering from its cache. An unknown directive is ignored by every cache (RFC 9111
 * §5.2.3), and with a Cache-Control present Pragma is ignored too (§5.4).
 */
export const NEUTRAL_CACHE_CONTROL = "tiergate-edge-fetch";

/** Transport faults, with the reason code and status the gateway uses for each. */
export const FAULT = Object.freeze({
  unreachable: { detail: "origin-unreachable", status: 502 },
  timeout: { detail: "origin-timeout", status: 504 },
  reset: { detail: "origin-reset", status: 502 },
});

/**
 * Requests to the worker's upstream (the regional gateway, or the route's origin): a bounded wait for
 * the response head, and every failure as a typed fault instead of an exception.
 */
export class Upstream {
  /**
   * @param fetcher the runtime's `fetch`
   * @param config the worker's configuration (upstream base URL and secret)
   */
  constructor(fetcher, config) {
    this.fetcher = fetcher;
    this.config = config;
  }

  /** The base URL requests for a route go to. */
  baseUrl(policy, route) {
    if (this.config.upstream !== undefined) {
      return this.config.upstream;
    }
    return policy.originOf(route).url.replace(/\/+$/, "");
  }

  /**
   * Sends a request; resolves to `{ response, headers }` (the response's fields as the core's Headers,
   * hop-by-hop fields removed) or `{ fault }`.
   *
   * @param {CoreHeaders} headers the fields to send
   * @param {number} timeoutMs how long to wait for the response head
   */
  async send(url, method, headers, body, timeoutMs) {
    const fields = new Headers();
    for (const [name, value] of headers.entries()) {
      // The runtime sets Host from the URL; the original host travels in X-Forwarded-Host.
      if (name.toLowerCase() !== "host") {
        fields.append(name, value);
      }
    }
    if (!fields.has("Cache-Control")) {
      fields.set("Cache-Control", NEUTRAL_CACHE_CONTROL);
    }
    if (this.config.upstreamSecret !== undefined) {
      fields.set(UPSTREAM_SECRET_FIELD, this.config.upstreamSecret);
    }
    try {
      const response = await this.fetcher(url, {
        method,
        headers: fields,
        body: method === "GET" || method === "HEAD" ? undefined : body,
        redirect: "manual",
        // Entries live in the Cache API under public URLs: the fetch must neither read nor fill that cache.
        cache: "no-store",
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { response, headers: HopByHop.strip(CoreHeaders.copyOf(response.headers)) };
    } catch (error) {
      const name = error?.name ?? "";
      if (name === "TimeoutError" || name === "AbortError") {
        return { fault: "timeout" };
      }
      return { fault: /reset|closed|disconnect/i.test(String(error?.message)) ? "reset" : "unreachable" };
    }
  }
}
