package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** 10 requests per minute, bursts of 5: one token every 6 seconds, empty to full in 30 seconds. */
    private static final RateLimitSpec SPEC = new RateLimitSpec(10, Duration.ofMinutes(1), 5, By.CLIENT_IP, null);

    private final MovableClock clock = new MovableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);

    @Test
    void allowsTheBurstThenRefusesWithRetryAfter() {
        for (int i = 1; i <= 5; i++) {
            RateLimitDecision decision = limiter.tryConsume("api", SPEC, "10.0.0.1");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.limit()).isEqualTo(5);
            assertThat(decision.remaining()).isEqualTo(5 - i);
            assertThat(decision.retryAfterSeconds()).isZero();
        }
        RateLimitDecision refused = limiter.tryConsume("api", SPEC, "10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isEqualTo(6);
        assertThat(refused.resetSeconds()).isEqualTo(30);
    }

    @Test
    void retryAfterRoundsUpToAtLeastOneSecond() {
        RateLimitSpec fast = new RateLimitSpec(10, Duration.ofSeconds(1), 1, By.CLIENT_IP, null);
        assertThat(limiter.tryConsume("api", fast, "a").allowed()).isTrue();
        RateLimitDecision refused = limiter.tryConsume("api", fast, "a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);

        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.tryConsume("api", fast, "a").allowed()).isTrue();
    }

    @Test
    void refillsAsTheClockAdvances() {
        drain("api", "10.0.0.1");

        clock.advance(Duration.ofSeconds(5));
        assertThat(limiter.tryConsume("api", SPEC, "10.0.0.1").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        RateLimitDecision afterOneToken = limiter.tryConsume("api", SPEC, "10.0.0.1");
        assertThat(afterOneToken.allowed()).isTrue();
        assertThat(afterOneToken.remaining()).isZero();

        clock.advance(Duration.ofMinutes(10));
        RateLimitDecision full = limiter.tryConsume("api", SPEC, "10.0.0.1");
        assertThat(full.remaining()).as("refill stops at the burst").isEqualTo(4);
        assertThat(full.resetSeconds()).isEqualTo(6);
    }

    @Test
    void keepsSeparateBucketsPerClientKey() {
        drain("api", "10.0.0.1");

        RateLimitDecision other = limiter.tryConsume("api", SPEC, "10.0.0.2");
        assertThat(other.allowed()).isTrue();
        assertThat(other.remaining()).isEqualTo(4);
    }

    @Test
    void keepsSeparateBucketsPerRoute() {
        drain("api", "10.0.0.1");

        RateLimitDecision otherRoute = limiter.tryConsume("search", SPEC, "10.0.0.1");
        assertThat(otherRoute.allowed()).isTrue();
        assertThat(otherRoute.remaining()).isEqualTo(4);
    }

    @Test
    void evictsIdleBucketsAfterTheIdlePeriod() {
        limiter.tryConsume("api", SPEC, "10.0.0.1");
        limiter.tryConsume("api", SPEC, "10.0.0.2");
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).isEqualTo(2);

        // Twice the 30 s refill is under the one-minute floor, so a minute is the idle period.
        clock.advance(Duration.ofSeconds(59));
        limiter.tryConsume("api", SPEC, "10.0.0.2");
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).as("10.0.0.1 idle for 61 s, 10.0.0.2 for 2 s").isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).isZero();
    }

    @Test
    void idlePeriodIsTwiceTheFullRefillWhenThatExceedsAMinute() {
        RateLimitSpec slow = new RateLimitSpec(1, Duration.ofMinutes(1), 2, By.CLIENT_IP, null);
        limiter.tryConsume("api", slow, "a");

        clock.advance(Duration.ofMinutes(3).plusSeconds(59));
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        limiter.cleanUp();
        assertThat(limiter.bucketCount()).isZero();
    }

    @Test
    void holdsNoMoreThanTheMaximumNumberOfBuckets() {
        RateLimiter small = new RateLimiter(clock, 10);
        for (int i = 0; i < 1_000; i++) {
            small.tryConsume("api", SPEC, "scan-" + i);
        }
        small.cleanUp();
        assertThat(small.bucketCount()).isLessThanOrEqualTo(10);
    }

    @Test
    void aChangedSpecReconfiguresTheBucketInsteadOfKeepingTheOldLimit() {
        drain("api", "10.0.0.1");
        RateLimitSpec raised = new RateLimitSpec(100, Duration.ofMinutes(1), 50, By.CLIENT_IP, null);

        RateLimitDecision decision = limiter.tryConsume("api", raised, "10.0.0.1");
        assertThat(decision.limit()).isEqualTo(50);
        assertThat(decision.allowed()).as("an empty bucket stays proportionally empty").isFalse();

        clock.advance(Duration.ofSeconds(6));
        RateLimitDecision later = limiter.tryConsume("api", raised, "10.0.0.1");
        assertThat(later.allowed()).isTrue();
        assertThat(later.remaining()).as("10 tokens refilled at the new rate, one spent").isEqualTo(9);
    }

    private void drain(String route, String client) {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryConsume(route, SPEC, client).allowed()).isTrue();
        }
        assertThat(limiter.tryConsume(route, SPEC, client).allowed()).isFalse();
    }

    /** A clock the test moves instead of sleeping. */
    private static final class MovableClock implements InstantSource {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration duration) {
            now.updateAndGet(current -> current.plus(duration));
        }
    }
}
