package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.IN_ONE_HOUR;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_DAY_AGO;
import static dev.tiergate.cache.Fixtures.httpDate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Storability.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorabilityTest {

    private static final Headers NO_REQUEST_FIELDS = Headers.EMPTY;

    private static Reason check(String method, Headers requestHeaders, int status, boolean allowSetCookie,
                                String... responseFields) {
        Headers response = Headers.of(responseFields);
        TargetedCacheControl.Selection selection = TargetedCacheControl.select(response);
        Freshness.Lifetime lifetime = Freshness.lifetime(status, response, selection, NOW);
        return Storability.check(method, requestHeaders, status, response, selection, lifetime, allowSetCookie);
    }

    private static Reason checkGet(int status, String... responseFields) {
        return check("GET", NO_REQUEST_FIELDS, status, false, responseFields);
    }

    private static Reason checkGet(String... responseFields) {
        return checkGet(200, responseFields);
    }

    private static Reason checkWithRequest(Headers requestHeaders, String... responseFields) {
        return check("GET", requestHeaders, 200, false, responseFields);
    }

    @Test
    void freshGetResponseIsStorable() {
        assertThat(checkGet("Cache-Control", "max-age=60")).isEqualTo(Reason.STORABLE);
        assertThat(Reason.STORABLE.code()).isEqualTo("stored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "POST", "PUT", "DELETE", "OPTIONS", "get"})
    void onlyGetResponsesAreStored(String method) {
        assertThat(check(method, NO_REQUEST_FIELDS, 200, false, "Cache-Control", "max-age=60")).isEqualTo(Reason.METHOD);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 103, 201, 206, 304, 299, 499, 599})
    void statusesTheCacheDoesNotUnderstandAreNotStored(int status) {
        // RFC 9111 §3: the status must be final, and 206/304 only when the cache understands them.
        assertThat(checkGet(status, "Cache-Control", "max-age=60")).isEqualTo(Reason.STATUS);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 300, 301, 302, 303, 307, 308, 400, 403, 404, 405, 410, 414, 451, 500, 501,
        502, 503, 504})
    void understoodStatusesWithExplicitFreshnessAreStored(int status) {
        assertThat(checkGet(status, "Cache-Control", "max-age=60")).isEqualTo(Reason.STORABLE);
    }

    @Test
    void requestNoStoreForbidsStoring() {
        // RFC 9111 §5.2.1.5.
        assertThat(checkWithRequest(Headers.of("Cache-Control", "no-store"), "Cache-Control", "max-age=60"))
                .isEqualTo(Reason.NO_STORE);
    }

    @Test
    void responseNoStoreForbidsStoringEvenWithFreshness() {
        // RFC 9111 §5.2.2.5, directive names compared case-insensitively.
        assertThat(checkGet("Cache-Control", "max-age=10000, No-StOrE", "Expires", httpDate(IN_ONE_HOUR)))
                .isEqualTo(Reason.NO_STORE);
    }

    @Test
    void mustUnderstandLetsAnUnderstoodStatusIgnoreNoStore() {
        // RFC 9111 §5.2.2.3: a cache that understands the status code may ignore no-store.
        assertThat(checkGet("Cache-Control", "no-store, must-understand, max-age=60")).isEqualTo(Reason.STORABLE);
    }

    @Test
    void mustUnderstandWithAnUnknownStatusIsNotStored() {
        assertThat(checkGet(299, "Cache-Control", "no-store, must-understand, max-age=60")).isEqualTo(Reason.STATUS);
    }

    @Test
    void privateResponseIsNotStoredInASharedCache() {
        // RFC 9111 §5.2.2.7; the qualified form is treated like the unqualified one.
        assertThat(checkGet("Cache-Control", "private, max-age=3600")).isEqualTo(Reason.PRIVATE);
        assertThat(checkGet("Cache-Control", "private=\"Set-Cookie\", max-age=3600")).isEqualTo(Reason.PRIVATE);
    }

    @Test
    void authorizedRequestIsNotStoredWithoutExplicitPermission() {
        // RFC 9111 §3.5.
        Headers authorized = Headers.of("Authorization", "Bearer x");

        assertThat(checkWithRequest(authorized, "Date", httpDate(NOW), "Expires", httpDate(IN_ONE_HOUR)))
                .isEqualTo(Reason.AUTHORIZATION);
        assertThat(checkWithRequest(authorized, "Cache-Control", "max-age=3600")).isEqualTo(Reason.AUTHORIZATION);
        assertThat(checkWithRequest(authorized, "Cache-Control", "max-age=3600, proxy-revalidate"))
                .isEqualTo(Reason.AUTHORIZATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=3600, public", "max-age=3600, must-revalidate", "s-maxage=3600"})
    void authorizedRequestIsStoredWhenTheResponseAllowsSharing(String cacheControl) {
        // RFC 9111 §3.5: must-revalidate, public and s-maxage explicitly allow a shared cache to store it.
        assertThat(checkWithRequest(Headers.of("Authorization", "Bearer x"), "Cache-Control", cacheControl))
                .isEqualTo(Reason.STORABLE);
    }

    @Test
    void setCookieIsStoredOnlyWhenTheRouteAllowsIt() {
        assertThat(checkGet("Cache-Control", "max-age=60", "Set-Cookie", "a=b")).isEqualTo(Reason.SET_COOKIE);
        assertThat(check("GET", NO_REQUEST_FIELDS, 200, true, "Cache-Control", "max-age=60", "Set-Cookie", "a=b"))
                .isEqualTo(Reason.STORABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*, *", ", *", "Accept-Encoding, *", "*, Foo"})
    void varyStarIsNotStored(String vary) {
        // RFC 9111 §4.1: a Vary value containing "*" always fails to match.
        assertThat(checkGet("Cache-Control", "max-age=60", "Vary", vary)).isEqualTo(Reason.VARY_STAR);
    }

    @Test
    void varyStarOnASecondLineIsNotStored() {
        assertThat(checkGet("Cache-Control", "max-age=60", "Vary", "", "Vary", "*")).isEqualTo(Reason.VARY_STAR);
    }

    @Test
    void responseWithoutFreshnessIsNotStored() {
        assertThat(checkGet()).isEqualTo(Reason.NO_FRESHNESS);
        assertThat(checkGet("ETag", "\"a\"")).isEqualTo(Reason.NO_FRESHNESS);
        assertThat(checkGet(302, "Last-Modified", httpDate(ONE_DAY_AGO))).isEqualTo(Reason.NO_FRESHNESS);
    }

    @Test
    void heuristicallyFreshResponseIsStored() {
        assertThat(checkGet("Date", httpDate(NOW), "Last-Modified", httpDate(ONE_DAY_AGO))).isEqualTo(Reason.STORABLE);
    }

    @Test
    void publicMakesAResponseStorable() {
        assertThat(checkGet(302, "Cache-Control", "public")).isEqualTo(Reason.STORABLE);
    }

    @Test
    void alreadyExpiredResponseIsStillStorable() {
        assertThat(checkGet("Date", httpDate(NOW), "Expires", "0")).isEqualTo(Reason.STORABLE);
        assertThat(checkGet("Cache-Control", "max-age=0")).isEqualTo(Reason.STORABLE);
    }

    @Test
    void targetedFieldOverridesCacheControlForStoring() {
        // RFC 9213 §2.2: Cache-Control is ignored when a targeted field applies.
        assertThat(checkGet("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10000"))
                .isEqualTo(Reason.STORABLE);
        assertThat(checkGet("Cache-Control", "max-age=10000", "CDN-Cache-Control", "no-store"))
                .isEqualTo(Reason.NO_STORE);
        assertThat(checkGet("Cache-Control", "max-age=10000", "Tiergate-Cache-Control", "private"))
                .isEqualTo(Reason.PRIVATE);
    }
}
