package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Directives written with toString() parse back to the same directives (stored entries depend on it). */
class CacheControlRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"max-age=60, public", "no-cache=\"set-cookie, x-token\", max-age=5", "private=\"a\\\"b\"", "ext=\"\"",
            "stale-while-revalidate=30, stale-if-error=600, must-revalidate"})
    void parseOfToStringGivesTheSameDirectives(String field) {
        CacheControl parsed = CacheControl.parse(field);

        assertThat(CacheControl.parse(parsed.toString()).directives()).isEqualTo(parsed.directives());
    }
}
