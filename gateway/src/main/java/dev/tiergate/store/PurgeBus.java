package dev.tiergate.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The subscriber side of the purge bus: one dedicated Redis connection subscribed to the bus
 * channel, handing every message to {@code onMessage}.
 *
 * <p>Pub/sub delivers at most once, to whoever is subscribed at that moment: messages sent while
 * this instance was not subscribed are lost for good. So whenever the subscription is lost (the
 * connection closed or failed), the next successful subscription first runs {@code onResync},
 * which drops everything local that a lost message could have invalidated. Reconnection is
 * retried with exponential backoff until {@link #close()}.
 */
final class PurgeBus {

    private static final Logger LOG = Logger.getLogger(PurgeBus.class.getName());
    static final long MIN_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long SUBSCRIBE_TIMEOUT_MILLIS = 2_000;

    private final Vertx vertx;
    private final RedisOptions options;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onResync;
    private final AtomicLong resyncs = new AtomicLong();
    private Redis client;
    private RedisConnection connection;
    private boolean closed;
    /**
     * True after a failed attempt or a lost subscription: the next subscription resyncs. A first
     * attempt that fails counts too, since entries stored meanwhile may have missed purges.
     */
    private boolean lostSinceSubscribed;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private volatile boolean subscribed;

    PurgeBus(Vertx vertx, RedisOptions options, String channel, Consumer<String> onMessage, Runnable onResync) {
        // One connection of its own: a subscribed connection can carry nothing else.
        this.options = new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(1);
        this.vertx = vertx;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onResync = onResync;
    }

    synchronized void start() {
        connect();
    }

    /** True while subscribed: purges from other instances reach this one. */
    boolean isSubscribed() {
        return subscribed;
    }

    /** How many times local state was dropped after a lost subscription came back. */
    long resyncs() {
        return resyncs.get();
    }

    synchronized void close() {
        closed = true;
        subscribed = false;
        closeQuietly();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        Redis attempt = Redis.createClient(vertx, options);
        client = attempt;
        attempt.connect().compose(opened -> {
            synchronized (this) {
                if (closed || client != attempt) {
                    opened.close();
                    return io.vertx.core.Future.<RedisConnection>failedFuture("superseded");
                }
                connection = opened;
            }
            opened.handler(this::onPush);
            opened.exceptionHandler(error -> lost(opened, error));
            opened.endHandler(ignored -> lost(opened, null));
            return opened.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                    .timeout(SUBSCRIBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).map(opened);
        }).onSuccess(this::subscribedOn).onFailure(error -> failed(attempt, error));
    }

    private void subscribedOn(RedisConnection opened) {
        boolean resync;
        synchronized (this) {
            if (closed || connection != opened) {
                return;
            }
            subscribed = true;
            backoffMillis = MIN_BACKOFF_MILLIS;
            resync = lostSinceSubscribed;
            lostSinceSubscribed = false;
        }
        if (resync) {
            resyncs.incrementAndGet();
            LOG.info("purge bus subscribed again: dropping L1 and cached generations, which may have missed purges");
            onResync.run();
        }
    }

    private void onPush(Response push) {
        // A pushed message is [message, channel, payload]; subscribe confirmations and others are ignored.
        if (push == null || push.size() < 3 || !"message".equalsIgnoreCase(push.get(0).toString())) {
            return;
        }
        Response payload = push.get(2);
        if (payload != null) {
            onMessage.accept(payload.toString());
        }
    }

    private void lost(RedisConnection which, Throwable error) {
        synchronized (this) {
            if (closed || connection != which) {
                return;
            }
            connection = null;
        }
        failed(client, error);
    }

    private synchronized void failed(Redis attempt, Throwable error) {
        if (closed || client != attempt) {
            return;
        }
        subscribed = false;
        if (!lostSinceSubscribed) {
            LOG.warning("purge bus unavailable (" + (error == null ? "closed" : error.getMessage()) + "); retrying with backoff");
        }
        lostSinceSubscribed = true;
        closeQuietly();
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        vertx.setTimer(delay, ignored -> connect());
    }

    private void closeQuietly() {
        RedisConnection open = connection;
        connection = null;
        Redis old = client;
        client = null;
        if (open != null) {
            open.close();
        }
        if (old != null) {
            old.close();
        }
    }
}
