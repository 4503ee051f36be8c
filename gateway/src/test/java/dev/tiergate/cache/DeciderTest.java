package dev.tiergate.cache;

import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_MINUTE_AGO;
import static dev.tiergate.cache.Fixtures.TEN_SECONDS_AGO;
import static dev.tiergate.cache.Fixtures.get;
import static dev.tiergate.cache.Fixtures.ruleWithStaleWindows;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static dev.tiergate.cache.Fixtures.storedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeciderTest {

    private static Decision decide(CacheRequest request, StoredResponse entry) {
        return Decider.decide(request, Optional.of(entry), false, CacheRule.RESPECT_ORIGIN, NOW);
    }

    private static Decision decide(StoredResponse entry, String... requestHeaders) {
        return decide(get(requestHeaders), entry);
    }

    /** An entry with {@code max-age=60} (plus {@code extraDirectives}) that became stale {@code seconds} ago. */
    private static StoredResponse staleBy(long seconds, String extraDirectives) {
        String cacheControl = extraDirectives.isEmpty() ? "max-age=60" : "max-age=60, " + extraDirectives;
        return storedAt(secondsAgo(60 + seconds), "Cache-Control", cacheControl);
    }

    @Test
    void freshEntryIsAHit() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

        Decision decision = decide(entry);

        assertThat(decision).isEqualTo(new Decision.Hit(entry, 10, 50, Decider.FRESH));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; hit; ttl=50; detail=fresh");
    }

    @Test
    void headIsAnsweredFromTheStoredGet() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

        assertThat(decide(new CacheRequest("HEAD", Headers.EMPTY), entry)).isInstanceOf(Decision.Hit.class);
    }

    @Test
    void entryWhoseAgeEqualsItsLifetimeIsStale() {
        // RFC 9111 §4.2: response_is_fresh = (freshness_lifetime > current_age).
        StoredResponse entry = storedAt(ONE_MINUTE_AGO, "Cache-Control", "max-age=60");

        assertThat(decide(entry)).isEqualTo(new Decision.Revalidate(entry, "stale", Decider.STALE));
    }

    @Test
    void staleEntryIsRevalidated() {
        StoredResponse entry = staleBy(30, "");

        Decision decision = decide(entry);

        assertThat(decision).isEqualTo(new Decision.Revalidate(entry, "stale", Decider.STALE));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=stale; detail=stale");
    }

    @Test
    void ageHeaderFromUpstreamCountsTowardsTheAge() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60", "Age", "50");

        assertThat(decide(entry)).isInstanceOf(Decision.Revalidate.class);
    }

    @Test
    void responseNoCacheAlwaysRevalidates() {
        // RFC 9111 §5.2.2.4: no-cache forbids reuse "without forwarding it for validation".
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600, No-Cache", "ETag", "\"v1\"");

        assertThat(decide(entry)).isEqualTo(new Decision.Revalidate(entry, "stale", Decider.RESPONSE_NO_CACHE));
    }

    @Test
    void requestNoCacheRevalidatesAFreshEntry() {
        // RFC 9111 §5.2.1.4.
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600");

        Decision decision = decide(entry, "Cache-Control", "no-cache");

        assertThat(decision).isEqualTo(new Decision.Revalidate(entry, "request", Decider.REQUEST_NO_CACHE));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=request; detail=request-no-cache");
    }

    @Test
    void pragmaNoCacheCountsOnlyWithoutCacheControl() {
        // RFC 9111 §5.4: Pragma: no-cache is honoured only when the request has no Cache-Control field.
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=3600");

        assertThat(decide(entry, "Pragma", "no-cache"))
                .isEqualTo(new Decision.Revalidate(entry, "request", Decider.REQUEST_NO_CACHE));
        assertThat(decide(entry, "Pragma", "no-cache", "Cache-Control", "max-stale=10"))
                .isInstanceOf(Decision.Hit.class);
        assertThat(decide(entry, "Pragma", "unrecognised-extension")).isInstanceOf(Decision.Hit.class);
    }

    @Test
    void requestMaxAgeRejectsAnOlderEntry() {
        // RFC 9111 §5.2.1.1: the client prefers a response whose age is at most max-age.
        StoredResponse entry = storedAt(secondsAgo(30), "Cache-Control", "max-age=3600");

        assertThat(decide(entry, "Cache-Control", "max-age=29"))
                .isEqualTo(new Decision.Revalidate(entry, "request", Decider.REQUEST_MAX_AGE));
        assertThat(decide(entry, "Cache-Control", "max-age=30")).isInstanceOf(Decision.Hit.class);
    }

    @Test
    void requestMaxAgeZeroAcceptsOnlyAnEntryOfAgeZero() {
        assertThat(decide(storedAt(NOW, "Cache-Control", "max-age=3600"), "Cache-Control", "max-age=0"))
                .isInstanceOf(Decision.Hit.class);
        assertThat(decide(storedAt(secondsAgo(1), "Cache-Control", "max-age=3600"), "Cache-Control", "max-age=0"))
                .isInstanceOf(Decision.Revalidate.class);
    }

    @Test
    void invalidRequestMaxAgeIsReadAsZero() {
        StoredResponse entry = storedAt(secondsAgo(1), "Cache-Control", "max-age=3600");

        assertThat(decide(entry, "Cache-Control", "max-age=soon")).isInstanceOf(Decision.Revalidate.class);
    }

    @Test
    void minFreshRejectsAnEntryExpiringTooSoon() {
        // RFC 9111 §5.2.1.3: lifetime must be at least current age plus min-fresh.
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

        assertThat(decide(entry, "Cache-Control", "min-fresh=51"))
                .isEqualTo(new Decision.Revalidate(entry, "request", Decider.REQUEST_MIN_FRESH));
        assertThat(decide(entry, "Cache-Control", "min-fresh=50")).isInstanceOf(Decision.Hit.class);
    }

    @Test
    void maxStaleAcceptsAStaleEntryWithinItsBound() {
        // RFC 9111 §5.2.1.2: exceeded its freshness lifetime by no more than the given seconds.
        StoredResponse entry = staleBy(10, "");

        assertThat(decide(entry, "Cache-Control", "max-stale=10"))
                .isEqualTo(new Decision.Hit(entry, 70, -10, Decider.MAX_STALE));
        assertThat(decide(entry, "Cache-Control", "max-stale=9")).isInstanceOf(Decision.Revalidate.class);
    }

    @Test
    void maxStaleWithoutValueAcceptsAnyStaleness() {
        assertThat(decide(staleBy(86_400, ""), "Cache-Control", "max-stale")).isInstanceOf(Decision.Hit.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"must-revalidate", "proxy-revalidate", "s-maxage=60"})
    void originRevalidationDirectivesForbidClientMaxStale(String directive) {
        // RFC 9111 §5.2.2.2, §5.2.2.8, §5.2.2.10 (s-maxage incorporates proxy-revalidate).
        StoredResponse entry = staleBy(10, directive);

        assertThat(decide(entry, "Cache-Control", "max-stale=3600")).isInstanceOf(Decision.Revalidate.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"must-revalidate", "proxy-revalidate"})
    void mustRevalidateAndProxyRevalidateForbidStaleWhileRevalidate(String directive) {
        StoredResponse entry = staleBy(5, directive + ", stale-while-revalidate=30");

        assertThat(decide(entry)).isEqualTo(new Decision.Revalidate(entry, "stale", Decider.STALE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"must-revalidate", "proxy-revalidate", "no-cache"})
    void mustRevalidateProxyRevalidateAndNoCacheForbidStaleIfError(String directive) {
        StoredResponse entry = staleBy(5, directive + ", stale-if-error=300");

        assertThat(Decider.mayServeStaleOnError(entry, NOW)).isFalse();
    }

    @Test
    void sMaxAgeStillHonoursTheOriginsOwnStaleWhileRevalidate() {
        // A documented choice: the origin sent both s-maxage and stale-while-revalidate, as CDNs read them.
        StoredResponse entry = storedAt(secondsAgo(65), "Cache-Control", "s-maxage=60, stale-while-revalidate=30");

        assertThat(decide(entry)).isEqualTo(new Decision.StaleWhileRevalidate(entry, 65, -5, Decider.STALE_WHILE_REVALIDATE));
    }

    @Test
    void sMaxAgeStillHonoursTheOriginsOwnStaleIfError() {
        StoredResponse entry = storedAt(secondsAgo(65), "Cache-Control", "s-maxage=60, stale-if-error=30");

        assertThat(Decider.mayServeStaleOnError(entry, NOW)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"0, true", "1, true", "29, true", "30, false", "31, false"})
    void staleWhileRevalidateWindowStartsAtExpiryAndLastsItsValue(long staleness, boolean servedStale) {
        // RFC 5861 §3: stale responses may be served "up to the indicated number of seconds" after becoming stale.
        StoredResponse entry = staleBy(staleness, "stale-while-revalidate=30");

        Decision decision = decide(entry);

        if (servedStale) {
            assertThat(decision).isEqualTo(
                    new Decision.StaleWhileRevalidate(entry, 60 + staleness, -staleness, Decider.STALE_WHILE_REVALIDATE));
        } else {
            assertThat(decision).isEqualTo(new Decision.Revalidate(entry, "stale", Decider.STALE));
        }
    }

    @Test
    void staleWhileRevalidateIsReportedAsAStaleHit() {
        Decision decision = decide(staleBy(5, "stale-while-revalidate=30"));

        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; hit; ttl=-5; detail=stale-while-revalidate");
    }

    @Test
    void routeDefaultStaleWhileRevalidateAppliesWithoutAnOriginDirective() {
        StoredResponse entry = storedAt(secondsAgo(65), ruleWithStaleWindows(30, 0), "Cache-Control", "max-age=60");

        assertThat(decide(entry)).isInstanceOf(Decision.StaleWhileRevalidate.class);
    }

    @ParameterizedTest
    @CsvSource({"0, true", "299, true", "300, false", "301, false"})
    void staleIfErrorWindowStartsAtExpiryAndLastsItsValue(long staleness, boolean servedOnError) {
        // RFC 5861 §4.
        assertThat(Decider.mayServeStaleOnError(staleBy(staleness, "stale-if-error=300"), NOW)).isEqualTo(servedOnError);
    }

    @Test
    void withoutStaleIfErrorAStaleEntryIsNeverServedOnError() {
        // RFC 9111 §4.2.4: a stale response needs explicit permission, even in the second the entry expires.
        assertThat(Decider.mayServeStaleOnError(staleBy(0, ""), NOW)).isFalse();
        assertThat(Decider.mayServeStaleOnError(staleBy(10, ""), NOW)).isFalse();
    }

    @Test
    void routeDefaultStaleIfErrorAppliesWithoutAnOriginDirective() {
        StoredResponse entry = storedAt(secondsAgo(70), ruleWithStaleWindows(0, 60), "Cache-Control", "max-age=60");

        assertThat(Decider.mayServeStaleOnError(entry, NOW)).isTrue();
    }

    @Test
    void onlyIfCachedWithoutAStoredResponseIsUnsatisfiable() {
        // RFC 9111 §5.2.1.7: respond from the cache or with 504.
        Decision decision = Decider.decide(get("Cache-Control", "only-if-cached"), Optional.empty(), false,
                CacheRule.RESPECT_ORIGIN, NOW);

        assertThat(decision).isEqualTo(new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=miss; detail=only-if-cached");
    }

    @Test
    void onlyIfCachedNeverForwardsForValidation() {
        assertThat(decide(staleBy(10, ""), "Cache-Control", "only-if-cached"))
                .isEqualTo(new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED));
        assertThat(decide(storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60"), "Cache-Control", "only-if-cached, no-cache"))
                .isEqualTo(new Decision.Unsatisfiable(Decider.ONLY_IF_CACHED));
    }

    @Test
    void onlyIfCachedIsServedByAnyUsableStoredResponse() {
        assertThat(decide(storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60"), "Cache-Control", "only-if-cached"))
                .isInstanceOf(Decision.Hit.class);
        assertThat(decide(staleBy(10, ""), "Cache-Control", "only-if-cached, max-stale=60"))
                .isInstanceOf(Decision.Hit.class);
        assertThat(decide(staleBy(10, "stale-while-revalidate=60"), "Cache-Control", "only-if-cached"))
                .isInstanceOf(Decision.StaleWhileRevalidate.class);
    }

    @Test
    void missIsAUriMissWhenNothingIsStoredForTheUri() {
        Decision decision = Decider.decide(get(), Optional.empty(), false, CacheRule.RESPECT_ORIGIN, NOW);

        assertThat(decision).isEqualTo(new Decision.Miss("uri-miss", Decider.NOT_STORED));
        // fwd=uri-miss says it all: a miss carries no detail.
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=uri-miss");
    }

    @Test
    void missIsAVaryMissWhenOnlyOtherVariantsAreStored() {
        Decision decision = Decider.decide(get(), Optional.empty(), true, CacheRule.RESPECT_ORIGIN, NOW);

        assertThat(decision).isEqualTo(new Decision.Miss("vary-miss", Decider.VARIANT_NOT_STORED));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=vary-miss");
    }

    @Test
    void routeBypassIgnoresTheStoredResponse() {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

        Decision decision = Decider.decide(get(), Optional.of(entry), false, CacheRule.BYPASS, NOW);

        assertThat(decision).isEqualTo(new Decision.Bypass("bypass", Decider.ROUTE_BYPASS));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=bypass; detail=route-bypass");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get"})
    void nonCacheableMethodsBypassBeforeAnythingElse(String method) {
        StoredResponse entry = storedAt(TEN_SECONDS_AGO, "Cache-Control", "max-age=60");

        Decision decision = Decider.decide(new CacheRequest(method, Headers.of("Cache-Control", "only-if-cached")),
                Optional.of(entry), false, CacheRule.BYPASS, NOW);

        assertThat(decision).isEqualTo(new Decision.Bypass("method", Decider.METHOD));
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; fwd=method; detail=method");
    }

    @ParameterizedTest
    @CsvSource({"POST, 200", "POST, 201", "PUT, 204", "DELETE, 200", "PATCH, 200", "M-SEARCH, 200", "POST, 303",
        "PUT, 399"})
    void unsafeOrUnknownMethodWithNonErrorStatusInvalidatesTheTarget(String method, int status) {
        // RFC 9111 §4.4: including "methods whose safety is unknown".
        assertThat(Decider.invalidatesTarget(method, status)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"POST, 100", "POST, 400", "PUT, 404", "DELETE, 500", "POST, 503", "GET, 200", "HEAD, 200",
        "OPTIONS, 200", "TRACE, 200"})
    void errorsAndSafeMethodsDoNotInvalidate(String method, int status) {
        assertThat(Decider.invalidatesTarget(method, status)).isFalse();
    }
}
