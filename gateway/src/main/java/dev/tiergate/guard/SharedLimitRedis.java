package dev.tiergate.guard;

import dev.tiergate.policy.L2Settings;
import dev.tiergate.store.RedisTiers;
import io.vertx.redis.client.RedisOptions;

/**
 * The client settings for shared rate limits: the policy's {@code l2} Redis (TLS included), on a pool of its own so
 * that limit checks, which every request on a shared route waits for, never queue behind cache reads and writes.
 */
final class SharedLimitRedis {

    /** Limit checks are two tiny commands each; a few pipelined connections carry thousands per second. */
    static final int MAX_POOL_SIZE = 8;

    private SharedLimitRedis() {
    }

    static RedisOptions options(L2Settings l2) {
        return RedisTiers.options(l2).setMaxPoolSize(MAX_POOL_SIZE).toRedisOptions();
    }
}
