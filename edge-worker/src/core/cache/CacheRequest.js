import { CacheControl } from "../http/CacheControl.js";

/**
 * The parts of a client request the cache decisions read: the twin of `dev.tiergate.cache.CacheRequest`.
 */
export class CacheRequest {
  /**
   * @param {string} method the request method, upper case
   * @param {import("../http/Headers.js").Headers} headers the request header fields
   * @param {string} [variant] the policy's variant dimensions of the key (segment, keyed headers and cookies)
   *     in canonical form; responses stored for one variant are never served to another. Empty by default,
   *     as for a request with no policy variant dimensions.
   */
  constructor(method, headers, variant = "") {
    /** @type {string} */
    this.method = method;
    /** @type {import("../http/Headers.js").Headers} */
    this.headers = headers;
    /** @type {string} */
    this.variant = variant;
    Object.freeze(this);
  }

  /**
   * The request's cache directives; `Pragma: no-cache` counts as `no-cache` only when the request has no
   * Cache-Control field (RFC 9111 §5.4).
   *
   * @returns {CacheControl}
   */
  directives() {
    const cacheControl = this.headers.combined("Cache-Control");
    if (cacheControl !== undefined) {
      return CacheControl.parse(cacheControl);
    }
    const pragma = this.headers.combined("Pragma");
    const pragmaNoCache = pragma !== undefined && CacheControl.parse(pragma).has("no-cache");
    return pragmaNoCache ? CacheControl.parse("no-cache") : CacheControl.EMPTY;
  }

  /**
   * GET and HEAD may be answered from the cache; HEAD uses the stored GET response.
   *
   * @returns {boolean}
   */
  isCacheableMethod() {
    return this.method === "GET" || this.method === "HEAD";
  }
}
