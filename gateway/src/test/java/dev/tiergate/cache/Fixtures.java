package dev.tiergate.cache;

import dev.tiergate.http.Headers;
import dev.tiergate.http.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;

/** A fixed clock and small builders shared by the cache-core tests; nothing here reads the wall clock. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant TEN_SECONDS_AGO = NOW.minusSeconds(10);
    public static final Instant ONE_MINUTE_AGO = NOW.minusSeconds(60);
    public static final Instant ONE_HOUR_AGO = NOW.minusSeconds(3600);
    public static final Instant ONE_DAY_AGO = NOW.minusSeconds(86_400);
    public static final Instant IN_TEN_SECONDS = NOW.plusSeconds(10);
    public static final Instant IN_ONE_HOUR = NOW.plusSeconds(3600);

    static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

    private Fixtures() {
    }

    public static Instant secondsAgo(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    /** The IMF-fixdate of an instant, for Date, Expires, Last-Modified and If-Modified-Since values. */
    public static String httpDate(Instant instant) {
        return HttpDates.format(instant);
    }

    static CacheRequest get(String... headers) {
        return new CacheRequest("GET", Headers.of(headers));
    }

    /** Respect the origin, with route defaults for the two RFC 5861 windows. */
    static CacheRule ruleWithStaleWindows(long staleWhileRevalidateSeconds, long staleIfErrorSeconds) {
        return new CacheRule(false, OptionalLong.empty(), OptionalLong.of(staleWhileRevalidateSeconds),
                OptionalLong.of(staleIfErrorSeconds), CacheRule.DEFAULT_MAX_OBJECT_BYTES, false,
                CacheRule.DEFAULT_KEEP_SECONDS);
    }

    static StoredResponse storedAt(Instant receivedAt, String... responseHeaders) {
        return storedAt(receivedAt, CacheRule.RESPECT_ORIGIN, responseHeaders);
    }

    /**
     * A 200 response to a plain GET, stored through {@link StorePlan} as it arrived at {@code receivedAt}
     * with no network delay; a Date equal to {@code receivedAt} is added unless one is given.
     */
    static StoredResponse storedAt(Instant receivedAt, CacheRule rule, String... responseHeaders) {
        Headers headers = Headers.of(responseHeaders);
        if (!headers.contains("Date")) {
            headers = headers.toBuilder().add("Date", httpDate(receivedAt)).build();
        }
        StorePlan plan = StorePlan.plan(get(), 200, headers, BODY, receivedAt, receivedAt, rule, Set.of());
        return plan.entry().orElseThrow(() -> new IllegalStateException("fixture not storable: " + plan.reason()));
    }
}
