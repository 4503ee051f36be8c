package dev.tiergate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheStatus;
import org.junit.jupiter.api.Test;

/** The outcome and tier of a response, as its Cache-Status member tells them. */
class ServedOutcomeTest {

    @Test
    void aFreshHitIsAHitOfTheTierThatHeldIt() {
        assertThat(ServedOutcome.of(CacheStatus.hit(60, "fresh").withTier(CacheStatus.TIER_L1), false)).isEqualTo(ServedOutcome.L1_HIT);
        assertThat(ServedOutcome.of(CacheStatus.hit(60, "fresh").withTier(CacheStatus.TIER_L2), false)).isEqualTo(ServedOutcome.L2_HIT);
        assertThat(ServedOutcome.L2_HIT.tier()).hasValue("l2");
    }

    @Test
    void anotherInstancesFillReadFromL2IsAnL2Hit() {
        CacheStatus peerFill = CacheStatus.forward("uri-miss", null).withCollapsed().withDetail("peer-fill").withTier(CacheStatus.TIER_L2);

        assertThat(ServedOutcome.of(peerFill, false)).isEqualTo(ServedOutcome.L2_HIT);
    }

    @Test
    void staleEntriesAreStaleWhicheverWindowAllowedThem() {
        assertThat(ServedOutcome.of(CacheStatus.hit(-5, "stale-while-revalidate").withTier("l1"), false)).isEqualTo(ServedOutcome.STALE);
        assertThat(ServedOutcome.of(CacheStatus.hit(-5, "max-stale").withTier("l1"), false)).isEqualTo(ServedOutcome.STALE);
        assertThat(ServedOutcome.of(CacheStatus.forward("stale", "stale-if-error").withTier("l2"), false)).isEqualTo(ServedOutcome.STALE);
        assertThat(ServedOutcome.STALE.tier()).hasValue("stale");
    }

    @Test
    void theOriginsAnswerToACacheableRequestIsAMiss() {
        assertThat(ServedOutcome.of(CacheStatus.forward("uri-miss", null).withForwardStatus(200).withStored(60), false))
                .isEqualTo(ServedOutcome.MISS);
        assertThat(ServedOutcome.of(CacheStatus.forward("stale", "stale").withForwardStatus(304).withTier("l1"), false))
                .as("a revalidation went to the origin").isEqualTo(ServedOutcome.MISS);
        assertThat(ServedOutcome.MISS.tier()).hasValue("origin");
    }

    @Test
    void forwardsWithoutTheCacheAreBypasses() {
        assertThat(ServedOutcome.of(CacheStatus.forward("bypass", "route-bypass").withForwardStatus(200), false)).isEqualTo(ServedOutcome.BYPASS);
        assertThat(ServedOutcome.of(CacheStatus.forward("method", "method").withForwardStatus(201), false)).isEqualTo(ServedOutcome.BYPASS);
    }

    @Test
    void whatTheGatewayAnsweredItselfIsAnErrorWithNoTier() {
        ServedOutcome refused = ServedOutcome.of(CacheStatus.forward("bypass", "rate-limited"), true);

        assertThat(refused).isEqualTo(ServedOutcome.ERROR);
        assertThat(refused.tier()).isEmpty();
        assertThat(refused.tag()).isEqualTo("error");
    }
}
