package dev.tiergate.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tiergate.policy.TokenResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Tokens that verified recently, so that a client's repeated requests cost one signature check
 * instead of one each. An entry is used only strictly inside the token's own validity
 * ({@code nbf} ≤ now < {@code exp}); at its edges, where clock skew matters, the token is verified
 * in full again. Entries also expire after a few minutes, which bounds how long a key removed
 * from the JWKS goes on being honoured.
 */
final class VerifiedTokens {

    /** Total token bytes held; tokens are at most 8 KiB, so this is at least 2,048 of them. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final Duration RETENTION = Duration.ofMinutes(5);

    private final Cache<String, TokenResult> verified;
    private final InstantSource clock;

    VerifiedTokens(InstantSource clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(MAX_BYTES)
                .weigher((String token, TokenResult result) -> token.length() + 256)
                .expireAfterWrite(RETENTION)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .build();
    }

    /** The earlier result for this token, when it is still strictly within its validity. */
    Optional<TokenResult> lookup(String token) {
        TokenResult result = verified.getIfPresent(token);
        if (result == null) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        long exp = seconds(result.claims().get("exp"), Long.MIN_VALUE);
        long nbf = seconds(result.claims().get("nbf"), Long.MIN_VALUE);
        if (now >= exp || now < nbf) {
            verified.invalidate(token);
            return Optional.empty();
        }
        return Optional.of(result);
    }

    /** Remembers a result; only valid tokens are kept (a forged one must be checked every time). */
    void remember(String token, TokenResult result) {
        if (result.state() == TokenResult.State.VALID) {
            verified.put(token, result);
        }
    }

    private static long seconds(Object claim, long absent) {
        return claim instanceof Number number ? number.longValue() : absent;
    }
}
