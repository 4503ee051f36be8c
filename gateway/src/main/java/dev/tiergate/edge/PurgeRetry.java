package dev.tiergate.edge;

import dev.tiergate.guard.RetryPolicy;
import dev.tiergate.http.HttpDates;
import dev.tiergate.policy.OriginSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Whether a failed call to an edge purge API is tried again, and after how long: a pure decision, the timers are
 * the caller's.
 *
 * <p>Calls answered {@code 429} (rate limited) or {@code 5xx}, and calls that got no answer, are retried: a purge is
 * idempotent, so sending it twice is harmless. Any other answer (a bad token, a malformed URL, a zone the token may
 * not purge) would fail the same way again. The pause is the origins' exponential backoff with full jitter, but
 * never shorter than the API's {@code Retry-After}: Cloudflare's purge rate limit is a token bucket that refills
 * at its own pace, and calls sent before it has are refused again.
 */
public final class PurgeRetry {

    /** No answer at all: a refused or broken connection, or a timeout. */
    public static final int NO_ANSWER = 0;
    /** A Retry-After longer than this ends the retries: the purge is reported failed rather than held back for longer. */
    public static final Duration MAX_RETRY_AFTER = OriginSettings.Retries.MAX_BACKOFF;

    private final OriginSettings.Retries settings;
    private final RetryPolicy backoff;

    public PurgeRetry(OriginSettings.Retries settings) {
        this.settings = settings;
        this.backoff = new RetryPolicy(settings);
    }

    /**
     * The pause before retry number {@code retries}, or empty when the call is not tried again.
     *
     * @param retries retries made so far: 0 after the first try failed
     * @param status the HTTP status of the answer, or {@link #NO_ANSWER}
     * @param retryAfter the answer's {@code Retry-After}, when it had one
     * @param random a source of numbers in {@code [0, 1)} for the jitter
     */
    public Optional<Duration> nextDelay(int retries, int status, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (retries < 0 || retries >= settings.attempts() || !isRetryable(status)) {
            return Optional.empty();
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0) {
            return Optional.empty();
        }
        Duration pause = backoff.pause(retries, random);
        return Optional.of(retryAfter.filter(wait -> wait.compareTo(pause) > 0).orElse(pause));
    }

    /** True for 429, 5xx and no answer. */
    public static boolean isRetryable(int status) {
        return status == NO_ANSWER || status == 429 || status >= 500 && status <= 599;
    }

    /**
     * RFC 9110 §10.2.3: {@code Retry-After = HTTP-date / delay-seconds}. A date in the past means now; anything
     * unreadable is ignored.
     */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        return HttpDates.parse(text).map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
    }
}
