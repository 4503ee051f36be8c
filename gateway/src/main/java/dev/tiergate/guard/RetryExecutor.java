package dev.tiergate.guard;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs an asynchronous operation again after failures, pausing on Vert.x timers (never a blocked thread).
 *
 * <p>The result is completed directly from the last try's future, without a hop through another task: a caller
 * that receives an HTTP response sets its body handlers before any body byte can be delivered.
 */
public final class RetryExecutor {

    private RetryExecutor() {
    }

    /**
     * Runs {@code attempt} until it succeeds or {@code nextDelay} declines another try.
     *
     * @param attempt starts one try; called again for each retry
     * @param nextDelay given the retries made so far (0 after the first try) and the last failure, the pause
     *     before the next try, or empty to give up with that failure
     */
    public static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> attempt,
                                    BiFunction<Integer, Throwable, Optional<Duration>> nextDelay) {
        Promise<T> result = Promise.promise();
        tryOnce(vertx, attempt, nextDelay, 0, result);
        return result.future();
    }

    private static <T> void tryOnce(Vertx vertx, Supplier<Future<T>> attempt, BiFunction<Integer, Throwable, Optional<Duration>> nextDelay,
                                    int retries, Promise<T> result) {
        Future<T> outcome;
        try {
            outcome = attempt.get();
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(done -> {
            if (done.succeeded()) {
                result.complete(done.result());
                return;
            }
            Optional<Duration> pause = nextDelay.apply(retries, done.cause());
            if (pause.isEmpty()) {
                result.fail(done.cause());
                return;
            }
            long millis = pause.get().toMillis();
            if (millis < 1) {
                // Vert.x timers take at least a millisecond; a zero pause (full jitter draws it) means now.
                tryOnce(vertx, attempt, nextDelay, retries + 1, result);
            } else {
                vertx.setTimer(millis, ignored -> tryOnce(vertx, attempt, nextDelay, retries + 1, result));
            }
        });
    }
}
