package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.OriginSettings;
import dev.tiergate.proxy.OriginFailure;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final OriginFailure CONNECT = new OriginFailure(OriginFailure.Kind.CONNECT, "refused");
    private static final OriginFailure RESET = new OriginFailure(OriginFailure.Kind.RESET, "closed");
    private static final RetryPolicy TWO_RETRIES = new RetryPolicy(new OriginSettings.Retries(2, Duration.ofMillis(100), Duration.ofMillis(1000)));

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get"})
    void idempotentMethodsWithoutABodyAreRetried(String method) {
        assertThat(TWO_RETRIES.nextDelay(0, CONNECT, method, false, () -> 0.5)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH", "CONNECT", "TRACE"})
    void otherMethodsAreNeverRetried(String method) {
        assertThat(TWO_RETRIES.nextDelay(0, CONNECT, method, false, () -> 0.5)).isEmpty();
    }

    @Test
    void aRequestWithABodyIsNeverRetriedSinceTheBodyWasConsumed() {
        assertThat(TWO_RETRIES.nextDelay(0, CONNECT, "PUT", true, () -> 0.5)).isEmpty();
        assertThat(TWO_RETRIES.nextDelay(0, RESET, "GET", true, () -> 0.5)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = OriginFailure.Kind.class, names = {"CONNECT", "RESET"})
    void connectionFailuresAreRetried(OriginFailure.Kind kind) {
        assertThat(TWO_RETRIES.nextDelay(0, new OriginFailure(kind, "x"), "GET", false, () -> 0.5)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(value = OriginFailure.Kind.class, names = {"TIMEOUT", "STATUS", "CIRCUIT_OPEN", "BULKHEAD_FULL"})
    void timeoutsAnswersAndRefusalsAreNotRetried(OriginFailure.Kind kind) {
        assertThat(TWO_RETRIES.nextDelay(0, new OriginFailure(kind, "x"), "GET", false, () -> 0.5)).isEmpty();
    }

    @Test
    void retriesStopAfterTheConfiguredAttempts() {
        assertThat(TWO_RETRIES.nextDelay(1, CONNECT, "GET", false, () -> 0.5)).isPresent();
        assertThat(TWO_RETRIES.nextDelay(2, CONNECT, "GET", false, () -> 0.5)).isEmpty();
        assertThat(new RetryPolicy(new OriginSettings.Retries(0, Duration.ofMillis(50), Duration.ofSeconds(1)))
                .nextDelay(0, CONNECT, "GET", false, () -> 0.5)).isEmpty();
    }

    @Test
    void theDefaultIsOneRetryWithin50Milliseconds() {
        RetryPolicy defaults = new RetryPolicy(OriginSettings.Retries.DEFAULT);

        assertThat(defaults.nextDelay(0, CONNECT, "GET", false, () -> 0.999)).hasValueSatisfying(d ->
                assertThat(d).isLessThan(Duration.ofMillis(50)));
        assertThat(defaults.nextDelay(1, CONNECT, "GET", false, () -> 0.5)).isEmpty();
    }

    @Test
    void theCeilingDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(new OriginSettings.Retries(10, Duration.ofMillis(100), Duration.ofMillis(1000)));

        assertThat(policy.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.ceiling(9)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.ceiling(200)).as("no overflow").isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void fullJitterScalesTheCeilingByTheRandomNumber() {
        RetryPolicy policy = new RetryPolicy(new OriginSettings.Retries(5, Duration.ofMillis(100), Duration.ofMillis(1000)));

        assertThat(policy.nextDelay(0, CONNECT, "GET", false, () -> 0.0)).hasValue(Duration.ZERO);
        assertThat(policy.nextDelay(0, CONNECT, "GET", false, () -> 0.5)).hasValue(Duration.ofMillis(50));
        assertThat(policy.nextDelay(2, CONNECT, "GET", false, () -> 0.25)).hasValue(Duration.ofMillis(100));
        assertThat(policy.nextDelay(4, CONNECT, "GET", false, () -> 0.5)).as("capped").hasValue(Duration.ofMillis(500));
    }

    @Test
    void jitterStaysBelowTheCeilingWhateverTheRandomSourceSays() {
        RetryPolicy policy = new RetryPolicy(new OriginSettings.Retries(5, Duration.ofMillis(100), Duration.ofMillis(1000)));

        for (double random : new double[] {0.0, 0.3, 0.999999, 1.0, 7.0, -1.0}) {
            Optional<Duration> delay = policy.nextDelay(1, CONNECT, "GET", false, () -> random);
            assertThat(delay).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(199)));
        }
    }

    @Test
    void aZeroBackoffRetriesAtOnce() {
        RetryPolicy policy = new RetryPolicy(new OriginSettings.Retries(1, Duration.ZERO, Duration.ZERO));

        assertThat(policy.nextDelay(0, RESET, "GET", false, () -> 0.7)).hasValue(Duration.ZERO);
    }
}
