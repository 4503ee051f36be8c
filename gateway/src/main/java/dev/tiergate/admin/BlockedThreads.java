package dev.tiergate.admin;

import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The warnings of Vert.x's blocked-thread checker (an event loop busy for longer than
 * {@code maxEventLoopExecuteTime}, a worker for longer than {@code maxWorkerExecuteTime}), remembered for liveness.
 *
 * <p>Vert.x lets a caller observe them by giving the checker a handler (eclipse-vertx/vert.x#4283, the hook its own
 * tests use), which replaces the checker's logging: the warning is logged here instead, under the checker's logger
 * name and with the blocked thread's stack past {@code warningExceptionTime}, as Vert.x logs it. The hook sits in
 * Vert.x's {@code internal} package, so a Vert.x upgrade that moves it fails the build rather than liveness.
 */
public final class BlockedThreads {

    private static final Logger LOG = Logger.getLogger(BlockedThreadChecker.LOGGER_NAME);
    /** One handler per checker (a Vert.x instance has one), shared by the gateways that run on it. */
    private static final Map<BlockedThreadChecker, List<BlockedThreads>> WATCHERS = new WeakHashMap<>();

    /**
     * One warning.
     *
     * @param thread the blocked thread's name
     * @param blockedMillis how long it had been blocked
     * @param limitMillis the limit it exceeded
     * @param at when the checker saw it, by the gateway's clock
     */
    public record Warning(String thread, long blockedMillis, long limitMillis, Instant at) {
    }

    private final InstantSource clock;
    private final AtomicReference<Warning> last = new AtomicReference<>();
    private final AtomicLong count = new AtomicLong();

    private BlockedThreads(InstantSource clock) {
        this.clock = clock;
    }

    /** Starts remembering the warnings of {@code vertx}'s checker, timed by {@code clock}. */
    public static BlockedThreads watch(Vertx vertx, InstantSource clock) {
        BlockedThreads watcher = new BlockedThreads(clock);
        BlockedThreadChecker checker = ((VertxInternal) vertx).blockedThreadChecker();
        synchronized (WATCHERS) {
            List<BlockedThreads> watchers = WATCHERS.get(checker);
            if (watchers == null) {
                List<BlockedThreads> created = new CopyOnWriteArrayList<>();
                WATCHERS.put(checker, created);
                checker.setThreadBlockedHandler(event -> {
                    log(event);
                    created.forEach(each -> each.record(event));
                });
                watchers = created;
            }
            watchers.add(watcher);
        }
        return watcher;
    }

    private void record(BlockedThreadEvent event) {
        count.incrementAndGet();
        last.set(new Warning(event.thread().getName(), TimeUnit.NANOSECONDS.toMillis(event.duration()),
                TimeUnit.NANOSECONDS.toMillis(event.maxExecTime()), clock.instant()));
    }

    private static void log(BlockedThreadEvent event) {
        String message = "Thread " + event.thread().getName() + " has been blocked for " + TimeUnit.NANOSECONDS.toMillis(event.duration())
                + " ms, time limit is " + TimeUnit.NANOSECONDS.toMillis(event.maxExecTime()) + " ms";
        if (event.duration() <= event.warningExceptionTime()) {
            LOG.warning(message);
            return;
        }
        VertxException stack = new VertxException("Thread blocked");
        stack.setStackTrace(event.thread().getStackTrace());
        LOG.log(Level.WARNING, message, stack);
    }

    /** Warnings since the watch began. */
    public long count() {
        return count.get();
    }

    /** The latest warning, if it is no older than {@code window}. */
    public Optional<Warning> within(Duration window) {
        Instant since = clock.instant().minus(window);
        return Optional.ofNullable(last.get()).filter(warning -> !warning.at().isBefore(since));
    }

    /** The latest warning since the watch began. */
    public Optional<Warning> last() {
        return Optional.ofNullable(last.get());
    }
}
