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
 * @param tier which of this cache's tiers held the stored response the member is about ({@link #TIER_L1},
 *     {@link #TIER_L2}); empty when no stored response was used, or for a cache of one tier
 * @param adaptiveTtlSeconds the lifetime a route's {@code adaptiveTtl} gave the response stored, when it decided it
 */
public record CacheStatus(boolean hit, Optional<String> forward, OptionalInt forwardStatus, OptionalLong ttlSeconds,
                          boolean stored, boolean collapsed, Optional<String> detail, Optional<String> tier,
                          OptionalLong adaptiveTtlSeconds) {

    /** A member without an adaptive TTL. */
    public CacheStatus(boolean hit, Optional<String> forward, OptionalInt forwardStatus, OptionalLong ttlSeconds,
                       boolean stored, boolean collapsed, Optional<String> detail, Optional<String> tier) {
        this(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, detail, tier, OptionalLong.empty());
    }

    /** The member name when the policy names none ({@code server.cacheStatusName}). */
    public static final String CACHE_NAME = "Tiergate";
    /** The field name. */
    public static final String FIELD = "Cache-Status";
    /** The {@code tier} of a stored response found in the instance's own memory. */
    public static final String TIER_L1 = "l1";
    /** The {@code tier} of a stored response found in the region's shared Redis. */
    public static final String TIER_L2 = "l2";

    /** What an RFC 8941 token may hold after its first character, besides letters and digits (RFC 9110 tchar, ":" and "/"). */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~:/";

    /** A hit with its remaining freshness. */
    public static CacheStatus hit(long ttlSeconds, String detail) {
        return new CacheStatus(true, Optional.empty(), OptionalInt.empty(), OptionalLong.of(ttlSeconds), false, false,
                Optional.ofNullable(detail), Optional.empty());
    }

    /** A forward for the given reason, before the origin has answered. */
    public static CacheStatus forward(String reason, String detail) {
        return new CacheStatus(false, Optional.of(reason), OptionalInt.empty(), OptionalLong.empty(), false, false,
                Optional.ofNullable(detail), Optional.empty());
    }

    public CacheStatus withForwardStatus(int status) {
        return new CacheStatus(hit, forward, OptionalInt.of(status), ttlSeconds, stored, collapsed, detail, tier, adaptiveTtlSeconds);
    }

    public CacheStatus withStored(long ttl) {
        return new CacheStatus(hit, forward, forwardStatus, OptionalLong.of(ttl), true, collapsed, detail, tier, adaptiveTtlSeconds);
    }

    public CacheStatus withTtl(long ttl) {
        return new CacheStatus(hit, forward, forwardStatus, OptionalLong.of(ttl), stored, collapsed, detail, tier, adaptiveTtlSeconds);
    }

    public CacheStatus withCollapsed() {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, true, detail, tier, adaptiveTtlSeconds);
    }

    public CacheStatus withDetail(String newDetail) {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, Optional.ofNullable(newDetail), tier, adaptiveTtlSeconds);
    }

    /** The tier the stored response came from; null removes it. */
    public CacheStatus withTier(String newTier) {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, detail, Optional.ofNullable(newTier), adaptiveTtlSeconds);
    }

    /** The lifetime a route's {@code adaptiveTtl} gave the stored response ({@code adaptive-ttl=}). */
    public CacheStatus withAdaptiveTtl(long seconds) {
        return new CacheStatus(hit, forward, forwardStatus, ttlSeconds, stored, collapsed, detail, tier, OptionalLong.of(seconds));
    }

    /** The field member under {@link #CACHE_NAME}, e.g. {@code Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60}. */
    public String format() {
        return format(CACHE_NAME);
    }

    /**
     * The field member under a cache's name, e.g. the policy's {@code server.cacheStatusName} or the edge
     * worker's {@code tiergate-edge}. Parameters come in a fixed order, so that both implementations write
     * byte-identical members: RFC 9211's own first ({@code hit, fwd, fwd-status, stored, collapsed, ttl,
     * detail}), then this cache's extensions, {@code tier} and {@code adaptive-ttl} (the gateway's alone).
     *
     * @param name the member's name, an RFC 8941 token ({@link #isValidName})
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
        tier.ifPresent(held -> member.append("; tier=").append(held));
        adaptiveTtlSeconds.ifPresent(seconds -> member.append("; adaptive-ttl=").append(seconds));
        return member.toString();
    }

    /**
     * True when {@code name} can name a cache in the field. RFC 9211 §2: members are identified by an
     * sf-token or an sf-string; this cache writes tokens only, which RFC 8941 §3.3.4 defines as
     * {@code ( ALPHA / "*" ) *( tchar / ":" / "/" )}.
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || !(isAlpha(name.charAt(0)) || name.charAt(0) == '*')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5234 ALPHA: ASCII letters only. */
    private static boolean isAlpha(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
