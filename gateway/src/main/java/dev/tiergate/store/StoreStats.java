package dev.tiergate.store;

/**
 * The tiers' state at one moment, for {@code GET /stats}.
 *
 * @param l1Entries entries held in L1 (approximate)
 * @param l1Bytes their weight: header and body bytes
 * @param l1Hits L1 lookups that found an entry, since start
 * @param l1Misses L1 lookups that found none
 * @param l2Configured true when there is a regional tier
 * @param l2Hits L2 lookups that returned a usable entry
 * @param l2Misses L2 lookups that returned none (absent, or purged)
 * @param l2Errors L2 lookups that failed (fault, timeout, open breaker)
 * @param breakerState the L2 breaker: CLOSED, HALF_OPEN or OPEN
 * @param busSubscribed true while purges from other instances reach this one
 * @param busResyncs how many times L1 was dropped because the bus had been lost
 * @param generationScopes purge scopes whose generations are held locally
 */
public record StoreStats(long l1Entries, long l1Bytes, long l1Hits, long l1Misses, boolean l2Configured, long l2Hits, long l2Misses,
                         long l2Errors, String breakerState, boolean busSubscribed, long busResyncs, long generationScopes) {
}
