package dev.tiergate.cache;

import dev.tiergate.http.Conditionals;
import dev.tiergate.http.CurrentAge;
import dev.tiergate.http.Freshness;
import dev.tiergate.http.Headers;
import dev.tiergate.http.TargetedCacheControl;
import java.time.Instant;
import java.util.Optional;

/** Applying an origin's {@code 304 Not Modified} to a stored response (RFC 9111 §4.3.3, §4.3.4). */
public final class Revalidation {

    private Revalidation() {
    }

    /**
     * The stored response freshened by a 304, or empty when the 304 does not select it (a different
     * strong validator), in which case the cache must fetch the full response.
     *
     * @param entry the stored response that was revalidated
     * @param notModifiedHeaders the 304's fields, hop-by-hop fields removed
     * @param requestTime when the conditional request was sent
     * @param responseTime when the 304 arrived
     * @param rule the route's rule, for a TTL override and stale windows
     */
    public static Optional<StoredResponse> freshen(StoredResponse entry, Headers notModifiedHeaders, Instant requestTime,
                                                   Instant responseTime, CacheRule rule) {
        if (!Conditionals.notModifiedSelects(entry.headers(), notModifiedHeaders)) {
            return Optional.empty();
        }
        Headers headers = Conditionals.freshen(entry.headers(), notModifiedHeaders).without(StorePlan.UNSTORED_FIELDS);
        TargetedCacheControl.Selection selection = TargetedCacheControl.select(headers);
        Freshness.Lifetime lifetime = StorePlan.effectiveLifetime(entry.status(), headers, selection, responseTime, rule);
        var directives = selection.directives();
        return Optional.of(new StoredResponse(entry.status(), headers, entry.body(), responseTime,
                CurrentAge.correctedInitialAgeSeconds(notModifiedHeaders, requestTime, responseTime), lifetime.seconds(),
                StorePlan.window(directives, "stale-while-revalidate", rule.staleWhileRevalidateSeconds().orElse(0)),
                StorePlan.window(directives, "stale-if-error", rule.staleIfErrorSeconds().orElse(0)),
                directives, entry.varyFields(), entry.secondaryKey(), entry.tags(), entry.generations()));
    }
}
