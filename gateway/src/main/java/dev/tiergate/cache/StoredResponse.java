package dev.tiergate.cache;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.CurrentAge;
import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A response held by a cache tier, with everything its reuse depends on computed at store time.
 *
 * @param status the response status
 * @param headers the stored fields (hop-by-hop and Set-Cookie removed)
 * @param body the complete body
 * @param responseTime when the response (or the 304 that last freshened it) arrived
 * @param initialAgeSeconds the corrected initial age (RFC 9111 §4.2.3)
 * @param lifetimeSeconds the freshness lifetime
 * @param staleWhileRevalidateSeconds how long after expiry it may be served while refreshing
 * @param staleIfErrorSeconds how long after expiry it may be served when the origin fails
 * @param directives the response directives that governed storing, kept for reuse rules
 * @param varyFields the request fields the response varies on, lower case
 * @param secondaryKey the normalised values of those fields in the request that stored it
 * @param tags purge tags
 * @param generations the purge generations it was stored under
 * @param fetchMillis how long the origin fetch (or revalidation) that produced it took, for early
 *     refresh (XFetch's delta); 0 when unknown
 */
public record StoredResponse(int status, Headers headers, byte[] body, Instant responseTime, long initialAgeSeconds,
                             long lifetimeSeconds, long staleWhileRevalidateSeconds, long staleIfErrorSeconds,
                             CacheControl directives, List<String> varyFields, String secondaryKey, Set<String> tags,
                             Generations generations, long fetchMillis) {

    public StoredResponse {
        if (fetchMillis < 0) {
            throw new IllegalArgumentException("fetchMillis: " + fetchMillis + " (expected: >= 0)");
        }
        // Immutable copies (the same object when already one): nothing shared can change an entry, and an
        // empty list is the shared empty list rather than an ArrayList of its own in every entry.
        varyFields = List.copyOf(varyFields);
        tags = Set.copyOf(tags);
    }

    /** A response whose fetch duration is not known. */
    public StoredResponse(int status, Headers headers, byte[] body, Instant responseTime, long initialAgeSeconds,
                          long lifetimeSeconds, long staleWhileRevalidateSeconds, long staleIfErrorSeconds,
                          CacheControl directives, List<String> varyFields, String secondaryKey, Set<String> tags,
                          Generations generations) {
        this(status, headers, body, responseTime, initialAgeSeconds, lifetimeSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds,
                directives, varyFields, secondaryKey, tags, generations, 0);
    }

    /** A response not stamped with purge generations yet ({@link Generations#NONE}). */
    public StoredResponse(int status, Headers headers, byte[] body, Instant responseTime, long initialAgeSeconds,
                          long lifetimeSeconds, long staleWhileRevalidateSeconds, long staleIfErrorSeconds,
                          CacheControl directives, List<String> varyFields, String secondaryKey, Set<String> tags) {
        this(status, headers, body, responseTime, initialAgeSeconds, lifetimeSeconds, staleWhileRevalidateSeconds, staleIfErrorSeconds,
                directives, varyFields, secondaryKey, tags, Generations.NONE);
    }

    /** A copy stamped with {@code stamp}. */
    public StoredResponse withGenerations(Generations stamp) {
        return new StoredResponse(status, headers, body, responseTime, initialAgeSeconds, lifetimeSeconds, staleWhileRevalidateSeconds,
                staleIfErrorSeconds, directives, varyFields, secondaryKey, tags, stamp, fetchMillis);
    }

    /** A copy recording that its fetch took {@code millis}. */
    public StoredResponse withFetchMillis(long millis) {
        return new StoredResponse(status, headers, body, responseTime, initialAgeSeconds, lifetimeSeconds, staleWhileRevalidateSeconds,
                staleIfErrorSeconds, directives, varyFields, secondaryKey, tags, generations, millis);
    }

    /** A copy whose freshness lifetime is {@code seconds} (an adaptive TTL's). */
    public StoredResponse withLifetimeSeconds(long seconds) {
        return new StoredResponse(status, headers, body, responseTime, initialAgeSeconds, seconds, staleWhileRevalidateSeconds,
                staleIfErrorSeconds, directives, varyFields, secondaryKey, tags, generations, fetchMillis);
    }

    /**
     * A copy that is no longer fresh at {@code now} (a soft purge): its lifetime ends at its current
     * age, so the stale windows count from now and the Decider serves it only as stale
     * (stale-while-revalidate) or revalidates it. Returns this response when it is already stale.
     */
    public StoredResponse asExpired(Instant now) {
        long age = ageSeconds(now);
        if (lifetimeSeconds <= age) {
            return this;
        }
        return new StoredResponse(status, headers, body, responseTime, initialAgeSeconds, age, staleWhileRevalidateSeconds,
                staleIfErrorSeconds, directives, varyFields, secondaryKey, tags, generations, fetchMillis);
    }

    /** The entry's current age at {@code now}. */
    public long ageSeconds(Instant now) {
        return CurrentAge.currentAgeSeconds(initialAgeSeconds, responseTime, now);
    }

    /** Remaining freshness at {@code now}; zero or negative once stale. */
    public long ttlSeconds(Instant now) {
        return lifetimeSeconds - ageSeconds(now);
    }

    /** True when a revalidation can be conditional. */
    public boolean hasValidators() {
        return headers.contains("ETag") || headers.contains("Last-Modified");
    }

    /** An approximate memory footprint, used to weigh entries. */
    public int sizeBytes() {
        return body.length + headers.sizeBytes() + secondaryKey.length() + 128 + 48 * generations.tags().size();
    }
}
