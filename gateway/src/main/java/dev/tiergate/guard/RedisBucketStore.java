package dev.tiergate.guard;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.consts.LuaScripts;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bucket4j's compare-and-swap proxy over vertx-redis-client: a bucket's serialized state is one Redis string,
 * read with {@code GET} and written with Bucket4j's own Lua scripts, which set it only if it still holds what
 * was read (or, for a new bucket, only if it is still absent). A lost race makes Bucket4j read and try again.
 *
 * <p>Asynchronous only: the blocking variants would stall an event loop, so they throw. Every command is
 * bounded by the command timeout and a fault fails the future; what to do then is the caller's decision.
 */
final class RedisBucketStore extends AbstractCompareAndSwapBasedProxyManager<RedisBucketStore.BucketKey> {

    /**
     * One bucket: its Redis key and how long the key lives after each write.
     *
     * @param redisKey the whole key, prefix included
     * @param ttlMillis the expiry set on every write, at least 1
     */
    record BucketKey(String redisKey, long ttlMillis) {
        BucketKey {
            Objects.requireNonNull(redisKey, "redisKey");
            if (ttlMillis < 1) {
                throw new IllegalArgumentException("ttlMillis: " + ttlMillis + " (expected: at least 1)");
            }
        }
    }

    private final Redis redis;
    private final long timeoutMillis;

    RedisBucketStore(Redis redis, long timeoutMillis, ClientSideConfig config) {
        super(config);
        this.redis = Objects.requireNonNull(redis, "redis");
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(BucketKey key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> ignoredTimeout) {
                return completable(send(Request.cmd(Command.GET).arg(key.redisKey()))
                        .map(response -> Optional.ofNullable(response).map(Response::toBytes)));
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                                             Optional<Long> ignoredTimeout) {
                // The expiry is renewed on every write, so only a bucket left alone for the whole TTL disappears.
                Request script = originalData == null
                        ? Request.cmd(Command.EVAL).arg(LuaScripts.SCRIPT_SET_NX_PX).arg(1).arg(key.redisKey())
                                .arg(newData).arg(key.ttlMillis())
                        : Request.cmd(Command.EVAL).arg(LuaScripts.SCRIPT_COMPARE_AND_SWAP_PX).arg(1).arg(key.redisKey())
                                .arg(originalData).arg(newData).arg(key.ttlMillis());
                return completable(send(script).map(response -> response != null && response.toLong() == 1L));
            }
        };
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(BucketKey key) {
        throw new UnsupportedOperationException("blocking Redis calls would stall an event loop; use asAsync()");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(BucketKey key) {
        return completable(send(Request.cmd(Command.DEL).arg(key.redisKey())).mapEmpty());
    }

    @Override
    public void removeProxy(BucketKey key) {
        throw new UnsupportedOperationException("blocking Redis calls would stall an event loop; use asAsync()");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    private Future<Response> send(Request request) {
        try {
            return redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // A closed client throws instead of failing the future; callers only ever see futures.
            return Future.failedFuture(e);
        }
    }

    private static <T> CompletableFuture<T> completable(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture();
    }
}
