/**
 * Primary cache keys: the normalised host and the request target, so that every method answered
 * from the cache (GET and HEAD) and every invalidation of the URI address the same entry. The twin of
 * `dev.tiergate.cache.CacheKeys`.
 */
export const CacheKeys = Object.freeze({
  /**
   * The primary key for a request target on a host.
   *
   * @param {string} host the Host field value; case and a default port do not make a different key
   * @param {string} target the request target in origin form (`/path?query`)
   * @returns {string}
   */
  primary(host, target) {
    // String.prototype.toLowerCase is locale-independent, as Java's toLowerCase(Locale.ROOT) is.
    let normalisedHost = host.toLowerCase();
    if (normalisedHost.endsWith(":80")) {
      normalisedHost = normalisedHost.substring(0, normalisedHost.length - 3);
    }
    return normalisedHost + target;
  },
});
