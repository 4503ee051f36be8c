package dev.tiergate.store;

import java.time.Duration;

/** The tier contract against a real Redis, whose clock expires entries on its own. */
abstract class RedisTierContractTest extends TierContractTest {

    @Override
    protected Duration shortRetention() {
        // Long enough that the read right after the put still finds it on a loaded machine.
        return Duration.ofMillis(1_000);
    }

    @Override
    protected void letTimePass(Duration duration) {
        // Redis expires on its own clock; the contract polls until it has.
    }

    /** Closes the tier and Vert.x, then stops the Redis processes even when closing failed. */
    static void shutDown(RedisTier tier, io.vertx.core.Vertx vertx, Runnable stopRedis) {
        try {
            if (tier != null) {
                Samples.await(tier.close());
            }
            if (vertx != null) {
                Samples.await(vertx.close());
            }
        } finally {
            stopRedis.run();
        }
    }
}
