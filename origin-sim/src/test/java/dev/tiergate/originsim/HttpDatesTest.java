package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsAsImfFixdateWithTwoDigitDay() {
        assertThat(HttpDates.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void parsesAllThreeFormsRecipientsMustAccept() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(EXAMPLE);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(EXAMPLE);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(EXAMPLE);
    }

    @Test
    void malformedDatesAreEmpty() {
        assertThat(HttpDates.parse("not a date")).isEmpty();
        assertThat(HttpDates.parse("")).isEmpty();
        assertThat(HttpDates.parse(null)).isEmpty();
    }
}
