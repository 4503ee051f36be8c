package dev.tiergate.cache;

import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.httpDate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The learned lifetime: how it converges for origins that never, slowly or always change, its clamps, and its precedence. */
class AdaptiveTtlTest {

    private static final AdaptiveTtlRule TEN_SECONDS_TO_AN_HOUR = new AdaptiveTtlRule(10, 3600, 0.5);

    /** What a simulated run found: the last lifetime, the most staleness any change saw, and how many fetches it took. */
    private record Run(long lastTtlSeconds, long maxStaleSeconds, int fetches) {
    }

    /**
     * Fetches whenever the entry expires, for {@code horizonSeconds}, from an origin whose content changes every
     * {@code changeSeconds} (0: never); returns what the adaptive TTL did.
     */
    private static Run simulate(AdaptiveTtlRule rule, long changeSeconds, long horizonSeconds) {
        ChangeHistory history = null;
        long t = 0;
        long ttl = 0;
        long maxStale = 0;
        int fetches = 0;
        while (t < horizonSeconds) {
            long version = changeSeconds == 0 ? 0 : t / changeSeconds;
            Instant at = NOW.plusSeconds(t);
            history = ChangeHistory.observe(history, ChangeObservation.full(at, "v" + version));
            ttl = AdaptiveTtl.learnedSeconds(history, rule, at);
            fetches++;
            if (changeSeconds > 0) {
                long nextChange = (version + 1) * changeSeconds;
                maxStale = Math.max(maxStale, t + ttl - nextChange);
            }
            t += ttl;
        }
        return new Run(ttl, maxStale, fetches);
    }

    @Test
    void neverChangingContentGrowsToMax() {
        Run run = simulate(TEN_SECONDS_TO_AN_HOUR, 0, 6 * 3600);
        assertThat(run.lastTtlSeconds()).isEqualTo(3600);
        // 10, 20, 40, ... 2560, then the hour: about a dozen fetches instead of the 2,160 a fixed 10 s would make.
        assertThat(run.fetches()).isLessThan(20);
    }

    @Test
    void alwaysChangingContentShrinksToMin() {
        Run run = simulate(TEN_SECONDS_TO_AN_HOUR, 1, 3600);
        assertThat(run.lastTtlSeconds()).isEqualTo(10);
        assertThat(run.maxStaleSeconds()).isLessThanOrEqualTo(10);
    }

    @Test
    void slowlyChangingContentConvergesToAFractionOfItsInterval() {
        Run run = simulate(TEN_SECONDS_TO_AN_HOUR, 600, 24 * 3600);
        // Half of the ten-minute interval, give or take how late each change is seen.
        assertThat(run.lastTtlSeconds()).isBetween(150L, 600L);
        assertThat(run.maxStaleSeconds()).isLessThanOrEqualTo(600);
    }

    @Test
    void contentThatStartsChangingOnEveryFetchHalvesItsLifetimeWithEachChange() {
        ChangeHistory history = ChangeHistory.first("v0", NOW);
        Instant t = NOW;
        for (int i = 0; i < 12; i++) {
            t = t.plusSeconds(AdaptiveTtl.learnedSeconds(history, TEN_SECONDS_TO_AN_HOUR, t));
            history = history.observe(ChangeObservation.full(t, "v0"));
        }
        assertThat(AdaptiveTtl.learnedSeconds(history, TEN_SECONDS_TO_AN_HOUR, t)).isEqualTo(3600);
        for (int i = 1; i <= 12; i++) {
            t = t.plusSeconds(AdaptiveTtl.learnedSeconds(history, TEN_SECONDS_TO_AN_HOUR, t));
            history = history.observe(ChangeObservation.full(t, "v" + i));
        }
        assertThat(AdaptiveTtl.learnedSeconds(history, TEN_SECONDS_TO_AN_HOUR, t)).isEqualTo(10);
    }

    @Test
    void nothingObservedMeansMin() {
        assertThat(AdaptiveTtl.learnedSeconds(null, TEN_SECONDS_TO_AN_HOUR, NOW)).isEqualTo(10);
    }

    @Test
    void learnedLifetimeStaysWithinTheClamps() {
        AdaptiveTtlRule narrow = new AdaptiveTtlRule(30, 120, 1);
        assertThat(simulate(narrow, 0, 86_400).lastTtlSeconds()).isEqualTo(120);
        assertThat(simulate(narrow, 1, 3600).lastTtlSeconds()).isEqualTo(30);
        ChangeHistory longAgo = new ChangeHistory("v", NOW.minusSeconds(1_000_000), NOW.minusSeconds(1_000_000), NOW, 3, 0, 1e12);
        assertThat(AdaptiveTtl.learnedSeconds(longAgo, narrow, NOW)).isEqualTo(120);
    }

    @Test
    void aNotModifiedCountsAsUnchangedAndADifferentEntityTagAsAChange() {
        ChangeHistory history = ChangeHistory.first("etag:\"a\"", NOW);
        ChangeHistory revalidated = history.observe(ChangeObservation.notModified(NOW.plusSeconds(10), "etag:\"a\""));
        assertThat(revalidated.unchanged()).isEqualTo(1);
        assertThat(revalidated.changes()).isZero();
        ChangeHistory changed = revalidated.observe(ChangeObservation.full(NOW.plusSeconds(30), "etag:\"b\""));
        assertThat(changed.changes()).isEqualTo(1);
        assertThat(changed.meanChangeSeconds()).isEqualTo(30);
        assertThat(changed.lastChange()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void theFingerprintIsTheEntityTagElseTheBodyDigest() {
        byte[] body = "same".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ContentFingerprint.of(Headers.of("ETag", "\"x\""), body)).isEqualTo("etag:\"x\"");
        assertThat(ContentFingerprint.of(Headers.EMPTY, body)).isEqualTo(ContentFingerprint.of(Headers.of("Date", "x"), body))
                .startsWith("sha256:");
        assertThat(ContentFingerprint.of(Headers.EMPTY, body)).isNotEqualTo(ContentFingerprint.of(Headers.EMPTY, new byte[0]));
    }

    @Test
    void anObservationFromBeforeTheLastOneDoesNotRunTimeBackwards() {
        ChangeHistory history = ChangeHistory.first("v0", NOW);
        ChangeHistory changed = history.observe(ChangeObservation.full(NOW.minusSeconds(50), "v1"));
        assertThat(changed.meanChangeSeconds()).isZero();
        assertThat(changed.lastChange()).isEqualTo(NOW);
    }

    private static CacheRule adaptive(OptionalLong ttl, OptionalLong negativeTtl) {
        return new CacheRule(false, ttl, OptionalLong.empty(), OptionalLong.empty(), CacheRule.DEFAULT_MAX_OBJECT_BYTES, false,
                CacheRule.DEFAULT_KEEP_SECONDS, OptionalLong.empty(), OptionalLong.empty(), negativeTtl)
                .withAdaptiveTtl(Optional.of(TEN_SECONDS_TO_AN_HOUR));
    }

    private static final CacheRule ADAPTIVE = adaptive(OptionalLong.empty(), OptionalLong.empty());
    private static final CacheRule ADAPTIVE_WITH_TTL = adaptive(OptionalLong.of(60), OptionalLong.empty());

    private static AdaptiveTtl.Applied applied(CacheRule rule, int status, long learned, String... responseHeaders) {
        Headers headers = Headers.of(responseHeaders).toBuilder().add("Date", httpDate(NOW)).build();
        StorePlan plan = StorePlan.plan(Fixtures.get(), status, headers, Fixtures.BODY, NOW, NOW, rule, Set.of());
        return AdaptiveTtl.apply(plan.entry().orElseThrow(() -> new IllegalStateException(plan.reason().code())), rule, learned);
    }

    @Test
    void explicitOriginFreshnessStandsWithoutARouteTtl() {
        for (String[] explicit : new String[][] {{"Cache-Control", "max-age=30"}, {"Cache-Control", "s-maxage=30"},
                {"Expires", httpDate(NOW.plusSeconds(30))}, {"CDN-Cache-Control", "max-age=30"}}) {
            AdaptiveTtl.Applied applied = applied(ADAPTIVE, 200, 3600, explicit);
            assertThat(applied.outcome()).as(explicit[0]).isEqualTo(AdaptiveTtl.Outcome.UNTOUCHED);
            assertThat(applied.entry().lifetimeSeconds()).as(explicit[0]).isEqualTo(30);
        }
    }

    @Test
    void theLearnedLifetimeReplacesARouteTtlButNeverOutlastsTheOrigins() {
        assertThat(applied(ADAPTIVE_WITH_TTL, 200, 3600).entry().lifetimeSeconds()).isEqualTo(3600);
        AdaptiveTtl.Applied capped = applied(ADAPTIVE_WITH_TTL, 200, 3600, "Cache-Control", "max-age=300");
        assertThat(capped.outcome()).isEqualTo(AdaptiveTtl.Outcome.CAPPED_BY_ORIGIN);
        assertThat(capped.entry().lifetimeSeconds()).isEqualTo(300);
        AdaptiveTtl.Applied shorter = applied(ADAPTIVE_WITH_TTL, 200, 10, "Cache-Control", "max-age=300");
        assertThat(shorter.outcome()).isEqualTo(AdaptiveTtl.Outcome.LEARNED);
        assertThat(shorter.entry().lifetimeSeconds()).isEqualTo(10);
    }

    @Test
    void heuristicOrAbsentFreshnessTakesTheLearnedLifetime() {
        AdaptiveTtl.Applied heuristic = applied(ADAPTIVE, 200, 640, "Last-Modified", httpDate(NOW.minusSeconds(100)));
        assertThat(heuristic.outcome()).isEqualTo(AdaptiveTtl.Outcome.LEARNED);
        assertThat(heuristic.entry().lifetimeSeconds()).isEqualTo(640);
        // Public with only a validator: stored with no freshness of its own (RFC 9111 §3), then given the learned one.
        assertThat(applied(ADAPTIVE, 200, 640, "Cache-Control", "public", "ETag", "\"v1\"").entry().lifetimeSeconds()).isEqualTo(640);
    }

    @Test
    void responsesThatMustBeRevalidatedAreNeverTouched() {
        for (String directive : new String[] {"no-cache", "no-cache=\"Set-Cookie\"", "no-cache, max-age=60"}) {
            AdaptiveTtl.Applied applied = applied(ADAPTIVE_WITH_TTL, 200, 3600, "Cache-Control", directive, "ETag", "\"v\"");
            assertThat(applied.outcome()).as(directive).isEqualTo(AdaptiveTtl.Outcome.UNTOUCHED);
        }
    }

    @Test
    void aNegativeTtlIsKeptForMissingResources() {
        AdaptiveTtl.Applied applied = applied(adaptive(OptionalLong.empty(), OptionalLong.of(5)), 404, 3600);
        assertThat(applied.outcome()).isEqualTo(AdaptiveTtl.Outcome.UNTOUCHED);
        assertThat(applied.entry().lifetimeSeconds()).isEqualTo(5);
    }

    @Test
    void aRouteWithoutAdaptiveTtlIsUntouched() {
        StoredResponse entry = Fixtures.storedAt(NOW, "Last-Modified", httpDate(NOW.minusSeconds(100)));
        assertThat(AdaptiveTtl.apply(entry, CacheRule.RESPECT_ORIGIN, 3600).outcome()).isEqualTo(AdaptiveTtl.Outcome.UNTOUCHED);
    }
}
