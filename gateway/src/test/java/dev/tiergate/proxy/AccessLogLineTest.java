package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.plan.ServedOutcome;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The access log's hand-built line against a general JSON library's encoding of the same fields: the same names in the
 * same order, the same values, whatever the request put in its host and path.
 */
class AccessLogLineTest {

    private static final Instant ARRIVAL = Instant.parse("2026-12-08T10:15:02.123456789Z");

    private static AccessEntry entry(String host, String target, Optional<String> subject, long originNanos, ServedOutcome outcome) {
        return new AccessEntry(ARRIVAL, "GET", host, target, "product", "pro", subject, Optional.of("client-id-1"), 200, 512,
                CacheStatus.forward("uri-miss", null).withForwardStatus(200).withStored(300), outcome, 3_412_345, originNanos, true);
    }

    /** The fields as a general encoder writes them, with the line's rounding of durations to microseconds. */
    private static JsonObject expected(AccessEntry entry) {
        ServedOutcome outcome = entry.outcome();
        return new JsonObject()
                .put("time", entry.time().toString())
                .put("requestId", entry.requestId().orElse(null))
                .put("method", entry.method())
                .put("host", entry.host())
                .put("path", entry.target())
                .put("status", entry.status())
                .put("bytes", entry.bytesSent())
                .put("durationMs", Math.round(entry.totalNanos() / 1_000.0) / 1_000.0)
                .put("originMs", entry.originNanos() < 0 ? null : Math.round(entry.originNanos() / 1_000.0) / 1_000.0)
                .put("route", entry.route())
                .put("segment", entry.segment().isEmpty() ? null : entry.segment())
                .put("cache", outcome == ServedOutcome.L1_HIT || outcome == ServedOutcome.L2_HIT ? "hit" : outcome.tag())
                .put("detail", entry.cacheStatus().detail().orElse(null))
                .put("outcome", outcome.tag())
                .put("tier", outcome.tier().orElse(null))
                .put("cacheStatus", entry.cacheStatus().format("Tiergate"))
                .put("subject", entry.subject().orElse(null))
                .put("completed", entry.completed());
    }

    private static List<String> names(JsonObject object) {
        return new ArrayList<>(object.fieldNames());
    }

    @Test
    void lineHasTheFieldsAndValuesOfTheLibrarysEncoding() {
        for (AccessEntry entry : List.of(
                entry("shop.example", "/api/products/1?lang=en&token=***", Optional.of("9f2c"), 2_871_499, ServedOutcome.MISS),
                entry("shop.example", "/a\"b\\c\td\u0001é\uD83D\uDE00?x=\uD800", Optional.empty(), -1, ServedOutcome.L1_HIT),
                entry("h\u001fost", "/", Optional.empty(), 0, ServedOutcome.ERROR))) {
            String line = AccessLog.line(entry, "Tiergate");
            JsonObject parsed = new JsonObject(line);

            assertThat(parsed).isEqualTo(expected(entry));
            assertThat(names(parsed)).isEqualTo(names(expected(entry)));
            assertThat(line).doesNotContain("\n").startsWith("{\"time\":\"2026-12-08T10:15:02.123456789Z\",");
        }
    }

    @Test
    void absentValuesAreNullSoEveryLineHasEveryField() {
        JsonObject parsed = new JsonObject(AccessLog.line(entry("h", "/", Optional.empty(), -1, ServedOutcome.ERROR), "Tiergate"));

        assertThat(parsed.getValue("originMs")).isNull();
        assertThat(parsed.getValue("tier")).isNull();
        assertThat(parsed.getValue("subject")).isNull();
        assertThat(parsed.fieldNames()).hasSize(18);
    }
}
