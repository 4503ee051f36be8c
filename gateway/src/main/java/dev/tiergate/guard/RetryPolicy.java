package dev.tiergate.guard;

import dev.tiergate.policy.OriginSettings;
import dev.tiergate.proxy.OriginFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Whether a failed origin request is tried again, and after how long: a pure decision, the timers are
 * {@link RetryExecutor}'s.
 *
 * <p>Only requests that are safe to send twice are retried: an idempotent method (RFC 9110 §9.2.2) and no request
 * body, since a streamed body has been consumed by the first try. Only connection failures are retried: no
 * connection ({@link OriginFailure.Kind#CONNECT}) or a connection that broke before the response head
 * ({@link OriginFailure.Kind#RESET}; a failure after the head never reaches this decision because the request
 * has then succeeded). Timeouts are never retried: an origin too slow to answer, or to accept a connection, gets
 * slower still when every request arrives twice. Those failures are the circuit breaker's business.
 *
 * <p>The pause is exponential backoff with full jitter: retry {@code n} (0 for the first retry) waits a uniformly
 * random time in {@code [0, min(maxBackoff, backoff × 2^n))}, so that clients failing together do not retry
 * together.
 */
public final class RetryPolicy {

    /** Methods whose intended effect is the same however often they are sent. */
    public static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final OriginSettings.Retries settings;

    public RetryPolicy(OriginSettings.Retries settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The pause before retry number {@code attempt}, or empty when the request is not retried.
     *
     * @param attempt retries made so far: 0 after the first try failed
     * @param failure what went wrong with the last try
     * @param method the request method
     * @param hasBody whether the request streams a body
     * @param random a source of numbers in {@code [0, 1)} for the jitter
     */
    public Optional<Duration> nextDelay(int attempt, OriginFailure failure, String method, boolean hasBody, DoubleSupplier random) {
        if (attempt < 0 || attempt >= settings.attempts() || hasBody || !isIdempotent(method) || !isRetryable(failure)) {
            return Optional.empty();
        }
        return Optional.of(pause(attempt, random));
    }

    /**
     * The full-jitter pause before retry {@code attempt}, whether or not the retry is allowed: uniformly random in
     * {@code [0, ceiling(attempt))}.
     *
     * @param random a source of numbers in {@code [0, 1)}
     */
    public Duration pause(int attempt, DoubleSupplier random) {
        long ceilingMillis = ceiling(attempt).toMillis();
        double fraction = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        // A supplier that returns exactly 1.0 would reach the ceiling itself; the interval is half-open.
        long millis = Math.min((long) (fraction * ceilingMillis), Math.max(0, ceilingMillis - 1));
        return Duration.ofMillis(millis);
    }

    /** The upper bound of the pause before retry {@code attempt}: {@code min(maxBackoff, backoff × 2^attempt)}. */
    public Duration ceiling(int attempt) {
        long base = settings.backoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        if (base == 0) {
            return Duration.ZERO;
        }
        // base × 2^attempt > cap exactly when base > cap / 2^attempt (rounded down); checked first, the shift cannot overflow.
        if (attempt >= Long.SIZE - 2 || base > (cap >> attempt)) {
            return Duration.ofMillis(cap);
        }
        return Duration.ofMillis(base << attempt);
    }

    /** True for GET, HEAD, PUT, DELETE and OPTIONS. */
    public static boolean isIdempotent(String method) {
        return method != null && IDEMPOTENT_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    /** True for the failures a second try may cure: no connection, or one that broke before any response byte. */
    public static boolean isRetryable(OriginFailure failure) {
        return failure.kind() == OriginFailure.Kind.CONNECT || failure.kind() == OriginFailure.Kind.RESET;
    }
}
