package dev.tiergate.store;

import dev.tiergate.cache.VariantSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The regional tier (L2): variant sets encoded by {@link EntryCodec} in Redis under
 * {@code prefix + "e:" + key}, each expiring after its retention.
 *
 * <p>Redis is a cache here, never a dependency: every command is bounded by the command timeout
 * and every fault, including the timeout, is reported as a failed future for the caller to treat
 * as a miss. A value that does not decode (another format version, corruption) is a miss and is
 * deleted so the next store replaces it.
 *
 * <p>Refill locks ({@link RefillLocks}) live under {@code prefix + "lock:" + name}.
 *
 * <p>{@link #clear()} walks the keyspace with {@code SCAN} (on every master for a cluster) and
 * deletes what matches the prefix; each command is bounded, the whole walk is not.
 */
public final class RedisTier implements Tier {

    /** Compare-and-delete, atomic on the server. */
    private static final String UNLOCK_SCRIPT =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private final Vertx vertx;
    /** Kept for the cluster sweep, which opens one client per master with the same settings. */
    private final RedisOptions clientOptions;
    private final RedisTierOptions.Type type;
    private final String keyPrefix;
    private final String entryPrefix;
    private final String lockPrefix;
    private final long timeoutMillis;
    private final Redis redis;
    private final CommandSender sender;

    /**
     * Creates the client; connections are opened lazily, on the first command, so construction
     * never waits for Redis.
     *
     * @throws IllegalArgumentException when the options cannot work, such as SENTINEL without a master name
     */
    public RedisTier(Vertx vertx, RedisTierOptions options) {
        this.vertx = vertx;
        this.clientOptions = options.toRedisOptions();
        this.type = options.getType();
        this.keyPrefix = options.getKeyPrefix();
        this.entryPrefix = keyPrefix + "e:";
        this.lockPrefix = keyPrefix + "lock:";
        this.timeoutMillis = options.getCommandTimeout().toMillis();
        this.redis = Redis.createClient(vertx, new RedisOptions(clientOptions));
        this.sender = new CommandSender(redis, timeoutMillis, TlsFaults.of(options.getEndpoints()));
    }

    @Override
    public Future<Optional<VariantSet>> get(String key) {
        String redisKey = entryPrefix + key;
        return sender.send(Request.cmd(Command.GET).arg(redisKey)).map(response -> {
            if (response == null) {
                return Optional.empty();
            }
            Optional<VariantSet> variants = EntryCodec.decode(response.toBytes());
            if (variants.isEmpty()) {
                // Fire and forget: the caller already has its answer (a miss). A concurrent put may
                // be lost to this delete, which costs one more miss, never a wrong response.
                sender.send(Request.cmd(Command.DEL).arg(redisKey));
            }
            return variants;
        });
    }

    @Override
    public Future<Void> put(String key, VariantSet variants, Duration retention) {
        String redisKey = entryPrefix + key;
        if (retention.isZero() || retention.isNegative()) {
            // Nothing worth keeping; drop what was there so a stale predecessor is not served, as the memory tier does.
            return remove(key);
        }
        byte[] value;
        try {
            value = EntryCodec.encode(variants);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        // PX takes whole milliseconds and rejects 0; round up so a sub-millisecond retention still stores.
        long millis = Math.max(1, retention.plusNanos(999_999).toMillis());
        return sender.send(Request.cmd(Command.SET).arg(redisKey).arg(value).arg("PX").arg(millis)).mapEmpty();
    }

    @Override
    public Future<Void> remove(String key) {
        return sender.send(Request.cmd(Command.DEL).arg(entryPrefix + key)).mapEmpty();
    }

    @Override
    public Future<Void> clear() {
        String pattern = KeyspaceSweep.globEscape(keyPrefix) + "*";
        if (type == RedisTierOptions.Type.CLUSTER) {
            return ClusterSweep.run(vertx, sender, clientOptions, pattern);
        }
        // A sentinel client talks to the current master, so it sweeps like a standalone server.
        return new KeyspaceSweep(sender, pattern).run();
    }

    /**
     * {@code SET prefix+"lock:"+name owner NX PX millis}: true when this call took the lock, false when
     * someone holds it.
     */
    Future<Boolean> lock(String name, String owner, long millis) {
        return sender.send(Request.cmd(Command.SET).arg(lockPrefix + name).arg(owner).arg("NX").arg("PX").arg(Math.max(1, millis)))
                .map(response -> response != null);
    }

    /**
     * Deletes the lock only while {@code owner} still holds it: a holder whose lock expired and was taken
     * by another instance must not release that instance's lock. True when it was deleted.
     */
    Future<Boolean> unlock(String name, String owner) {
        return sender.send(Request.cmd(Command.EVAL).arg(UNLOCK_SCRIPT).arg(1).arg(lockPrefix + name).arg(owner))
                .map(response -> response != null && response.toLong() == 1L);
    }

    /** Closes the connections; the tier must not be used afterwards. */
    public Future<Void> close() {
        try {
            return redis.close();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The purge generations kept next to the entries, under the same prefix. */
    RedisGenerations generations() {
        return new RedisGenerations(sender, keyPrefix);
    }

    /** Publishes {@code message} on {@code prefix + channel}. */
    Future<Void> publish(String channel, String message) {
        return sender.send(Request.cmd(Command.PUBLISH).arg(keyPrefix + channel).arg(message)).mapEmpty();
    }

    /** The options a dedicated connection (the bus subscriber) is made with. */
    RedisOptions clientOptions() {
        return new RedisOptions(clientOptions);
    }

    RedisTierOptions.Type type() {
        return type;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    /** The command timeout in milliseconds, for callers that budget around it. */
    public long commandTimeoutMillis() {
        return timeoutMillis;
    }

    /** Sends commands with the tier's timeout; also used by the sweeps. */
    record CommandSender(Redis redis, long timeoutMillis, TlsFaults tlsFaults) {
        CommandSender(Redis redis, long timeoutMillis) {
            this(redis, timeoutMillis, TlsFaults.NONE);
        }

        Future<Response> send(Request request) {
            try {
                return tlsFaults.watch(redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (RuntimeException e) {
                // The client may throw synchronously (closed, bad argument); callers only ever see futures.
                return Future.failedFuture(e);
            }
        }

        /** Pipelines the requests on one connection, so a page of deletes does not take the whole pool. */
        Future<List<Response>> batch(List<Request> requests) {
            try {
                return tlsFaults.watch(redis.batch(requests).timeout(timeoutMillis, TimeUnit.MILLISECONDS));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
    }
}
