package dev.tiergate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Purge generations: how a stamp compares with the current counters, and what that does to a variant set. */
class GenerationCheckTest {

    private static final Instant STORED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String FAMILY = "f00d";

    private static StoredResponse entry(Generations stamp) {
        return new StoredResponse(200, Headers.of("Cache-Control", "max-age=60"), new byte[0], STORED, 0, 60, 30, 0,
                CacheControl.parse("max-age=60"), List.of(), "", Set.of("product:1"), stamp);
    }

    private static Function<String, Optional<GenerationCounter>> counters(Map<String, GenerationCounter> known) {
        return scope -> Optional.ofNullable(known.get(scope)).or(() -> Optional.of(GenerationCounter.ZERO));
    }

    private static final Generations STAMP = new Generations(2, "product", 1, 4, Map.of("product:1", 3L));

    @Test
    void anEntryStampedAtTheCurrentGenerationsIsCurrent() {
        Map<String, GenerationCounter> now = Map.of("all", new GenerationCounter(2, 2), "r:product", new GenerationCounter(1, 0),
                "u:" + FAMILY, new GenerationCounter(4, 4), "t:product:1", new GenerationCounter(3, 1));

        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now))).isEqualTo(GenerationCheck.Verdict.CURRENT);
    }

    @Test
    void aHardPurgeOfAnyScopeAfterStoringPurgesIt() {
        for (String scope : List.of("all", "r:product", "u:" + FAMILY, "t:product:1")) {
            long stamped = STAMP.byScope(FAMILY).get(scope);
            Map<String, GenerationCounter> now = Map.of(scope, new GenerationCounter(stamped, stamped).next(true));

            assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now))).as(scope).isEqualTo(GenerationCheck.Verdict.PURGED);
        }
    }

    @Test
    void aSoftPurgeMakesItStaleAndAHardOneLaterStillPurgesIt() {
        GenerationCounter soft = new GenerationCounter(3, 0).next(false);
        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(Map.of("t:product:1", soft))))
                .isEqualTo(GenerationCheck.Verdict.STALE);

        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(Map.of("t:product:1", soft.next(true)))))
                .isEqualTo(GenerationCheck.Verdict.PURGED);
    }

    @Test
    void aPurgeOfAnotherTagOrRouteDoesNotReachIt() {
        Map<String, GenerationCounter> now = Map.of("t:product:2", new GenerationCounter(9, 9), "r:search", new GenerationCounter(9, 9));

        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, counters(now))).isEqualTo(GenerationCheck.Verdict.CURRENT);
    }

    @Test
    void anUnknownGenerationMakesItUnusableButAHardPurgeStillWins() {
        Function<String, Optional<GenerationCounter>> unknownTag = scope -> scope.startsWith("t:") ? Optional.empty()
                : Optional.of(GenerationCounter.ZERO);
        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, unknownTag)).isEqualTo(GenerationCheck.Verdict.UNKNOWN);

        Function<String, Optional<GenerationCounter>> purgedAll = scope -> scope.equals("all") ? Optional.of(new GenerationCounter(5, 5))
                : Optional.empty();
        assertThat(GenerationCheck.verdict(entry(STAMP), FAMILY, purgedAll)).isEqualTo(GenerationCheck.Verdict.PURGED);
    }

    @Test
    void countersMergeToTheLaterObservationWhateverTheOrder() {
        GenerationCounter a = new GenerationCounter(5, 3);
        GenerationCounter b = new GenerationCounter(4, 4);

        assertThat(a.merge(b)).isEqualTo(new GenerationCounter(5, 4)).isEqualTo(b.merge(a));
    }

    @Test
    void applyDropsPurgedVariantsAndExpiresStaleOnes() {
        StoredResponse purged = entry(new Generations(0, "product", 0, 0, Map.of()));
        StoredResponse stale = entry(new Generations(1, "product", 0, 0, Map.of()));
        StoredResponse staleWithKey = new StoredResponse(stale.status(), stale.headers(), stale.body(), stale.responseTime(), 0, 60, 30, 0,
                stale.directives(), List.of(), "b", Set.of(), stale.generations());
        Map<String, GenerationCounter> now = Map.of("all", new GenerationCounter(2, 1));
        Instant later = STORED.plusSeconds(10);

        VariantSet usable = GenerationCheck.apply(new VariantSet(List.of(purged, staleWithKey)), FAMILY, counters(now), later).orElseThrow();

        assertThat(usable.variants()).hasSize(1);
        StoredResponse expired = usable.variants().get(0);
        assertThat(expired.secondaryKey()).isEqualTo("b");
        assertThat(expired.ttlSeconds(later)).isZero();
        assertThat(expired.staleWhileRevalidateSeconds()).isEqualTo(30);
        assertThat(GenerationCheck.apply(VariantSet.of(purged), FAMILY, counters(now), later)).isEmpty();
    }

    @Test
    void applyReturnsTheSameSetWhenNothingWasPurged() {
        VariantSet set = VariantSet.of(entry(STAMP));

        assertThat(GenerationCheck.apply(set, FAMILY, counters(Map.of()), STORED).orElseThrow()).isSameAs(set);
    }

    @Test
    void asExpiredDecidesAsStaleWhileRevalidate() {
        StoredResponse fresh = entry(STAMP);
        Instant later = STORED.plusSeconds(5);

        Decision decision = Decider.decide(new CacheRequest("GET", Headers.EMPTY), Optional.of(fresh.asExpired(later)), false,
                CacheRule.RESPECT_ORIGIN, later);

        assertThat(decision).isInstanceOf(Decision.StaleWhileRevalidate.class);
        assertThat(decision.cacheStatus().format()).isEqualTo("Tiergate; hit; ttl=0; detail=stale-while-revalidate");
    }

    @Test
    void coversMatchesTheScopesTheEntryBelongsTo() {
        StoredResponse stored = entry(STAMP);

        assertThat(GenerationCheck.covers(stored, FAMILY, "all")).isTrue();
        assertThat(GenerationCheck.covers(stored, FAMILY, "r:product")).isTrue();
        assertThat(GenerationCheck.covers(stored, FAMILY, "u:" + FAMILY)).isTrue();
        assertThat(GenerationCheck.covers(stored, FAMILY, "t:product:1")).isTrue();
        assertThat(GenerationCheck.covers(stored, FAMILY, "t:product:2")).isFalse();
        assertThat(GenerationCheck.covers(stored, FAMILY, "r:search")).isFalse();
        assertThat(GenerationCheck.covers(stored, FAMILY, "u:other")).isFalse();
    }
}
