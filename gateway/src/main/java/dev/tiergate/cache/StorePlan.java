package dev.tiergate.cache;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.CurrentAge;
import dev.tiergate.http.Freshness;
import dev.tiergate.http.Headers;
import dev.tiergate.http.Storability;
import dev.tiergate.http.TargetedCacheControl;
import dev.tiergate.http.VaryMatch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an origin response is stored, and the entry it becomes.
 *
 * @param reason {@link Storability.Reason#STORABLE} or why not
 * @param entry the entry to store, present only when storable
 */
public record StorePlan(Storability.Reason reason, Optional<StoredResponse> entry) {

    /** Response fields never kept in a shared entry: personal state and per-connection fields. */
    static final String[] UNSTORED_FIELDS = {"Set-Cookie", "Set-Cookie2", "Age"};

    /** True when the response is to be stored. */
    public boolean storable() {
        return entry.isPresent();
    }

    /**
     * Plans storing a complete origin response.
     *
     * @param request the client request that led to the origin request
     * @param status the origin status
     * @param responseHeaders the origin fields, hop-by-hop fields already removed
     * @param body the body (may be empty)
     * @param requestTime when the origin request was sent
     * @param responseTime when the origin response arrived
     * @param rule the route's cache rule
     * @param tags tags to attach
     */
    public static StorePlan plan(CacheRequest request, int status, Headers responseHeaders, byte[] body,
                                 Instant requestTime, Instant responseTime, CacheRule rule, Set<String> tags) {
        TargetedCacheControl.Selection selection = TargetedCacheControl.select(responseHeaders);
        Freshness.Lifetime lifetime = effectiveLifetime(status, responseHeaders, selection, responseTime, rule);
        Storability.Reason reason = Storability.check(request.method(), request.headers(), status, responseHeaders,
                selection, lifetime, rule.allowSetCookie());
        if (reason != Storability.Reason.STORABLE) {
            return new StorePlan(reason, Optional.empty());
        }
        CacheControl directives = selection.directives();
        List<String> varyFields = VaryMatch.fields(responseHeaders);
        String secondaryKey = request.variant() + VaryMatch.secondaryKey(varyFields, request.headers()).orElseThrow();
        StoredResponse entry = new StoredResponse(status, responseHeaders.without(UNSTORED_FIELDS), body, responseTime,
                CurrentAge.correctedInitialAgeSeconds(responseHeaders, requestTime, responseTime), lifetime.seconds(),
                window(directives, "stale-while-revalidate", rule.staleWhileRevalidateSeconds().orElse(0)),
                window(directives, "stale-if-error", rule.staleIfErrorSeconds().orElse(0)),
                directives, varyFields, secondaryKey, Set.copyOf(tags));
        if (entry.lifetimeSeconds() <= 0 && !entry.hasValidators() && entry.staleIfErrorSeconds() == 0
                && entry.staleWhileRevalidateSeconds() == 0) {
            // "a response with no freshness and no validator can never be reused" — keep it out of the tier.
            return new StorePlan(Storability.Reason.NO_FRESHNESS, Optional.empty());
        }
        return new StorePlan(reason, Optional.of(entry));
    }

    /**
     * The lifetime after the route has had its say: a {@code ttl} replaces the origin's; a 404 or 410
     * without explicit freshness gets the {@code negativeTtl}; any other lifetime the origin sets
     * (explicit or heuristic) is held between {@code minTtl} and {@code maxTtl}.
     */
    static Freshness.Lifetime effectiveLifetime(int status, Headers headers, TargetedCacheControl.Selection selection,
                                                Instant responseTime, CacheRule rule) {
        if (rule.ttlSeconds().isPresent()) {
            return new Freshness.Lifetime(rule.ttlSeconds().getAsLong(), Freshness.Source.OVERRIDE);
        }
        Freshness.Lifetime origin = Freshness.lifetime(status, headers, selection, responseTime);
        if ((status == 404 || status == 410) && !origin.isExplicit() && rule.negativeTtlSeconds().isPresent()) {
            return new Freshness.Lifetime(rule.negativeTtlSeconds().getAsLong(), Freshness.Source.OVERRIDE);
        }
        if (origin.source() == Freshness.Source.NONE) {
            return origin;
        }
        long seconds = origin.seconds();
        seconds = Math.max(seconds, rule.minTtlSeconds().orElse(0));
        seconds = Math.min(seconds, rule.maxTtlSeconds().orElse(Long.MAX_VALUE));
        return new Freshness.Lifetime(seconds, origin.source());
    }

    /**
     * An RFC 5861 window: the origin's directive when it sends one, else the route's default. Under
     * {@code s-maxage}, which "incorporates the semantics of the proxy-revalidate response directive"
     * (RFC 9111 §5.2.2.10), only the origin's own window applies: "A cache MUST NOT generate a stale response
     * if it is prohibited by an explicit in-protocol directive (e.g., ... an applicable s-maxage ...)" (§4.2.4).
     */
    static long window(CacheControl directives, String directive, long routeDefaultSeconds) {
        if (directives.has(directive)) {
            return directives.deltaSeconds(directive).orElse(0);
        }
        return directives.has("s-maxage") ? 0 : routeDefaultSeconds;
    }

    /**
     * How long a tier should keep the entry, counted from {@code now}: its remaining freshness, then the
     * longest stale window, or the keep period when it can be revalidated.
     */
    public static long retentionSeconds(StoredResponse entry, Instant now, CacheRule rule) {
        long afterExpiry = Math.max(entry.staleWhileRevalidateSeconds(), entry.staleIfErrorSeconds());
        if (entry.hasValidators()) {
            afterExpiry = Math.max(afterExpiry, rule.keepSeconds());
        }
        return Math.max(0, entry.ttlSeconds(now)) + afterExpiry;
    }
}
