package dev.tiergate.cache;

import static dev.tiergate.cache.Fixtures.BODY;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_MINUTE_AGO;
import static dev.tiergate.cache.Fixtures.TEN_SECONDS_AGO;
import static dev.tiergate.cache.Fixtures.get;
import static dev.tiergate.cache.Fixtures.httpDate;
import static dev.tiergate.cache.Fixtures.ruleWithStaleWindows;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static dev.tiergate.cache.Fixtures.storedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.http.Storability;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorePlanTest {

    private static final CacheRule ALLOW_SET_COOKIE = new CacheRule(false, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), CacheRule.DEFAULT_MAX_OBJECT_BYTES, true, CacheRule.DEFAULT_KEEP_SECONDS);

    private static CacheRule routeTtl(long seconds) {
        return new CacheRule(false, OptionalLong.of(seconds), OptionalLong.empty(), OptionalLong.empty(),
                CacheRule.DEFAULT_MAX_OBJECT_BYTES, false, CacheRule.DEFAULT_KEEP_SECONDS);
    }

    /** A GET answered at NOW with no network delay. */
    private static StorePlan plan(CacheRule rule, String... responseHeaders) {
        return StorePlan.plan(get(), 200, Headers.of(responseHeaders), BODY, NOW, NOW, rule, Set.of());
    }

    @Test
    void storableResponseBecomesAnEntryWithEverythingReuseNeeds() {
        CacheRequest request = get("Accept-Encoding", "gzip", "Cookie", "a=b");
        Headers response = Headers.of(
                "Date", httpDate(TEN_SECONDS_AGO),
                "Age", "30",
                "Cache-Control", "max-age=60, stale-while-revalidate=15",
                "Vary", "Accept-Encoding",
                "Set-Cookie", "a=b",
                "ETag", "\"v1\"");

        StorePlan plan = StorePlan.plan(request, 200, response, BODY, secondsAgo(2), NOW, ALLOW_SET_COOKIE,
                Set.of("product:1"));

        assertThat(plan.storable()).isTrue();
        assertThat(plan.reason()).isEqualTo(Storability.Reason.STORABLE);
        StoredResponse entry = plan.entry().orElseThrow();
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.body()).isEqualTo(BODY);
        assertThat(entry.responseTime()).isEqualTo(NOW);
        // RFC 9111 §4.2.3: max(apparent age 10, Age 30 + response delay 2).
        assertThat(entry.initialAgeSeconds()).isEqualTo(32);
        assertThat(entry.lifetimeSeconds()).isEqualTo(60);
        assertThat(entry.staleWhileRevalidateSeconds()).isEqualTo(15);
        assertThat(entry.staleIfErrorSeconds()).isZero();
        assertThat(entry.directives().has("max-age")).isTrue();
        assertThat(entry.varyFields()).containsExactly("accept-encoding");
        assertThat(entry.secondaryKey()).isEqualTo("accept-encoding=gzip\n");
        assertThat(entry.tags()).containsExactly("product:1");
        assertThat(entry.headers().contains("Set-Cookie")).isFalse();
        assertThat(entry.headers().contains("Age")).isFalse();
        assertThat(entry.headers().first("ETag")).contains("\"v1\"");
        assertThat(entry.hasValidators()).isTrue();
        assertThat(entry.ageSeconds(NOW)).isEqualTo(32);
        assertThat(entry.ttlSeconds(NOW.plusSeconds(8))).isEqualTo(20);
    }

    @Test
    void unstorableResponseHasAReasonAndNoEntry() {
        StorePlan plan = plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "no-store, max-age=60");

        assertThat(plan.storable()).isFalse();
        assertThat(plan.reason()).isEqualTo(Storability.Reason.NO_STORE);
        assertThat(plan.entry()).isEmpty();
    }

    @Test
    void headRequestIsNotStored() {
        StorePlan plan = StorePlan.plan(new CacheRequest("HEAD", Headers.EMPTY), 200,
                Headers.of("Cache-Control", "max-age=60"), new byte[0], NOW, NOW, CacheRule.RESPECT_ORIGIN, Set.of());

        assertThat(plan.reason()).isEqualTo(Storability.Reason.METHOD);
    }

    @Test
    void varyStarIsRefusedRatherThanStored() {
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=60", "Vary", "*").reason())
                .isEqualTo(Storability.Reason.VARY_STAR);
    }

    @Test
    void routeTtlOverridesTheOriginLifetime() {
        assertThat(plan(routeTtl(300), "Cache-Control", "max-age=10").entry().orElseThrow().lifetimeSeconds())
                .isEqualTo(300);
    }

    @Test
    void routeTtlMakesAResponseWithoutFreshnessStorable() {
        assertThat(plan(CacheRule.RESPECT_ORIGIN).reason()).isEqualTo(Storability.Reason.NO_FRESHNESS);
        assertThat(plan(routeTtl(300)).entry().orElseThrow().lifetimeSeconds()).isEqualTo(300);
    }

    @Test
    void routeTtlDoesNotOverrideNoStoreOrPrivate() {
        assertThat(plan(routeTtl(300), "Cache-Control", "no-store").reason()).isEqualTo(Storability.Reason.NO_STORE);
        assertThat(plan(routeTtl(300), "Cache-Control", "private").reason()).isEqualTo(Storability.Reason.PRIVATE);
    }

    @Test
    void originStaleWindowsWinOverRouteDefaults() {
        StoredResponse entry = plan(ruleWithStaleWindows(120, 600),
                "Cache-Control", "max-age=60, stale-while-revalidate=30, stale-if-error=300").entry().orElseThrow();

        assertThat(entry.staleWhileRevalidateSeconds()).isEqualTo(30);
        assertThat(entry.staleIfErrorSeconds()).isEqualTo(300);
    }

    @Test
    void routeDefaultsApplyWhenTheOriginSendsNoWindows() {
        StoredResponse entry = plan(ruleWithStaleWindows(120, 600), "Cache-Control", "max-age=60").entry().orElseThrow();

        assertThat(entry.staleWhileRevalidateSeconds()).isEqualTo(120);
        assertThat(entry.staleIfErrorSeconds()).isEqualTo(600);
    }

    @Test
    void invalidOriginWindowIsZeroRatherThanTheRouteDefault() {
        StoredResponse entry = plan(ruleWithStaleWindows(120, 600),
                "Cache-Control", "max-age=60, stale-while-revalidate=soon, stale-if-error").entry().orElseThrow();

        assertThat(entry.staleWhileRevalidateSeconds()).isZero();
        assertThat(entry.staleIfErrorSeconds()).isZero();
    }

    @Test
    void routeDefaultWindowsDoNotApplyUnderSMaxAge() {
        // RFC 9111 §5.2.2.10 and §4.2.4: s-maxage carries proxy-revalidate semantics; only the origin's own windows count.
        StoredResponse withoutOriginWindows =
                plan(ruleWithStaleWindows(120, 600), "Cache-Control", "s-maxage=60").entry().orElseThrow();
        StoredResponse withOriginWindows = plan(ruleWithStaleWindows(120, 600),
                "Cache-Control", "s-maxage=60, stale-while-revalidate=30, stale-if-error=300").entry().orElseThrow();

        assertThat(withoutOriginWindows.staleWhileRevalidateSeconds()).isZero();
        assertThat(withoutOriginWindows.staleIfErrorSeconds()).isZero();
        assertThat(withOriginWindows.staleWhileRevalidateSeconds()).isEqualTo(30);
        assertThat(withOriginWindows.staleIfErrorSeconds()).isEqualTo(300);
    }

    @Test
    void targetedWindowsAreUsed() {
        StoredResponse entry = plan(CacheRule.RESPECT_ORIGIN,
                "Cache-Control", "max-age=5, stale-while-revalidate=1",
                "CDN-Cache-Control", "max-age=60, stale-while-revalidate=45").entry().orElseThrow();

        assertThat(entry.lifetimeSeconds()).isEqualTo(60);
        assertThat(entry.staleWhileRevalidateSeconds()).isEqualTo(45);
    }

    @Test
    void expiredResponseWithoutValidatorOrWindowIsNotKept() {
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0").reason())
                .isEqualTo(Storability.Reason.NO_FRESHNESS);
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Date", httpDate(NOW), "Expires", "0").reason())
                .isEqualTo(Storability.Reason.NO_FRESHNESS);
    }

    @Test
    void expiredResponseWithValidatorOrWindowIsKept() {
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0", "ETag", "\"v1\"").storable()).isTrue();
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0", "Last-Modified", httpDate(ONE_MINUTE_AGO))
                .storable()).isTrue();
        assertThat(plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=0, stale-if-error=60").storable()).isTrue();
        assertThat(plan(ruleWithStaleWindows(30, 0), "Cache-Control", "max-age=0").storable()).isTrue();
    }

    @Test
    void secondaryKeyRecordsAbsentVaryFields() {
        StoredResponse entry = plan(CacheRule.RESPECT_ORIGIN, "Cache-Control", "max-age=60", "Vary", "Foo, Accept")
                .entry().orElseThrow();

        assertThat(entry.varyFields()).isEqualTo(List.of("foo", "accept"));
        assertThat(entry.secondaryKey()).startsWith("foo=").contains("\naccept=");
    }

    @Test
    void freshEntryIsRetainedForItsTtlPlusTheLongestWindow() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, ruleWithStaleWindows(30, 300), "Cache-Control", "max-age=60");

        assertThat(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN)).isEqualTo(50 + 300);
    }

    @Test
    void entryWithValidatorsIsAlsoKeptForTheKeepPeriod() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60", "ETag", "\"v1\"");

        assertThat(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN))
                .isEqualTo(50 + CacheRule.DEFAULT_KEEP_SECONDS);
    }

    @Test
    void staleEntryIsRetainedForItsWindowsOnly() {
        StoredResponse entry = storedAt(ONE_MINUTE_AGO, "Cache-Control", "max-age=10, stale-if-error=120");

        assertThat(StorePlan.retentionSeconds(entry, NOW, CacheRule.RESPECT_ORIGIN)).isEqualTo(120);
    }
}
