package dev.tiergate.store;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** The memory tier against the tier contract; time moves by its injected clock. */
class MemoryTierTest extends TierContractTest {

    private final TestClock clock = new TestClock();
    private MemoryTier tier;

    @BeforeEach
    void create() {
        tier = new MemoryTier(1 << 20, clock);
    }

    @Override
    protected Tier tier() {
        return tier;
    }

    @Override
    protected Duration shortRetention() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration expiryGrace() {
        // Caffeine checks expiry against the ticker on read: no waiting at all.
        return Duration.ZERO;
    }
}
