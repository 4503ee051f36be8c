package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.IN_ONE_HOUR;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_MINUTE_AGO;
import static dev.tiergate.cache.Fixtures.TEN_SECONDS_AGO;
import static dev.tiergate.cache.Fixtures.httpDate;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CurrentAgeTest {

    /** A response received at NOW for a request sent at {@code requestTime}. */
    private static long correctedInitialAge(java.time.Instant requestTime, String... headers) {
        return CurrentAge.correctedInitialAgeSeconds(Headers.of(headers), requestTime, NOW);
    }

    @Test
    void apparentAgeIsTheResponseTimeMinusDate() {
        // RFC 9111 §4.2.3: apparent_age = max(0, response_time - date_value).
        assertThat(correctedInitialAge(NOW, "Date", httpDate(ONE_MINUTE_AGO))).isEqualTo(60);
    }

    @Test
    void dateInTheFutureGivesNoNegativeApparentAge() {
        assertThat(correctedInitialAge(NOW, "Date", httpDate(IN_ONE_HOUR))).isZero();
    }

    @Test
    void missingOrInvalidDateGivesNoApparentAge() {
        assertThat(correctedInitialAge(NOW)).isZero();
        assertThat(correctedInitialAge(NOW, "Date", "yesterday")).isZero();
    }

    @Test
    void ageHeaderIsCorrectedByTheResponseDelay() {
        // RFC 9111 §4.2.3: corrected_age_value = age_value + response_delay.
        assertThat(correctedInitialAge(secondsAgo(2), "Date", httpDate(NOW), "Age", "30")).isEqualTo(32);
    }

    @Test
    void correctedInitialAgeIsTheLargerOfApparentAndCorrectedAge() {
        // RFC 9111 §4.2.3: corrected_initial_age = max(apparent_age, corrected_age_value).
        assertThat(correctedInitialAge(NOW, "Date", httpDate(ONE_MINUTE_AGO), "Age", "10")).isEqualTo(60);
        assertThat(correctedInitialAge(NOW, "Date", httpDate(TEN_SECONDS_AGO), "Age", "50")).isEqualTo(50);
    }

    @Test
    void responseDelayCountsEvenWithoutAge() {
        assertThat(correctedInitialAge(secondsAgo(3), "Date", httpDate(NOW))).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-7200", "7200.0", "", "0x10", "+5"})
    void invalidAgeIsIgnored(String age) {
        // RFC 9111 §5.1: an invalid Age value is ignored.
        assertThat(correctedInitialAge(secondsAgo(1), "Date", httpDate(NOW), "Age", age)).isEqualTo(1);
    }

    @Test
    void firstAgeValueIsUsed() {
        assertThat(correctedInitialAge(NOW, "Age", "7200, 0")).isEqualTo(7200);
        assertThat(correctedInitialAge(NOW, "Age", "0, 7200")).isZero();
        assertThat(correctedInitialAge(NOW, "Age", "7200", "Age", "0")).isEqualTo(7200);
        assertThat(correctedInitialAge(NOW, "Age", "0", "Age", "7200")).isZero();
    }

    @Test
    void hugeAgeIsCappedAtTwoToThe31() {
        assertThat(correctedInitialAge(NOW, "Age", "99999999999")).isEqualTo(2_147_483_648L);
        assertThat(correctedInitialAge(NOW, "Age", "0000000000030")).isEqualTo(30);
    }

    @Test
    void currentAgeAddsTheTimeResidentInTheCache() {
        // RFC 9111 §4.2.3: current_age = corrected_initial_age + resident_time.
        assertThat(CurrentAge.currentAgeSeconds(10, ONE_MINUTE_AGO, NOW)).isEqualTo(70);
        assertThat(CurrentAge.currentAgeSeconds(10, NOW, NOW)).isEqualTo(10);
    }

    @Test
    void residentTimeIsNeverNegative() {
        assertThat(CurrentAge.currentAgeSeconds(10, IN_ONE_HOUR, NOW)).isEqualTo(10);
    }
}
