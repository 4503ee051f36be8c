package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.IN_ONE_HOUR;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.httpDate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetedCacheControlTest {

    private static TargetedCacheControl.Selection select(String... headers) {
        return TargetedCacheControl.select(Headers.of(headers));
    }

    @Test
    void tiergateFieldWinsOverCdnField() {
        // RFC 9213 §2.2: "select the first (in target list order) field with a valid, non-empty value".
        TargetedCacheControl.Selection selection = select(
                "Cache-Control", "max-age=1",
                "CDN-Cache-Control", "max-age=30",
                "Tiergate-Cache-Control", "max-age=60");

        assertThat(selection.targetedField()).contains("Tiergate-Cache-Control");
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(60);
    }

    @Test
    void cdnFieldWinsOverCacheControl() {
        TargetedCacheControl.Selection selection = select("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=30");

        assertThat(selection.isTargeted()).isTrue();
        assertThat(selection.targetedField()).contains("CDN-Cache-Control");
        assertThat(selection.directives().has("no-store")).isFalse();
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(30);
    }

    @Test
    void cacheControlGovernsWithoutTargetedFields() {
        TargetedCacheControl.Selection selection = select("Cache-Control", "max-age=5, Public");

        assertThat(selection.isTargeted()).isFalse();
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(5);
        assertThat(selection.directives().has("public")).isTrue();
    }

    @Test
    void invalidTiergateFieldFallsBackToCdnField() {
        TargetedCacheControl.Selection selection = select(
                "Tiergate-Cache-Control", "max-age=60, &&&",
                "CDN-Cache-Control", "max-age=30");

        assertThat(selection.targetedField()).contains("CDN-Cache-Control");
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "max-age=10000, &&&&&",
        "MaX-aGe=10000",
        "max-age =10000",
        "max-age= 10000",
        "max-age=10000,",
        "max-age=10000 public",
        "max-age=\"10000"
    })
    void invalidStructuredFieldIsIgnoredInFavourOfCacheControl(String cdnValue) {
        // RFC 9213 §2.1: when "a parsing error is encountered, that field SHOULD be ignored".
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", cdnValue, "Cache-Control", "no-store");

        assertThat(selection.isTargeted()).isFalse();
        assertThat(selection.directives().has("no-store")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=\"10000\"", "max-age=1.5", "max-age=-1", "max-age=ten", "max-age",
        "s-maxage=\"60\"", "stale-while-revalidate=?1", "stale-if-error=1.0"})
    void deltaSecondsOfTheWrongTypeMakeTheFieldInvalid(String cdnValue) {
        // RFC 9213 §2.1: "Implementations SHOULD NOT consume values that violate these inferred constraints."
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", cdnValue, "Cache-Control", "no-store");

        assertThat(selection.isTargeted()).isFalse();
        assertThat(selection.directives().has("no-store")).isTrue();
    }

    @Test
    void emptyTargetedFieldIsIgnored() {
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", "  ", "Cache-Control", "max-age=5");

        assertThat(selection.isTargeted()).isFalse();
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(5);
    }

    @Test
    void falseBooleanRemovesTheDirective() {
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", "no-store=?0, public=?1, max-age=60");

        assertThat(selection.directives().has("no-store")).isFalse();
        assertThat(selection.directives().has("public")).isTrue();
        assertThat(selection.directives().value("public")).isEmpty();
        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(60);
    }

    @Test
    void fieldWhoseOnlyMembersAreFalseIsStillSelected() {
        // RFC 9213 §2.2: the value is valid and non-empty, so Cache-Control is ignored even though no directive remains.
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", "no-store=?0", "Cache-Control", "no-store");

        assertThat(selection.targetedField()).contains("CDN-Cache-Control");
        assertThat(selection.directives().isEmpty()).isTrue();
    }

    @Test
    void fieldWithOnlyAnUnknownDirectiveIsStillSelected() {
        // RFC 9213 §3.1 example: "CDN-Cache-Control: none" lets CDN caches store what Cache-Control forbids.
        TargetedCacheControl.Selection selection = select("Cache-Control", "no-store", "CDN-Cache-Control", "none");

        assertThat(selection.targetedField()).contains("CDN-Cache-Control");
        assertThat(selection.directives().has("no-store")).isFalse();
    }

    @Test
    void parametersOnDirectivesAreIgnored() {
        TargetedCacheControl.Selection selection = select("CDN-Cache-Control", "max-age=60;unit=s, private;x");

        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(60);
        assertThat(selection.directives().has("private")).isTrue();
    }

    @Test
    void lastDuplicateWinsInsideADictionary() {
        // RFC 8941 §4.2.2: a repeated dictionary key overwrites the earlier value.
        assertThat(select("CDN-Cache-Control", "max-age=10, max-age=20").directives().deltaSeconds("max-age"))
                .hasValue(20);
    }

    @Test
    void targetedFieldLinesAreCombined() {
        TargetedCacheControl.Selection selection = select(
                "CDN-Cache-Control", "max-age=60",
                "CDN-Cache-Control", "must-revalidate");

        assertThat(selection.directives().deltaSeconds("max-age")).hasValue(60);
        assertThat(selection.directives().has("must-revalidate")).isTrue();
    }

    @Test
    void stringsAndTokensKeepTheirText() {
        CacheControl directives = select("CDN-Cache-Control", "no-cache=\"Set-Cookie\", ext=abc/def").directives();

        assertThat(directives.value("no-cache")).contains("Set-Cookie");
        assertThat(directives.value("ext")).contains("abc/def");
    }

    @Test
    void expiresIsIgnoredWhenATargetedFieldApplies() {
        // RFC 9213 §2.2: the cache "MUST ignore the Cache-Control and Expires header fields in that response".
        Headers headers = Headers.of(
                "Date", httpDate(NOW),
                "Expires", httpDate(IN_ONE_HOUR),
                "CDN-Cache-Control", "must-revalidate");

        Freshness.Lifetime lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

        assertThat(lifetime).isEqualTo(new Freshness.Lifetime(0, Freshness.Source.NONE));
    }

    @Test
    void invalidExpiresDoesNotShortenATargetedMaxAge() {
        Headers headers = Headers.of("Date", httpDate(NOW), "Expires", "0", "CDN-Cache-Control", "max-age=3600");

        Freshness.Lifetime lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

        assertThat(lifetime).isEqualTo(new Freshness.Lifetime(3600, Freshness.Source.MAX_AGE));
    }

    @Test
    void shortTargetedMaxAgeWinsOverLongCacheControlMaxAge() {
        Headers headers = Headers.of("Cache-Control", "max-age=3600", "CDN-Cache-Control", "max-age=1");

        Freshness.Lifetime lifetime = Freshness.lifetime(200, headers, TargetedCacheControl.select(headers), NOW);

        assertThat(lifetime.seconds()).isEqualTo(1);
    }
}
