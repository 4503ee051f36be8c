package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheStatusTest {

    @Test
    void freshHitShowsItsRemainingTtl() {
        assertThat(CacheStatus.hit(60, "fresh").format()).isEqualTo("Tiergate; hit; ttl=60; detail=fresh");
    }

    @Test
    void staleHitShowsANegativeTtl() {
        // RFC 9211 §2.7: ttl is negative once the response is stale.
        assertThat(CacheStatus.hit(-5, "stale-while-revalidate").format())
                .isEqualTo("Tiergate; hit; ttl=-5; detail=stale-while-revalidate");
    }

    @Test
    void hitWithoutDetailHasNoDetailParameter() {
        assertThat(CacheStatus.hit(10, null).format()).isEqualTo("Tiergate; hit; ttl=10");
    }

    @Test
    void forwardBeforeTheOriginAnswersShowsOnlyTheReason() {
        assertThat(CacheStatus.forward("uri-miss", "not-stored").format())
                .isEqualTo("Tiergate; fwd=uri-miss; detail=not-stored");
        assertThat(CacheStatus.forward("bypass", null).format()).isEqualTo("Tiergate; fwd=bypass");
    }

    @Test
    void storedForwardListsParametersInFieldOrder() {
        CacheStatus status = CacheStatus.forward("uri-miss", "not-stored").withForwardStatus(200).withStored(60);

        assertThat(status.format()).isEqualTo("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
    }

    @Test
    void collapsedForwardIsMarked() {
        CacheStatus status = CacheStatus.forward("vary-miss", "variant-not-stored").withForwardStatus(304).withCollapsed();

        assertThat(status.format())
                .isEqualTo("Tiergate; fwd=vary-miss; fwd-status=304; collapsed; detail=variant-not-stored");
    }

    @Test
    void ttlAndDetailCanBeReplaced() {
        CacheStatus status = CacheStatus.forward("stale", "stale").withForwardStatus(503).withTtl(-30)
                .withDetail("stale-if-error");

        assertThat(status.format()).isEqualTo("Tiergate; fwd=stale; fwd-status=503; ttl=-30; detail=stale-if-error");
        assertThat(status.stored()).isFalse();
        assertThat(status.withDetail(null).format()).isEqualTo("Tiergate; fwd=stale; fwd-status=503; ttl=-30");
    }

    @Test
    void tierComesAfterRfc9211sOwnParameters() {
        assertThat(CacheStatus.hit(30, "fresh").withTier(CacheStatus.TIER_L2).format())
                .isEqualTo("Tiergate; hit; ttl=30; detail=fresh; tier=l2");
        CacheStatus every = CacheStatus.forward("stale", "stale").withTier(CacheStatus.TIER_L1).withForwardStatus(304)
                .withCollapsed().withStored(10);

        assertThat(every.format()).isEqualTo("Tiergate; fwd=stale; fwd-status=304; stored; collapsed; ttl=10; detail=stale; tier=l1");
    }

    @Test
    void tierCanBeRemovedAndIsKeptByTheOtherChanges() {
        CacheStatus fromL1 = CacheStatus.forward("stale", "stale").withTier(CacheStatus.TIER_L1);

        assertThat(fromL1.withTtl(-5).withDetail("stale-if-error").tier()).contains("l1");
        assertThat(fromL1.withTier(null).format()).isEqualTo("Tiergate; fwd=stale; detail=stale");
        assertThat(CacheStatus.hit(10, null).tier()).isEmpty();
    }

    @Test
    void memberCanCarryAnotherCachesName() {
        CacheStatus status = CacheStatus.forward("uri-miss", "not-stored").withForwardStatus(200).withStored(60);

        assertThat(status.format("Regional")).isEqualTo("Regional; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
        assertThat(status.format()).isEqualTo("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail=not-stored");
    }

    @Test
    void namesAreRfc8941Tokens() {
        // RFC 8941 §3.3.4: sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )
        for (String name : new String[] {"Tiergate", "tiergate-edge", "Regional", "*", "cdn.example.com", "eu:west/1", "a!#$%&'*+-.^_`|~"}) {
            assertThat(CacheStatus.isValidName(name)).as(name).isTrue();
        }
        for (String name : new String[] {"", "1cdn", "-cdn", ":cdn", "Tier gate", "tier;gate", "tier,gate", "tier=gate", "\"tier\"",
                "tier\tgate", "Zürich", "tier(1)", "tier@eu", null}) {
            assertThat(CacheStatus.isValidName(name)).as(String.valueOf(name)).isFalse();
        }
    }

    @Test
    void fieldNameAndCacheNameAreFixed() {
        assertThat(CacheStatus.FIELD).isEqualTo("Cache-Status");
        assertThat(CacheStatus.CACHE_NAME).isEqualTo("Tiergate");
        assertThat(CacheStatus.TIER_L1).isEqualTo("l1");
        assertThat(CacheStatus.TIER_L2).isEqualTo("l2");
    }
}
