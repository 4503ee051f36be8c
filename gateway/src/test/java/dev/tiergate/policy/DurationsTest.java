package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void everyUnitIsUnderstood() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    }

    @Test
    void bareZeroIsZeroAndNeedsNoUnit() {
        assertThat(Durations.parse("0")).contains(Duration.ZERO);
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Durations.parse("  10s ")).contains(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "5", "30", "5 m", "1.5h", "1h30m", "5M", "5min", "m", "", "PT5M", "+5m", "1w"})
    void anythingElseIsRefused(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void moreThanTwelveDigitsIsRefusedRatherThanOverflowing() {
        assertThat(Durations.parse("999999999999d")).contains(Duration.ofDays(999_999_999_999L));
        assertThat(Durations.parse("1000000000000s")).isEmpty();
    }
}
