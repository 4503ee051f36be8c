package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

    /** The example instant of RFC 9110 §5.6.7. */
    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void parsesImfFixdate() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(RFC_EXAMPLE);
        assertThat(HttpDates.parse("Thu, 01 Jan 2026 00:00:00 GMT")).contains(NOW);
    }

    @Test
    void parsesRfc850DateWithTwoDigitYearInThePreviousCentury() {
        // RFC 9110 §5.6.7: recipients MUST accept the obsolete rfc850-date; "94" is 1994, not 2094.
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(RFC_EXAMPLE);
    }

    @Test
    void parsesRfc850DateWithTwoDigitYearInThisCentury() {
        assertThat(HttpDates.parse("Thursday, 01-Jan-26 00:00:00 GMT")).contains(NOW);
    }

    @Test
    void parsesAsctimeWithSpacePaddedDay() {
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(RFC_EXAMPLE);
        assertThat(HttpDates.parse("Thu Jan  1 00:00:00 2026")).contains(NOW);
        assertThat(HttpDates.parse("Fri Nov 28 12:00:00 2025")).contains(Instant.parse("2025-11-28T12:00:00Z"));
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertThat(HttpDates.parse("  Thu, 01 Jan 2026 00:00:00 GMT ")).contains(NOW);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "0",
        "-1",
        "not a date",
        "Thu, 01 Jan 2026 00:00:00 UTC",
        "Thu, 01 Jan 26 00:00:00 GMT",
        "Thu 01 Jan 2026 00:00:00 GMT",
        "Thu, 01  Jan  2026 00:00:00 GMT",
        "Thu, 01-Jan-2026 00:00:00 GMT",
        "Thu, 01 Jan 2026 00.00.00 GMT",
        "Thu, 01 Jan 2026 0:00:00 GMT",
        "Thu, 1 Jan 2026 00:00:00 GMT",
        "THU, 01 Jan 2026 00:00:00 GMT",
        "Thu, 01 JAN 2026 00:00:00 GMT",
        "Thu, 01 Jan 2026 00:00:00 gMT",
        "Mon, 01 Jan 2026 00:00:00 GMT",
        "2026-01-01T00:00:00Z"
    })
    void rejectsAnythingThatIsNotAnHttpDate(String value) {
        assertThat(HttpDates.parse(value)).isEmpty();
    }

    @Test
    void formatsImfFixdateTruncatedToWholeSeconds() {
        assertThat(HttpDates.format(NOW.plusMillis(999))).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");
        assertThat(HttpDates.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void formattedDateParsesBack() {
        Instant instant = Instant.parse("2031-07-09T23:59:59Z");

        assertThat(HttpDates.parse(HttpDates.format(instant))).contains(instant);
    }
}
