package dev.tiergate.http;

import java.time.Duration;
import java.time.Instant;

/**
 * Age calculation (RFC 9111 §4.2.3).
 *
 * <p>The corrected initial age is computed once, when the response arrives; the current age
 * is that plus the time the entry has been resident here.
 */
public final class CurrentAge {

    private CurrentAge() {
    }

    /**
     * {@code corrected_initial_age = max(apparent_age, age_value + response_delay)}.
     *
     * @param headers the response header fields (Date and Age)
     * @param requestTime when the request that produced the response was sent
     * @param responseTime when the response was received
     */
    public static long correctedInitialAgeSeconds(Headers headers, Instant requestTime, Instant responseTime) {
        // "apparent_age = max(0, response_time - date_value);"
        long apparentAge = Math.max(0, Duration.between(Freshness.date(headers, responseTime), responseTime).toSeconds());
        // "response_delay = response_time - request_time;"
        long responseDelay = Math.max(0, Duration.between(requestTime, responseTime).toSeconds());
        // "corrected_age_value = age_value + response_delay;"
        long correctedAgeValue = ageValue(headers) + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /** {@code current_age = corrected_initial_age + resident_time}. */
    public static long currentAgeSeconds(long correctedInitialAgeSeconds, Instant responseTime, Instant now) {
        long residentTime = Math.max(0, Duration.between(responseTime, now).toSeconds());
        return correctedInitialAgeSeconds + residentTime;
    }

    /**
     * The Age field value; 0 when absent. Age is a single delta-seconds: when several values arrive
     * (a list or repeated lines) the first one is used, and "if ... a recipient receives ... an invalid
     * value, the field is ignored" (§5.1).
     */
    static long ageValue(Headers headers) {
        return headers.first("Age")
                .map(value -> value.split(",", -1)[0].trim())
                .map(first -> CacheControl.parseDeltaSeconds(first).orElse(0))
                .orElse(0L);
    }
}
