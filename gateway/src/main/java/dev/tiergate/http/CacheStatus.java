package dev.tiergate.http;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One member of the {@code Cache-Status} field (RFC 9211) describing what this cache did.
 *
 * @param hit the response was served from cache without contacting the origin
 * @param forward why the request went to the origin ({@code uri-miss}, {@code vary-miss},
 *     {@code stale}, {@code request}, {@code bypass}, {@code method}, {@code miss}); empty on a hit
 * @param forwardStatus the status the origin answered with, when it was contacted
 * @param ttlSeconds remaining freshness of the response in this cache (negative when stale)
 * @param stored the response was stored
 * @param collapsed the request shared another request's origin fetch
 * @param detail the reason code
 */
public record CacheStatus(boolean hit, Optional<String> forward, OptionalInt forwardStatus, OptionalLong ttlSeconds,
                          boolean stored, boolean collapsed, Optional<String> detail) {

    /** The cache's identifier in the field. */
    public static final String CACHE_NAME = "Tiergate";
    /** The field name. */
    public static final String FIELD = "Cache-Status";

    /** A hit with its remaining freshness. */
    public static CacheStatus hit(long ttlSeconds, String detail) {
        return new CacheStatus(true, Optional.empty(), OptionalInt.empty(), OptionalLong.of(ttlSeconds), false, false,
                Optional.ofNullable(detail));
    }

    /** A forward for the given reason, before the origin has answered. */
    public static CacheStatus forward(String reason, String detail) {
        return new CacheStatus(false, Optional.of(reason), OptionalInt.empty(), OptionalLong.empty(), false, false,
                Optional.ofNullable(detail));
    }

    public CacheStatus withForwardStatus(int status) {
        return new CacheStatus(hit, forward, OptionalInt.of(status), ttlSeconds, stored, collapsed, detail);
    }

    public CacheStatus withStored(long ttl) {
        return new CacheStatus(hit, forward, forwardStatus, OptionalLong.of(ttl), true, collapsed, detail);
    }

    public CacheStatus withTtl(long ttl) {
        return new CacheStatus(hit, forward, forwardStatus, OptionalLong.of(ttl), stored, collapsed, detail);
    }

    public CacheStatus withCollapsed() {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, true, detail);
    }

    public CacheStatus withDetail(String newDetail) {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, Optional.ofNullable(newDetail));
    }

    /** The field member, e.g. {@code Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60}. */
    public String format() {
        return format(CACHE_NAME);
    }

    /**
     * The field member under another cache's name, e.g. the edge worker's {@code tiergate-edge}.
     *
     * @param name the member's name, an RFC 8941 token
     */
    public String format(String name) {
        StringBuilder member = new StringBuilder(name);
        if (hit) {
            member.append("; hit");
        }
        forward.ifPresent(reason -> member.append("; fwd=").append(reason));
        forwardStatus.ifPresent(status -> member.append("; fwd-status=").append(status));
        if (stored) {
            member.append("; stored");
        }
        if (collapsed) {
            member.append("; collapsed");
        }
        ttlSeconds.ifPresent(ttl -> member.append("; ttl=").append(ttl));
        detail.ifPresent(text -> member.append("; detail=").append(text));
        return member.toString();
    }
}
