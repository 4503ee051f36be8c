package dev.tiergate.guard;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client settings for shared rate limits: the policy's {@code l2} Redis, on a pool of its own so that limit
 * checks, which every request on a shared route waits for, never queue behind cache reads and writes.
 */
final class SharedLimitRedis {

    /** Limit checks are two tiny commands each; a few pipelined connections carry thousands per second. */
    static final int MAX_POOL_SIZE = 8;
    static final int MAX_POOL_WAITING = 1024;
    /** Bounded so an unreachable host does not hold pool slots for long; commands have their own, shorter timeout. */
    static final int CONNECT_TIMEOUT_MILLIS = 500;

    private SharedLimitRedis() {
    }

    static RedisOptions options(L2Settings l2) {
        List<String> endpoints = new ArrayList<>();
        endpoints.add(l2.url());
        endpoints.addAll(l2.endpoints());
        RedisOptions options = new RedisOptions()
                .setType(RedisClientType.valueOf(l2.type().toUpperCase(Locale.ROOT)))
                .setEndpoints(endpoints)
                .setMaxPoolSize(MAX_POOL_SIZE)
                .setMaxPoolWaiting(MAX_POOL_WAITING)
                .setNetClientOptions(new NetClientOptions()
                        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                        .setTcpNoDelay(true)
                        .setTcpKeepAlive(true));
        l2.masterName().ifPresent(options::setMasterName);
        return options;
    }
}
