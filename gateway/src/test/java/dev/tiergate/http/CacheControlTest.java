package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheControlTest {

    @Test
    void directiveNamesAreCaseInsensitive() {
        // RFC 9111 §5.2: "Cache directives are identified by a token, to be compared case-insensitively".
        CacheControl directives = CacheControl.parse("MaX-AgE=60, No-StOrE");

        assertThat(directives.deltaSeconds("max-age")).hasValue(60);
        assertThat(directives.has("no-store")).isTrue();
    }

    @Test
    void quotedArgumentIsAcceptedLikeAToken() {
        // RFC 9111 §5.2: recipients "ought to accept both forms" (token and quoted-string).
        assertThat(CacheControl.parse("max-age=\"60\"").deltaSeconds("max-age")).hasValue(60);
    }

    @Test
    void firstOccurrenceOfARepeatedDirectiveWins() {
        // RFC 9111 §4.2.1: with several values "either the first occurrence should be used or ... stale".
        assertThat(CacheControl.parse("max-age=1800, max-age=1").deltaSeconds("max-age")).hasValue(1800);
        assertThat(CacheControl.parse("max-age=1, max-age=1800").deltaSeconds("max-age")).hasValue(1);
    }

    @Test
    void firstOccurrenceWinsAcrossCombinedFieldLines() {
        Headers headers = Headers.of("Cache-Control", "max-age=1", "Cache-Control", "max-age=1800, public");

        CacheControl directives = CacheControl.parse(headers.combined("Cache-Control").orElseThrow());

        assertThat(directives.deltaSeconds("max-age")).hasValue(1);
        assertThat(directives.has("public")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=a100", "max-age=100a", "max-age=-100", "max-age=3600.5", "max-age=3600.0",
        "max-age='3600'", "max-age=", "max-age", "max-age=\"\"", "max-age=1 2"})
    void invalidDeltaSecondsIsKeptAsPresentButInvalid(String field) {
        CacheControl directives = CacheControl.parse(field);

        assertThat(directives.has("max-age")).isTrue();
        assertThat(directives.deltaSeconds("max-age")).isEmpty();
        assertThat(directives.isInvalidDeltaSeconds("max-age")).isTrue();
    }

    @Test
    void absentDirectiveIsNotInvalid() {
        CacheControl directives = CacheControl.parse("public");

        assertThat(directives.deltaSeconds("max-age")).isEmpty();
        assertThat(directives.isInvalidDeltaSeconds("max-age")).isFalse();
    }

    @Test
    void valuesTooLargeToRepresentAreCappedAtTwoToThe31() {
        // RFC 9111 §1.2.2: "the cache MUST consider the value to be 2147483648 (2^31)".
        assertThat(CacheControl.parse("max-age=2147483647").deltaSeconds("max-age")).hasValue(2_147_483_647L);
        assertThat(CacheControl.parse("max-age=2147483648").deltaSeconds("max-age")).hasValue(2_147_483_648L);
        assertThat(CacheControl.parse("max-age=2147483649").deltaSeconds("max-age")).hasValue(2_147_483_648L);
        assertThat(CacheControl.parse("max-age=99999999999").deltaSeconds("max-age")).hasValue(2_147_483_648L);
        assertThat(CacheControl.parse("max-age=123456789012345678901234567890").deltaSeconds("max-age"))
                .hasValue(CacheControl.DELTA_SECONDS_CEILING);
    }

    @Test
    void leadingZerosAreNotMistakenForOverflow() {
        assertThat(CacheControl.parse("max-age=003600").deltaSeconds("max-age")).hasValue(3600);
        assertThat(CacheControl.parse("max-age=000000000003600").deltaSeconds("max-age")).hasValue(3600);
        assertThat(CacheControl.parse("max-age=0000000000000").deltaSeconds("max-age")).hasValue(0);
    }

    @Test
    void commaInsideQuotedStringDoesNotSplitDirectives() {
        CacheControl directives = CacheControl.parse("no-cache=\"Set-Cookie, X-Foo\", max-age=60");

        assertThat(directives.value("no-cache")).contains("Set-Cookie, X-Foo");
        assertThat(directives.deltaSeconds("max-age")).hasValue(60);
        assertThat(directives.directives()).containsOnlyKeys("no-cache", "max-age");
    }

    @Test
    void directiveNamedInsideAQuotedStringIsIgnored() {
        assertThat(CacheControl.parse("extension=\"max-age=100\", max-age=1").deltaSeconds("max-age")).hasValue(1);
        assertThat(CacheControl.parse("max-age=1, extension=\"max-age=100\"").deltaSeconds("max-age")).hasValue(1);
        assertThat(CacheControl.parse("extension=\"max-age=100\", max-age=\"1\"").deltaSeconds("max-age")).hasValue(1);
    }

    @Test
    void escapedQuoteInsideQuotedStringKeepsTheStringOpen() {
        CacheControl directives = CacheControl.parse("ext=\"a\\\"b, max-age=9\", max-age=5");

        assertThat(directives.value("ext")).contains("a\"b, max-age=9");
        assertThat(directives.deltaSeconds("max-age")).hasValue(5);
    }

    @Test
    void emptyListMembersAndSurroundingWhitespaceAreTolerated() {
        CacheControl directives = CacheControl.parse(" , public ,,  max-age=5 ,");

        assertThat(directives.directives()).containsOnlyKeys("public", "max-age");
        assertThat(directives.deltaSeconds("max-age")).hasValue(5);
    }

    @Test
    void absentOrBlankFieldHasNoDirectives() {
        assertThat(CacheControl.parse(null).isEmpty()).isTrue();
        assertThat(CacheControl.parse("  ").isEmpty()).isTrue();
        assertThat(CacheControl.parse(" , ").isEmpty()).isTrue();
    }

    @Test
    void valuelessDirectiveHasNoValue() {
        CacheControl directives = CacheControl.parse("no-cache, private=\"Set-Cookie\"");

        assertThat(directives.has("no-cache")).isTrue();
        assertThat(directives.value("no-cache")).isEmpty();
        assertThat(directives.value("private")).contains("Set-Cookie");
    }
}
