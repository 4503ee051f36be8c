package dev.tiergate.cache;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the cache does with the origin's answer to a fetch it made for the cache (a GET, conditional
 * when the stored entry has validators), decided once the response head has arrived and before any of
 * its body is read. Pure: the gateway, the conformance evaluator and the edge worker all take this
 * decision from {@link #plan}, and only carry it out.
 */
public sealed interface OriginAnswer {

    /** Origin statuses after which a stored entry may be served under {@code stale-if-error} (RFC 5861 §4). */
    Set<Integer> STALE_IF_ERROR_STATUSES = Set.of(500, 502, 503, 504);

    /** The Cache-Status member the client is answered with. */
    CacheStatus cacheStatus();

    /**
     * A 304 freshened the stored entry: store it and serve it.
     *
     * @param entry the freshened entry (RFC 9111 §4.3.4)
     * @param clientFields the 304's fields meant for this client only (its cookies), never stored
     */
    record Freshened(StoredResponse entry, Headers clientFields, CacheStatus cacheStatus) implements OriginAnswer {
    }

    /**
     * A 304 that selects no stored response (another strong validator): fetch the full response
     * unconditionally; nothing is answered yet.
     *
     * @param cacheStatus the Cache-Status the unconditional fetch starts from (the fetch's own)
     */
    record RefetchUnconditionally(CacheStatus cacheStatus) implements OriginAnswer {
    }

    /**
     * The origin answered with an error status while the stored entry is inside {@code stale-if-error}:
     * serve the entry; waiters share the failure.
     *
     * @param failedStatus the origin's status, also the status the failure is shared with
     */
    record ServeStaleOnError(StoredResponse entry, CacheStatus cacheStatus, int failedStatus) implements OriginAnswer {
    }

    /**
     * Stream the response to the client while collecting its body for storing; the entry stored is
     * planned again on the complete body ({@link StorePlan#plan}). A body that outgrows {@code maxBytes}
     * is not stored.
     *
     * @param preview the entry as planned from the response head (empty body, no tags)
     * @param maxBytes the most body bytes collected
     */
    record Collect(StoredResponse preview, long maxBytes, CacheStatus cacheStatus) implements OriginAnswer {
    }

    /**
     * Stream the response to the client without storing it.
     *
     * @param reason why it is not stored: a {@link dev.tiergate.http.Storability.Reason#code()} or
     *     {@code too-large}
     * @param failsWaiters a 5xx: requests waiting on this fetch share it as a failure, so that they do not
     *     all retry a failing origin; otherwise they go to the origin themselves
     */
    record Forward(String reason, CacheStatus cacheStatus, boolean failsWaiters) implements OriginAnswer {
    }

    /** The detail of a response that is not stored because its body is over the route's {@code maxObjectSize}. */
    String TOO_LARGE = "too-large";

    /**
     * Decides what the origin's answer turns into.
     *
     * @param client the client's request (its directives govern stale-if-error; its variant the entry's key)
     * @param sentFields the client fields the origin was sent: Vary is matched against these, since a field
     *     that was withheld could not have shaped the response
     * @param stored the stored entry the fetch revalidates, if any
     * @param conditional the fetch carried the stored entry's validators
     * @param status the origin's status
     * @param headers the origin's fields, hop-by-hop fields removed
     * @param knownLength the body length known from the head ({@link #declaredLength}), or -1 when unknown
     * @param requestTime when the origin request was sent
     * @param responseTime when the origin response arrived
     * @param rule the route's cache rule
     * @param fetchStatus the Cache-Status the fetch was made with (the decision's, perhaps collapsed)
     */
    static OriginAnswer plan(CacheRequest client, Headers sentFields, Optional<StoredResponse> stored, boolean conditional,
                             int status, Headers headers, long knownLength, Instant requestTime, Instant responseTime,
                             CacheRule rule, CacheStatus fetchStatus) {
        if (status == 304 && conditional) {
            // RFC 9111 §4.3.3: a 304 to a conditional request freshens the stored response it selects
            // (§4.3.4); when it selects none, "the cache MUST NOT use the 304 ... to update" and the full
            // response is fetched instead.
            Optional<StoredResponse> freshened = Revalidation.freshen(stored.orElseThrow(), headers, requestTime, responseTime, rule);
            if (freshened.isEmpty()) {
                return new RefetchUnconditionally(fetchStatus);
            }
            // RFC 9111 §3.1: Set-Cookie is personal state, kept out of the shared entry but due to this client.
            Headers cookies = headers.filter(name -> name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("Set-Cookie2"));
            return new Freshened(freshened.get(), cookies,
                    fetchStatus.withForwardStatus(304).withStored(freshened.get().ttlSeconds(responseTime)));
        }
        if (STALE_IF_ERROR_STATUSES.contains(status) && stored.isPresent()
                && Decider.mayServeStaleOnError(stored.get(), client.directives(), responseTime)) {
            // RFC 5861 §4: within stale-if-error, a 500, 502, 503 or 504 may be answered with the stale response.
            return new ServeStaleOnError(stored.get(), staleIfErrorStatus(stored.get(), fetchStatus, status, responseTime), status);
        }
        // RFC 9111 §3: the origin was asked for a GET (a HEAD miss fetches the GET too), so the response is
        // stored as the answer to one, with Vary (§4.1) matched against the fields actually sent.
        CacheRequest fetched = new CacheRequest("GET", sentFields, client.variant());
        StorePlan preview = StorePlan.plan(fetched, status, headers, new byte[0], requestTime, responseTime, rule, Set.of());
        CacheStatus forwarded = fetchStatus.withForwardStatus(status);
        if (preview.storable() && knownLength <= rule.maxObjectBytes()) {
            StoredResponse entry = preview.entry().orElseThrow();
            return new Collect(entry, rule.maxObjectBytes(), forwarded.withStored(entry.ttlSeconds(responseTime)));
        }
        // RFC 9111 §3: a cache MAY store a response it is allowed to; larger bodies than the route's limit are not.
        String reason = preview.storable() ? TOO_LARGE : preview.reason().code();
        return new Forward(reason, forwarded.withDetail(reason), status >= 500);
    }

    /**
     * The Cache-Status of a stale entry served because the origin failed (RFC 5861 §4).
     *
     * @param fetchStatus the Cache-Status the fetch was made with; only whether it was collapsed and the tier the
     *     stale entry came from are kept
     * @param forwardStatus the origin's status, or 0 when it did not answer
     */
    static CacheStatus staleIfErrorStatus(StoredResponse stale, CacheStatus fetchStatus, int forwardStatus, Instant now) {
        CacheStatus served = CacheStatus.forward("stale", "stale-if-error").withTtl(stale.ttlSeconds(now))
                .withTier(fetchStatus.tier().orElse(null));
        if (forwardStatus > 0) {
            served = served.withForwardStatus(forwardStatus);
        }
        return fetchStatus.collapsed() ? served.withCollapsed() : served;
    }

    /** The response's Content-Length, -1 without one; one that does not parse counts as unboundedly large. */
    static long declaredLength(Headers headers) {
        return headers.first("Content-Length").map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }).orElse(-1L);
    }
}
