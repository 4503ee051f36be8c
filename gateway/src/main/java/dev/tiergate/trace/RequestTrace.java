package dev.tiergate.trace;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.plan.ServedOutcome;
import dev.tiergate.policy.OriginSettings;

/**
 * The trace of one client request (its server span) or of one background refresh, and the spans of the steps taken
 * for it. Without tracing every request shares {@link #NONE}, which records nothing, so that the hit path pays no
 * allocation for tracing it does not do.
 */
public interface RequestTrace {

    /** A request that is not traced. */
    RequestTrace NONE = new RequestTrace() {
    };

    /** True when spans are being made for this request (tracing is on, whether or not this trace is sampled). */
    default boolean recording() {
        return false;
    }

    /** The policy route the request matched, which names the server span. */
    default void routed(String route) {
    }

    /** Starts the L1 lookup. */
    default TraceSpan l1Lookup() {
        return TraceSpan.NONE;
    }

    /** Starts the L2 get. */
    default TraceSpan l2Get() {
        return TraceSpan.NONE;
    }

    /** Starts the L2 write of a response this request stored. */
    default TraceSpan l2Set() {
        return TraceSpan.NONE;
    }

    /**
     * Starts an origin request, a child of this trace's span whose context the origin is sent.
     *
     * @param originName the origin's name in the policy
     */
    default OriginFetch originFetch(String originName, OriginSettings origin, String method) {
        return OriginFetch.NONE;
    }

    /** This request waited for the fetch {@code leader} led instead of asking the origin (request collapsing). */
    default void joined(RequestTrace leader) {
    }

    /**
     * A background refresh this request set off (stale-while-revalidate, early refresh): a trace of its own, linked to
     * this request, since it outlives the response and nobody waits for it. End it with {@link #refreshed()}.
     */
    default RequestTrace refresh(String route) {
        return NONE;
    }

    /** The background refresh is done. */
    default void refreshed() {
    }

    /** The response ended (or its connection closed after it began): the server span's outcome, and its end. */
    default void served(int status, ServedOutcome outcome, CacheStatus cacheStatus, String cacheStatusName, boolean completed) {
    }

    /** The client left before any response began: the server span ends without one. */
    default void abandoned() {
    }
}
