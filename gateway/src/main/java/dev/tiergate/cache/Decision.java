package dev.tiergate.cache;

import dev.tiergate.http.CacheStatus;

/**
 * What the cache does with a request, decided before any I/O. Each outcome carries a reason
 * code that appears in {@code Cache-Status; detail=} and in the conformance vectors.
 */
public sealed interface Decision {

    /** The reason code. */
    String reason();

    /** The Cache-Status member describing this outcome before the origin (if any) answers. */
    CacheStatus cacheStatus();

    /** Serve the stored response; it is fresh, or stale in a way the request accepts ({@code max-stale}). */
    record Hit(StoredResponse entry, long ageSeconds, long ttlSeconds, String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            return CacheStatus.hit(ttlSeconds, reason);
        }
    }

    /** Serve the stale response now and refresh it in the background (RFC 5861 §3). */
    record StaleWhileRevalidate(StoredResponse entry, long ageSeconds, long ttlSeconds, String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            return CacheStatus.hit(ttlSeconds, reason);
        }
    }

    /**
     * Ask the origin, conditionally when the entry has validators; the entry answers a 304 and may be
     * served if the origin fails within {@code stale-if-error}.
     *
     * @param forward {@code stale} when the entry needs validation, {@code request} when the client asked for it
     */
    record Revalidate(StoredResponse entry, String forward, String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            return CacheStatus.forward(forward, reason);
        }
    }

    /**
     * Nothing stored matches: fetch from the origin.
     *
     * @param forward {@code uri-miss} or {@code vary-miss}
     */
    record Miss(String forward, String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            // fwd=uri-miss / vary-miss already says it all; no detail.
            return CacheStatus.forward(forward, null);
        }
    }

    /**
     * Forward without looking up or storing.
     *
     * @param forward {@code bypass} (route or request) or {@code method}
     */
    record Bypass(String forward, String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            return CacheStatus.forward(forward, reason);
        }
    }

    /** {@code only-if-cached} and nothing usable stored: answer 504 (RFC 9111 §5.2.1.7). */
    record Unsatisfiable(String reason) implements Decision {
        @Override
        public CacheStatus cacheStatus() {
            return CacheStatus.forward("miss", reason);
        }
    }
}
