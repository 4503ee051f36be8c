package dev.tiergate.plan;

import dev.tiergate.cache.Decider;
import dev.tiergate.http.CacheStatus;
import java.util.Optional;
import java.util.Set;

/**
 * What a client response was, read from the {@code Cache-Status} member the gateway sent with it: the outcome that
 * tags the request-duration histogram and the tier the access log names. A bounded set, so that a route's series stay
 * few.
 */
public enum ServedOutcome {
    /** A fresh (or client-accepted stale) entry from the instance's own memory. */
    L1_HIT("l1-hit", Optional.of(CacheStatus.TIER_L1)),
    /** An entry from the region's Redis, including one another instance stored while this one waited ({@code peer-fill}). */
    L2_HIT("l2-hit", Optional.of(CacheStatus.TIER_L2)),
    /** The origin's answer to a cacheable request: a miss, a revalidation (its 304 included), a collapsed wait on one. */
    MISS("miss", Optional.of(ServedOutcome.TIER_ORIGIN)),
    /** A stale entry: served while revalidating in the background, or because the origin failed. */
    STALE("stale", Optional.of(ServedOutcome.TIER_STALE)),
    /** Forwarded without the cache: a bypass route, an unsafe method, a request the cache may not answer. */
    BYPASS("bypass", Optional.of(ServedOutcome.TIER_ORIGIN)),
    /** An error the gateway answered itself (401, 408, 429, 502, 503, 504, ...): nothing served it. */
    ERROR("error", Optional.empty());

    /** The access log's tier of a response the origin sent (or confirmed with a 304). */
    public static final String TIER_ORIGIN = "origin";
    /** The access log's tier of a stale entry. */
    public static final String TIER_STALE = "stale";

    /** Details of a stored response served past its freshness. */
    private static final Set<String> STALE_DETAILS = Set.of(Decider.STALE_WHILE_REVALIDATE, Decider.MAX_STALE, "stale-if-error");
    /** Forward reasons that mean the cache was not used at all. */
    private static final Set<String> BYPASS_REASONS = Set.of("bypass", "method");
    private static final String PEER_FILL = "peer-fill";

    private final String tag;
    private final Optional<String> tier;

    ServedOutcome(String tag, Optional<String> tier) {
        this.tag = tag;
        this.tier = tier;
    }

    /** The metric tag value, e.g. {@code l1-hit}. */
    public String tag() {
        return tag;
    }

    /** Which tier served the response ({@code l1}, {@code l2}, {@code origin}, {@code stale}); empty for the gateway's own errors. */
    public Optional<String> tier() {
        return tier;
    }

    /**
     * The outcome of a response.
     *
     * @param status the member the response carried
     * @param generated true when the gateway wrote the response itself (an error or refusal), not an entry or the origin's
     */
    public static ServedOutcome of(CacheStatus status, boolean generated) {
        if (generated) {
            return ERROR;
        }
        if (status.detail().filter(STALE_DETAILS::contains).isPresent()) {
            return STALE;
        }
        if (status.hit() || status.detail().filter(PEER_FILL::equals).isPresent()) {
            return status.tier().filter(CacheStatus.TIER_L2::equals).isPresent() ? L2_HIT : L1_HIT;
        }
        if (status.forward().filter(BYPASS_REASONS::contains).isPresent()) {
            return BYPASS;
        }
        return MISS;
    }
}
