package dev.tiergate.plan;

import dev.tiergate.cache.StoredResponse;
import dev.tiergate.http.CacheStatus;

/** What a client gets when the origin could not answer a cacheable fetch (RFC 5861 §4). */
public sealed interface FailurePlan {

    /** Within {@code stale-if-error}: the stored response, marked as such. */
    record ServeStale(StoredResponse entry, CacheStatus cacheStatus) implements FailurePlan {
    }

    /**
     * No stored response may be used: the origin's error status, or 502 / 503 / 504 for a fault.
     *
     * @param status the status the client gets
     */
    record Fail(int status, CacheStatus cacheStatus) implements FailurePlan {
    }
}
