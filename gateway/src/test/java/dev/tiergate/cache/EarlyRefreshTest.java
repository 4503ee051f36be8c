package dev.tiergate.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XFetch and refresh-ahead as pure decisions: the random draw and the hit count are inputs. */
class EarlyRefreshTest {

    private static final Instant STORED = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 0.1, 0.01, 0.001})
    void neverRefreshesFarFromExpiry(double random) {
        // A 200 ms fetch, 60 s of freshness left: even an unlucky draw is nowhere near.
        assertThat(EarlyRefresh.xfetch(60_000, 200, 1.0, random)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.999, 0.5, 0.001})
    void alwaysRefreshesAtExpiry(double random) {
        assertThat(EarlyRefresh.xfetch(0, 200, 1.0, random)).isTrue();
        assertThat(EarlyRefresh.xfetch(-5, 200, 1.0, random)).isTrue();
    }

    @Test
    void refreshesWhenTheScaledDrawReachesTheRemainingTime() {
        // -200 * 1 * ln(0.1) = 460.5 ms
        assertThat(EarlyRefresh.xfetch(460, 200, 1.0, 0.1)).isTrue();
        assertThat(EarlyRefresh.xfetch(461, 200, 1.0, 0.1)).isFalse();
    }

    @Test
    void isMonotoneInBeta() {
        double[] betas = {0.1, 0.5, 1, 2, 5, 10, 100};
        for (double random : new double[] {0.9, 0.5, 0.1, 0.01}) {
            for (long remaining : new long[] {10, 100, 1_000, 10_000}) {
                boolean refreshed = false;
                for (double beta : betas) {
                    boolean now = EarlyRefresh.xfetch(remaining, 500, beta, random);
                    // Once a beta refreshes, every larger beta does too.
                    assertThat(now || !refreshed).as("beta %s, random %s, remaining %s", beta, random, remaining).isTrue();
                    refreshed = now;
                }
            }
        }
    }

    @Test
    void aFreeFetchNeverRefreshesBeforeExpiry() {
        assertThat(EarlyRefresh.xfetch(1, 0, 100, 0.0001)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.01, Double.NaN})
    void randomMustBeInTheHalfOpenUnitInterval(double random) {
        assertThatThrownBy(() -> EarlyRefresh.xfetch(1_000, 100, 1, random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decideUsesTheEntrysRemainingFreshnessAndFetchDuration() {
        StoredResponse entry = entry(60, 2_000);
        RefreshRule xfetch = RefreshRule.NONE.withBeta(1.0);

        // -2000 * ln(0.01) = 9.2 s: refreshes with 9 s left, not with 10 s.
        assertThat(EarlyRefresh.decide(entry, xfetch, 0.01, 1, STORED.plusSeconds(51))).contains(EarlyRefresh.XFETCH);
        assertThat(EarlyRefresh.decide(entry, xfetch, 0.01, 1, STORED.plusSeconds(50))).isEmpty();
        assertThat(EarlyRefresh.decide(entry, RefreshRule.NONE, 0.0001, 1_000, STORED.plusSeconds(59))).isEmpty();
    }

    @Test
    void refreshAheadNeedsBothTheWindowAndTheHits() {
        StoredResponse entry = entry(60, 0);
        RefreshRule ahead = RefreshRule.NONE.withAhead(10, 5);

        assertThat(EarlyRefresh.decide(entry, ahead, 1.0, 5, STORED.plusSeconds(51))).contains(EarlyRefresh.AHEAD);
        assertThat(EarlyRefresh.decide(entry, ahead, 1.0, 4, STORED.plusSeconds(51))).isEmpty();
        assertThat(EarlyRefresh.decide(entry, ahead, 1.0, 500, STORED.plusSeconds(50))).isEmpty();
    }

    @Test
    void remainingFreshnessCountsTheInitialAgeInMilliseconds() {
        StoredResponse aged = new StoredResponse(200, Headers.EMPTY, new byte[0], STORED, 10, 60, 0, 0, CacheControl.EMPTY,
                List.of(), "", Set.of());

        assertThat(EarlyRefresh.remainingMillis(aged, STORED.plusMillis(1_500))).isEqualTo(48_500);
    }

    private static StoredResponse entry(long lifetimeSeconds, long fetchMillis) {
        return new StoredResponse(200, Headers.EMPTY, new byte[0], STORED, 0, lifetimeSeconds, 0, 0, CacheControl.EMPTY,
                List.of(), "", Set.of()).withFetchMillis(fetchMillis);
    }
}
