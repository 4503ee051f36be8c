package dev.tiergate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.OriginSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PurgeRetryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final PurgeRetry RETRY = new PurgeRetry(new OriginSettings.Retries(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    private static final Optional<Duration> NO_RETRY_AFTER = Optional.empty();

    @ParameterizedTest
    @ValueSource(ints = {PurgeRetry.NO_ANSWER, 429, 500, 502, 503, 599})
    void rateLimitsServerErrorsAndNoAnswerAreRetriedUpToTheAttempts(int status) {
        assertThat(RETRY.nextDelay(0, status, NO_RETRY_AFTER, () -> 0.5)).isPresent();
        assertThat(RETRY.nextDelay(2, status, NO_RETRY_AFTER, () -> 0.5)).isPresent();
        assertThat(RETRY.nextDelay(3, status, NO_RETRY_AFTER, () -> 0.5)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 403, 404, 413})
    void answersThatWouldFailAgainAreNotRetried(int status) {
        assertThat(RETRY.nextDelay(0, status, NO_RETRY_AFTER, () -> 0.5)).isEmpty();
    }

    @Test
    void pausesAreFullJitterUnderADoublingCeiling() {
        assertThat(RETRY.nextDelay(0, 500, NO_RETRY_AFTER, () -> 0.5)).contains(Duration.ofMillis(500));
        assertThat(RETRY.nextDelay(2, 500, NO_RETRY_AFTER, () -> 0.5)).contains(Duration.ofSeconds(2));
        assertThat(RETRY.nextDelay(2, 500, NO_RETRY_AFTER, () -> 0.0)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterIsTheShortestPause() {
        assertThat(RETRY.nextDelay(0, 429, Optional.of(Duration.ofSeconds(7)), () -> 0.5)).contains(Duration.ofSeconds(7));
        assertThat(RETRY.nextDelay(0, 429, Optional.of(Duration.ZERO), () -> 0.5)).contains(Duration.ofMillis(500));
    }

    @Test
    void aRetryAfterOverAMinuteEndsTheRetries() {
        assertThat(RETRY.nextDelay(0, 429, Optional.of(Duration.ofSeconds(61)), () -> 0.5)).isEmpty();
        assertThat(RETRY.nextDelay(0, 429, Optional.of(Duration.ofSeconds(60)), () -> 0.5)).contains(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(PurgeRetry.retryAfter("12", NOW)).contains(Duration.ofSeconds(12));
        assertThat(PurgeRetry.retryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(PurgeRetry.retryAfter("Sun, 01 Mar 2026 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(PurgeRetry.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(PurgeRetry.retryAfter("soon", NOW)).isEmpty();
        assertThat(PurgeRetry.retryAfter("-5", NOW)).isEmpty();
        assertThat(PurgeRetry.retryAfter(null, NOW)).isEmpty();
    }
}
