package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.IN_ONE_HOUR;
import static dev.tiergate.cache.Fixtures.IN_TEN_SECONDS;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_HOUR_AGO;
import static dev.tiergate.cache.Fixtures.TEN_SECONDS_AGO;
import static dev.tiergate.cache.Fixtures.httpDate;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Freshness.Lifetime;
import dev.tiergate.http.Freshness.Source;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessTest {

    /** The lifetime of a response received at NOW. */
    private static Lifetime lifetime(int status, String... headers) {
        Headers responseHeaders = Headers.of(headers);
        return Freshness.lifetime(status, responseHeaders, TargetedCacheControl.select(responseHeaders), NOW);
    }

    private static Lifetime lifetime(String... headers) {
        return lifetime(200, headers);
    }

    @Test
    void sMaxAgeWinsOverMaxAge() {
        // RFC 9111 §4.2.1: a shared cache uses s-maxage first.
        assertThat(lifetime("Cache-Control", "max-age=3600, s-maxage=1")).isEqualTo(new Lifetime(1, Source.S_MAXAGE));
        assertThat(lifetime("Cache-Control", "max-age=1, s-maxage=3600")).isEqualTo(new Lifetime(3600, Source.S_MAXAGE));
        assertThat(lifetime("Cache-Control", "max-age=3600", "Cache-Control", "s-maxage=1").seconds()).isEqualTo(1);
    }

    @Test
    void maxAgeWinsOverExpires() {
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(ONE_HOUR_AGO), "Cache-Control", "max-age=3600"))
                .isEqualTo(new Lifetime(3600, Source.MAX_AGE));
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR), "Cache-Control", "max-age=0"))
                .isEqualTo(new Lifetime(0, Source.MAX_AGE));
    }

    @Test
    void maxAgeWithInvalidExpiresKeepsItsLifetime() {
        assertThat(lifetime("Date", httpDate(NOW), "Expires", "0", "Cache-Control", "max-age=3600").seconds())
                .isEqualTo(3600);
    }

    @Test
    void expiresLifetimeIsExpiresMinusDate() {
        // RFC 9111 §4.2.1: freshness_lifetime = expires_value - date_value.
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR)))
                .isEqualTo(new Lifetime(3600, Source.EXPIRES));
        assertThat(lifetime("Date", httpDate(TEN_SECONDS_AGO), "Expires", httpDate(IN_TEN_SECONDS)).seconds())
                .isEqualTo(20);
    }

    @Test
    void expiresWithoutValidDateIsCountedFromTheResponseTime() {
        assertThat(lifetime("Date", "foo", "Expires", httpDate(IN_TEN_SECONDS)).seconds()).isEqualTo(10);
        assertThat(lifetime("Expires", httpDate(IN_TEN_SECONDS)).seconds()).isEqualTo(10);
    }

    @Test
    void expiresBeforeDateIsAlreadyExpired() {
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(0, Source.EXPIRES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "never", "Thu, 01 Jan 2026 01:00:00 UTC", "Thu, 01 Jan 26 01:00:00 GMT"})
    void invalidExpiresIsAlreadyExpired(String expires) {
        // RFC 9111 §5.3: "A cache recipient MUST interpret invalid date formats, especially the value "0", as
        // representing a time in the past (i.e., "already expired")."
        assertThat(lifetime("Date", httpDate(NOW), "Expires", expires, "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(0, Source.EXPIRES));
    }

    @Test
    void firstExpiresLineIsUsed() {
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(IN_TEN_SECONDS), "Expires", httpDate(IN_ONE_HOUR))
                .seconds()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=a100", "max-age=100a", "max-age=-100", "max-age='3600'", "max-age="})
    void invalidMaxAgeMakesTheResponseStale(String cacheControl) {
        // RFC 9111 §4.2.1: caches are "encouraged to consider responses that have invalid freshness information
        // ... to be stale" — and no heuristic applies, even with Last-Modified.
        assertThat(lifetime("Cache-Control", cacheControl, "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(0, Source.MAX_AGE));
    }

    @Test
    void invalidSMaxAgeMakesTheResponseStaleDespiteAValidMaxAge() {
        assertThat(lifetime("Cache-Control", "s-maxage=abc, max-age=60")).isEqualTo(new Lifetime(0, Source.S_MAXAGE));
    }

    @Test
    void hugeMaxAgeIsCappedAtTwoToThe31() {
        assertThat(lifetime("Cache-Control", "max-age=99999999999").seconds()).isEqualTo(2_147_483_648L);
    }

    @Test
    void heuristicIsTenPercentOfTheTimeSinceLastModified() {
        // RFC 9111 §4.2.2: "a typical setting of this fraction might be 10%".
        assertThat(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(secondsAgo(10_000))))
                .isEqualTo(new Lifetime(1000, Source.HEURISTIC));
    }

    @Test
    void heuristicIsMeasuredFromDateNotFromTheResponseTime() {
        assertThat(lifetime("Date", httpDate(secondsAgo(1000)), "Last-Modified", httpDate(secondsAgo(11_000))).seconds())
                .isEqualTo(1000);
    }

    @Test
    void heuristicIsCappedAtOneDay() {
        assertThat(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(NOW.minus(Duration.ofDays(365)))))
                .isEqualTo(new Lifetime(Freshness.DEFAULT_HEURISTIC_CAP_SECONDS, Source.HEURISTIC));
        assertThat(Freshness.DEFAULT_HEURISTIC_CAP_SECONDS).isEqualTo(86_400);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501})
    void heuristicAppliesToHeuristicallyCacheableStatuses(int status) {
        // RFC 9110 §15.1 lists the heuristically cacheable status codes.
        assertThat(lifetime(status, "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(360, Source.HEURISTIC));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 302, 303, 307, 400, 403, 500, 502, 503, 504, 599})
    void noHeuristicForOtherStatuses(int status) {
        assertThat(lifetime(status, "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(0, Source.NONE));
    }

    @Test
    void publicAllowsAHeuristicForAnyStatus() {
        // RFC 9111 §4.2.2: heuristics apply to heuristically cacheable statuses or responses marked public.
        assertThat(lifetime(599, "Cache-Control", "public", "Date", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(360, Source.HEURISTIC));
    }

    @Test
    void noHeuristicWithoutLastModified() {
        assertThat(lifetime("Date", httpDate(NOW))).isEqualTo(new Lifetime(0, Source.NONE));
        assertThat(lifetime("ETag", "\"a\"")).isEqualTo(new Lifetime(0, Source.NONE));
        assertThat(lifetime("Last-Modified", "yesterday")).isEqualTo(new Lifetime(0, Source.NONE));
    }

    @Test
    void noHeuristicWhenLastModifiedIsNotBeforeDate() {
        assertThat(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(NOW)).source()).isEqualTo(Source.NONE);
        assertThat(lifetime("Date", httpDate(NOW), "Last-Modified", httpDate(IN_ONE_HOUR)).source()).isEqualTo(Source.NONE);
    }

    @Test
    void explicitExpiresRulesOutTheHeuristic() {
        // RFC 9111 §4.2.2: "a cache MUST NOT use heuristics to determine freshness when an explicit expiration time
        // is present".
        assertThat(lifetime("Date", httpDate(NOW), "Expires", httpDate(NOW), "Last-Modified", httpDate(ONE_HOUR_AGO)))
                .isEqualTo(new Lifetime(0, Source.EXPIRES));
    }

    @Test
    void onlyExplicitSourcesCountAsExplicit() {
        assertThat(new Lifetime(1, Source.S_MAXAGE).isExplicit()).isTrue();
        assertThat(new Lifetime(1, Source.MAX_AGE).isExplicit()).isTrue();
        assertThat(new Lifetime(1, Source.EXPIRES).isExplicit()).isTrue();
        assertThat(new Lifetime(1, Source.OVERRIDE).isExplicit()).isTrue();
        assertThat(new Lifetime(1, Source.HEURISTIC).isExplicit()).isFalse();
        assertThat(new Lifetime(0, Source.NONE).isExplicit()).isFalse();
    }

    @Test
    void dateFallsBackToTheResponseTime() {
        assertThat(Freshness.date(Headers.of("Date", httpDate(ONE_HOUR_AGO)), NOW)).isEqualTo(ONE_HOUR_AGO);
        assertThat(Freshness.date(Headers.of("Date", "garbage"), NOW)).isEqualTo(NOW);
        assertThat(Freshness.date(Headers.EMPTY, NOW)).isEqualTo(NOW);
    }
}
