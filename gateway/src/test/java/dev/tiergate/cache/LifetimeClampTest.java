package dev.tiergate.cache;

import static dev.tiergate.cache.Fixtures.BODY;
import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.get;
import static dev.tiergate.cache.Fixtures.httpDate;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.http.Storability;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a route's {@code minTtl}, {@code maxTtl}, {@code negativeTtl} and {@code ttl} shape the stored lifetime. */
class LifetimeClampTest {

    private static CacheRule rule(OptionalLong ttl, OptionalLong minTtl, OptionalLong maxTtl, OptionalLong negativeTtl) {
        return new CacheRule(false, ttl, OptionalLong.empty(), OptionalLong.empty(), CacheRule.DEFAULT_MAX_OBJECT_BYTES, false,
                CacheRule.DEFAULT_KEEP_SECONDS, minTtl, maxTtl, negativeTtl);
    }

    private static final CacheRule MIN_60_MAX_3600 = rule(OptionalLong.empty(), OptionalLong.of(60), OptionalLong.of(3600), OptionalLong.empty());
    private static final CacheRule NEGATIVE_30 = rule(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(30));

    private static StorePlan plan(CacheRule rule, int status, String... responseHeaders) {
        Headers headers = Headers.of(responseHeaders).toBuilder().add("Date", httpDate(NOW)).build();
        return StorePlan.plan(get(), status, headers, BODY, NOW, NOW, rule, Set.of());
    }

    private static long lifetime(CacheRule rule, int status, String... responseHeaders) {
        StorePlan plan = plan(rule, status, responseHeaders);
        assertThat(plan.reason()).isEqualTo(Storability.Reason.STORABLE);
        return plan.entry().orElseThrow().lifetimeSeconds();
    }

    @Test
    void originLifetimeWithinTheClampsIsKept() {
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=120")).isEqualTo(120);
    }

    @Test
    void shortOriginLifetimeIsRaisedToMinTtl() {
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=10")).isEqualTo(60);
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "s-maxage=5, max-age=600")).isEqualTo(60);
    }

    @Test
    void longOriginLifetimeIsCutToMaxTtl() {
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=86400")).isEqualTo(3600);
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Expires", httpDate(NOW.plusSeconds(7200)))).isEqualTo(3600);
    }

    @Test
    void explicitZeroLifetimeIsAlsoRaisedToMinTtl() {
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Cache-Control", "max-age=0")).isEqualTo(60);
        assertThat(lifetime(MIN_60_MAX_3600, 200, "Expires", "0")).isEqualTo(60);
    }

    @Test
    void heuristicLifetimeIsClampedToo() {
        // 10% of 1000 s since Last-Modified = 100 s.
        String lastModified = httpDate(secondsAgo(1000));
        assertThat(lifetime(rule(OptionalLong.empty(), OptionalLong.of(300), OptionalLong.empty(), OptionalLong.empty()), 200,
                "Last-Modified", lastModified)).isEqualTo(300);
        assertThat(lifetime(rule(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(30), OptionalLong.empty()), 200,
                "Last-Modified", lastModified)).isEqualTo(30);
    }

    @Test
    void minTtlDoesNotInventFreshnessForAResponseWithoutAny() {
        StorePlan plan = plan(MIN_60_MAX_3600, 200);

        assertThat(plan.storable()).isFalse();
        assertThat(plan.reason()).isEqualTo(Storability.Reason.NO_FRESHNESS);
    }

    @Test
    void clampsNeverMakeAPrivateOrNoStoreResponseStorable() {
        assertThat(plan(MIN_60_MAX_3600, 200, "Cache-Control", "private, max-age=10").reason()).isEqualTo(Storability.Reason.PRIVATE);
        assertThat(plan(MIN_60_MAX_3600, 200, "Cache-Control", "no-store, max-age=10").reason()).isEqualTo(Storability.Reason.NO_STORE);
    }

    @Test
    void withoutClampsTheOriginLifetimeIsUntouched() {
        assertThat(lifetime(CacheRule.RESPECT_ORIGIN, 200, "Cache-Control", "max-age=7")).isEqualTo(7);
        assertThat(lifetime(CacheRule.RESPECT_ORIGIN, 200, "Cache-Control", "max-age=31536000")).isEqualTo(31_536_000);
    }

    @Test
    void notFoundWithoutFreshnessGetsTheNegativeTtl() {
        assertThat(lifetime(NEGATIVE_30, 404)).isEqualTo(30);
        assertThat(lifetime(NEGATIVE_30, 410)).isEqualTo(30);
    }

    @Test
    void negativeTtlReplacesAHeuristicLifetime() {
        assertThat(lifetime(NEGATIVE_30, 404, "Last-Modified", httpDate(secondsAgo(100_000)))).isEqualTo(30);
    }

    @Test
    void notFoundWithExplicitFreshnessKeepsTheOrigins() {
        assertThat(lifetime(NEGATIVE_30, 404, "Cache-Control", "max-age=5")).isEqualTo(5);
        assertThat(lifetime(NEGATIVE_30, 410, "Expires", httpDate(NOW.plusSeconds(90)))).isEqualTo(90);
    }

    @Test
    void negativeTtlAppliesOnlyToNotFoundAndGone() {
        assertThat(plan(NEGATIVE_30, 200).reason()).isEqualTo(Storability.Reason.NO_FRESHNESS);
        assertThat(plan(NEGATIVE_30, 500).reason()).isEqualTo(Storability.Reason.NO_FRESHNESS);
        assertThat(plan(NEGATIVE_30, 403).reason()).isEqualTo(Storability.Reason.NO_FRESHNESS);
    }

    @Test
    void withoutNegativeTtlANotFoundWithoutFreshnessIsNotStored() {
        assertThat(plan(CacheRule.RESPECT_ORIGIN, 404).storable()).isFalse();
    }

    @Test
    void negativeTtlNeverOverridesPrivateOrNoStore() {
        assertThat(plan(NEGATIVE_30, 404, "Cache-Control", "private").reason()).isEqualTo(Storability.Reason.PRIVATE);
        assertThat(plan(NEGATIVE_30, 404, "Cache-Control", "no-store").reason()).isEqualTo(Storability.Reason.NO_STORE);
    }

    @Test
    void negativeTtlIsTheRoutesOwnValueAndIsNotClampedByMaxTtl() {
        CacheRule rule = rule(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(10), OptionalLong.of(300));

        assertThat(lifetime(rule, 404)).isEqualTo(300);
        assertThat(lifetime(rule, 404, "Cache-Control", "max-age=60")).as("explicit origin freshness is clamped").isEqualTo(10);
    }

    @Test
    void routeTtlOverridesOriginAndIsNotClamped() {
        CacheRule rule = rule(OptionalLong.of(7200), OptionalLong.of(60), OptionalLong.of(3600), OptionalLong.of(30));

        assertThat(lifetime(rule, 200, "Cache-Control", "max-age=10")).isEqualTo(7200);
        assertThat(lifetime(rule, 404)).as("ttl wins over negativeTtl").isEqualTo(7200);
    }
}
