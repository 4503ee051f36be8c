package dev.tiergate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.AdaptiveTtl;
import dev.tiergate.cache.AdaptiveTtlRule;
import dev.tiergate.cache.ChangeHistory;
import dev.tiergate.cache.ChangeObservation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@code policies/conformance/adaptive/*.json}: the adaptive TTL's pure decision, a lifetime from a rule, a list of
 * observations and {@code now}. Gateway only (every case is {@code at: gateway}): the edge worker keeps no history
 * across isolates and applies an adaptive route's other fields.
 */
class AdaptiveTtlVectorsTest {

    static final Path DIRECTORY = ConformanceVectorsTest.DIRECTORY.resolve("adaptive");
    static final Set<String> FIELDS = Set.of("id", "description", "why", "at", "rule", "observations", "now", "expect");

    @TestFactory
    Stream<DynamicTest> adaptiveTtlVectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonArray cases = new JsonArray(Files.readString(file, StandardCharsets.UTF_8));
                for (int i = 0; i < cases.size(); i++) {
                    JsonObject vector = cases.getJsonObject(i);
                    tests.add(DynamicTest.dynamicTest(vector.getString("id"), () -> run(vector)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    private static void run(JsonObject vector) {
        assertThat(FIELDS).containsAll(vector.fieldNames());
        assertThat(vector.getString("description")).isNotBlank();
        assertThat(vector.getString("why")).isNotBlank();
        assertThat(vector.getString("at")).isEqualTo("gateway");
        JsonObject rule = vector.getJsonObject("rule");
        AdaptiveTtlRule adaptive = new AdaptiveTtlRule(rule.getLong("min"), rule.getLong("max"),
                rule.getDouble("fraction", AdaptiveTtlRule.DEFAULT_FRACTION));
        ChangeHistory history = null;
        JsonArray observations = vector.getJsonArray("observations");
        for (int i = 0; i < observations.size(); i++) {
            JsonObject seen = observations.getJsonObject(i);
            Instant at = Instant.parse(seen.getString("at"));
            String fingerprint = seen.getString("fingerprint");
            history = ChangeHistory.observe(history, seen.getBoolean("notModified", false)
                    ? ChangeObservation.notModified(at, fingerprint) : ChangeObservation.full(at, fingerprint));
        }
        JsonObject expect = vector.getJsonObject("expect");
        Instant now = Instant.parse(vector.getString("now"));
        assertThat(AdaptiveTtl.learnedSeconds(history, adaptive, now)).as("learnedTtl").isEqualTo(expect.getLong("learnedTtl"));
        if (expect.containsKey("changes")) {
            assertThat(history).isNotNull();
            assertThat(history.changes()).as("changes").isEqualTo(expect.getLong("changes"));
        }
    }
}
