package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IfRangeTest {

    private static final String LAST_MODIFIED = "Wed, 31 Dec 2025 23:00:00 GMT";
    private static final String ONE_HOUR_LATER = "Thu, 01 Jan 2026 00:00:00 GMT";

    private static boolean permits(String ifRange, String... storedHeaders) {
        return IfRange.permitsRange(Optional.ofNullable(ifRange), Headers.of(storedHeaders));
    }

    @Test
    void withoutIfRangeTheRangeApplies() {
        assertThat(permits(null, "ETag", "\"v1\"")).isTrue();
    }

    @Test
    void aStrongEntityTagMustMatchExactly() {
        assertThat(permits("\"v1\"", "ETag", "\"v1\"")).isTrue();
        assertThat(permits(" \"v1\" ", "ETag", "\"v1\"")).isTrue();
        assertThat(permits("\"v2\"", "ETag", "\"v1\"")).isFalse();
        assertThat(permits("\"v1\"")).isFalse();
    }

    @Test
    void weakEntityTagsNeverMatch() {
        // RFC 9110 §13.1.5 compares with the strong function: a weak tag on either side fails.
        assertThat(permits("W/\"v1\"", "ETag", "W/\"v1\"")).isFalse();
        assertThat(permits("\"v1\"", "ETag", "W/\"v1\"")).isFalse();
        assertThat(permits("W/\"v1\"", "ETag", "\"v1\"")).isFalse();
    }

    @Test
    void aDateMustEqualAStrongLastModified() {
        assertThat(permits(LAST_MODIFIED, "Last-Modified", LAST_MODIFIED, "Date", ONE_HOUR_LATER)).isTrue();
        assertThat(permits(ONE_HOUR_LATER, "Last-Modified", LAST_MODIFIED, "Date", ONE_HOUR_LATER)).isFalse();
    }

    @Test
    void aLastModifiedWithinTheSecondOfDateIsWeak() {
        // RFC 9110 §8.8.2.2: strong only if Date is at least one second after Last-Modified.
        assertThat(permits(LAST_MODIFIED, "Last-Modified", LAST_MODIFIED, "Date", LAST_MODIFIED)).isFalse();
        assertThat(permits(LAST_MODIFIED, "Last-Modified", LAST_MODIFIED)).isFalse();
        assertThat(permits(LAST_MODIFIED, "Last-Modified", LAST_MODIFIED, "Date", "Wed, 31 Dec 2025 23:00:01 GMT")).isTrue();
    }

    @Test
    void anUnreadableDateOrAMissingLastModifiedFails() {
        assertThat(permits("yesterday", "Last-Modified", LAST_MODIFIED, "Date", ONE_HOUR_LATER)).isFalse();
        assertThat(permits(LAST_MODIFIED, "ETag", "\"v1\"", "Date", ONE_HOUR_LATER)).isFalse();
    }
}
