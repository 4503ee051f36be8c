import { Conditionals } from "../http/Conditionals.js";
import { CurrentAge } from "../http/CurrentAge.js";
import { TargetedCacheControl } from "../http/TargetedCacheControl.js";
import { StorePlan } from "./StorePlan.js";
import { StoredResponse } from "./StoredResponse.js";

/**
 * Applying an origin's `304 Not Modified` to a stored response (RFC 9111 §4.3.3, §4.3.4): the twin of
 * `dev.tiergate.cache.Revalidation`.
 */
export const Revalidation = Object.freeze({
  /**
   * The stored response freshened by a 304, or undefined when the 304 does not select it (a different
   * strong validator), in which case the cache must fetch the full response.
   *
   * @param {StoredResponse} entry the stored response that was revalidated
   * @param {import("../http/Headers.js").Headers} notModifiedHeaders the 304's fields, hop-by-hop fields removed
   * @param {number} requestTime when the conditional request was sent, epoch milliseconds
   * @param {number} responseTime when the 304 arrived, epoch milliseconds
   * @param {import("./CacheRule.js").CacheRule} rule the route's rule, for a TTL override and stale windows
   * @returns {StoredResponse | undefined}
   */
  freshen(entry, notModifiedHeaders, requestTime, responseTime, rule) {
    if (!Conditionals.notModifiedSelects(entry.headers, notModifiedHeaders)) {
      return undefined;
    }
    const headers = Conditionals.freshen(entry.headers, notModifiedHeaders).without(...StorePlan.UNSTORED_FIELDS);
    const selection = TargetedCacheControl.select(headers);
    const lifetime = StorePlan.effectiveLifetime(entry.status, headers, selection, responseTime, rule);
    const directives = selection.directives;
    // As in the Java, the freshened entry starts with an unknown fetch duration (0): the caller records
    // how long this revalidation took.
    return new StoredResponse(
      entry.status,
      headers,
      entry.body,
      responseTime,
      CurrentAge.correctedInitialAgeSeconds(notModifiedHeaders, requestTime, responseTime),
      lifetime.seconds,
      StorePlan.window(directives, "stale-while-revalidate", rule.staleWhileRevalidateSeconds ?? 0),
      StorePlan.window(directives, "stale-if-error", rule.staleIfErrorSeconds ?? 0),
      directives,
      entry.varyFields,
      entry.secondaryKey,
      entry.tags,
      entry.generations,
    );
  },
});
