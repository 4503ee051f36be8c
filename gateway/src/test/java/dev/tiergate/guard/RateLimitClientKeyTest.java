package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitClientKeyTest {

    private static final String IP = "203.0.113.7";

    @Test
    void clientIpUsesTheAddress() {
        assertThat(RateLimiter.clientKey(spec(By.CLIENT_IP, null), IP, Optional.of("alice"), Headers.of("X-Api-Key", "k")))
                .isEqualTo(IP);
    }

    @Test
    void jwtSubjectUsesTheSubject() {
        assertThat(RateLimiter.clientKey(spec(By.JWT_SUBJECT, null), IP, Optional.of("alice"), Headers.EMPTY))
                .isEqualTo("sub:alice");
    }

    @Test
    void jwtSubjectFallsBackToTheAddressForAnonymousCallers() {
        assertThat(RateLimiter.clientKey(spec(By.JWT_SUBJECT, null), IP, Optional.empty(), Headers.EMPTY))
                .isEqualTo("ip:" + IP);
        assertThat(RateLimiter.clientKey(spec(By.JWT_SUBJECT, null), IP, Optional.of(" "), Headers.EMPTY))
                .isEqualTo("ip:" + IP);
    }

    @Test
    void headerUsesTheTrimmedValueWhateverTheNameCase() {
        assertThat(RateLimiter.clientKey(spec(By.HEADER, "X-Api-Key"), IP, Optional.empty(), Headers.of("x-api-key", "  k1 ")))
                .isEqualTo("h:k1");
    }

    @Test
    void headerFallsBackToTheAddressWhenMissingOrBlank() {
        RateLimitSpec spec = spec(By.HEADER, "X-Api-Key");
        assertThat(RateLimiter.clientKey(spec, IP, Optional.of("alice"), Headers.EMPTY)).isEqualTo("ip:" + IP);
        assertThat(RateLimiter.clientKey(spec, IP, Optional.empty(), Headers.of("X-Api-Key", "   "))).isEqualTo("ip:" + IP);
    }

    @Test
    void headerValueIsCutTo256Characters() {
        String key = RateLimiter.clientKey(spec(By.HEADER, "X-Api-Key"), IP, Optional.empty(),
                Headers.of("X-Api-Key", "a".repeat(300)));
        assertThat(key).isEqualTo("h:" + "a".repeat(256));
    }

    private static RateLimitSpec spec(By by, String header) {
        return new RateLimitSpec(10, Duration.ofMinutes(1), 10, by, header);
    }
}
