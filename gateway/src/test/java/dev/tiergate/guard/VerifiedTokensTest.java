package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.TokenResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Remembered verifications are reused only strictly inside the token's own validity. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final InstantSource clock = now::get;
    private final VerifiedTokens tokens = new VerifiedTokens(clock);

    private static TokenResult valid(Instant exp) {
        return TokenResult.valid(Map.of("sub", "alice", "exp", exp.getEpochSecond()));
    }

    @Test
    void validTokenIsReusedWhileItIsValid() {
        TokenResult result = valid(NOW.plusSeconds(600));
        tokens.remember("t", result);

        now.set(NOW.plusSeconds(200));

        assertThat(tokens.lookup("t")).hasValue(result);
    }

    @Test
    void tokenAtOrPastItsExpiryIsVerifiedAgain() {
        tokens.remember("t", valid(NOW.plusSeconds(60)));

        now.set(NOW.plusSeconds(60));

        assertThat(tokens.lookup("t")).isEmpty();
    }

    @Test
    void tokenNotYetValidIsVerifiedAgain() {
        tokens.remember("t", TokenResult.valid(Map.of("exp", NOW.plusSeconds(600).getEpochSecond(), "nbf", NOW.plusSeconds(60).getEpochSecond())));

        assertThat(tokens.lookup("t")).isEmpty();
    }

    @Test
    void rejectedTokensAreNeverRemembered() {
        tokens.remember("forged", TokenResult.invalid("bad-signature"));

        assertThat(tokens.lookup("forged")).isEmpty();
    }

    @Test
    void rememberedVerificationsLapseSoThatARemovedKeyStopsBeingHonoured() {
        tokens.remember("t", valid(NOW.plus(Duration.ofDays(1))));

        now.set(NOW.plus(VerifiedTokens.RETENTION).plusSeconds(1));

        assertThat(tokens.lookup("t")).isEmpty();
    }
}
