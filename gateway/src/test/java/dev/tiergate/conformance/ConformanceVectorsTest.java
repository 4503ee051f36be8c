package dev.tiergate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.PolicySchema;
import dev.tiergate.policy.TokenResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs the shared conformance vectors ({@code policies/conformance/*.json}) against the gateway's
 * pure core, wired as the gateway wires it ({@link VectorEvaluator}). The edge worker runs the same
 * files; see {@code policies/conformance/README.md} for the format.
 */
class ConformanceVectorsTest {

    static final Path DIRECTORY = Path.of("..", "policies", "conformance");
    static final List<String> TOPICS = List.of("routing", "keys", "segments", "freshness", "storability", "stale", "conditional",
            "cache-status", "invalidation", "tiers", "trusted-upstreams");
    static final Set<String> CASE_FIELDS = Set.of("id", "description", "why", "policy", "policyYaml", "now", "request", "environment",
            "token", "stored", "storedTier", "origin", "expect", "knownIssue", "at", "compiledFormat");
    static final Set<String> TIERS = Set.of("l1", "l2");
    static final Set<String> REQUEST_FIELDS = Set.of("method", "target", "headers", "peer", "scheme");
    /** The address a vector's request comes from when it names none (TEST-NET-1, RFC 5737). */
    static final String DEFAULT_PEER = "192.0.2.1";
    static final Set<String> EXPECT_FIELDS = Set.of("route", "tags", "key", "keyHash", "variant", "segment", "forwardTarget",
            "keyProblem", "decision", "reason", "storable", "storeReason", "age", "ttl", "lifetime", "staleWhileRevalidate",
            "staleIfError", "freshened", "status", "cacheStatus", "invalidates", "trusted", "host", "clientIp", "scheme", "originHeaders");
    static final int MINIMUM_CASES = 150;

    private static final Map<String, Policy> POLICIES = new HashMap<>();

    /** A case and the file it came from. */
    record Vector(String file, JsonObject json) {
        String id() {
            return json.getString("id", "(no id in " + file + ")");
        }
    }

    static List<Vector> vectors() {
        List<Vector> vectors = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonArray cases = new JsonArray(Files.readString(file, StandardCharsets.UTF_8));
                for (int i = 0; i < cases.size(); i++) {
                    vectors.add(new Vector(file.getFileName().toString(), cases.getJsonObject(i)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    @TestFactory
    Stream<DynamicNode> conformanceVectors() {
        Map<String, List<DynamicNode>> byFile = new LinkedHashMap<>();
        for (Vector vector : vectors()) {
            byFile.computeIfAbsent(vector.file(), f -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(vector.id(), () -> run(vector)));
        }
        return byFile.entrySet().stream().map(file -> DynamicContainer.dynamicContainer(file.getKey(), file.getValue().stream()));
    }

    @Test
    void idsAreUniqueAndThereAreEnoughCases() {
        List<Vector> vectors = vectors();
        Map<String, String> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Vector vector : vectors) {
            String previous = seen.put(vector.id(), vector.file());
            if (previous != null) {
                duplicates.add(vector.id() + " (" + previous + ", " + vector.file() + ")");
            }
        }
        assertThat(duplicates).as("duplicate ids").isEmpty();
        assertThat(vectors.size()).as("cases").isGreaterThanOrEqualTo(MINIMUM_CASES);
    }

    @Test
    void everyCaseSaysWhatAndWhyAndUsesOnlyKnownFields() {
        List<String> problems = new ArrayList<>();
        for (Vector vector : vectors()) {
            JsonObject json = vector.json();
            for (String field : List.of("id", "description", "why")) {
                if (json.getString(field, "").isBlank()) {
                    problems.add(vector.id() + ": no " + field);
                }
            }
            json.fieldNames().stream().filter(f -> !CASE_FIELDS.contains(f)).forEach(f -> problems.add(vector.id() + ": unknown field " + f));
            if (json.containsKey("policy") == json.containsKey("policyYaml")) {
                problems.add(vector.id() + ": exactly one of policy and policyYaml");
            }
            if (json.containsKey("storedTier") && (!json.containsKey("stored") || !TIERS.contains(json.getValue("storedTier")))) {
                problems.add(vector.id() + ": storedTier needs stored, and is l1 or l2");
            }
            JsonObject expect = json.getJsonObject("expect", new JsonObject());
            if (expect.isEmpty()) {
                problems.add(vector.id() + ": expects nothing");
            }
            expect.fieldNames().stream().filter(f -> !EXPECT_FIELDS.contains(f))
                    .forEach(f -> problems.add(vector.id() + ": unknown expect field " + f));
            json.getJsonObject("request", new JsonObject()).fieldNames().stream().filter(f -> !REQUEST_FIELDS.contains(f))
                    .forEach(f -> problems.add(vector.id() + ": unknown request field " + f));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTopicHasItsFile() {
        for (String topic : TOPICS) {
            assertThat(DIRECTORY.resolve(topic + ".json")).exists();
        }
    }

    /** The policies the vectors use are valid for the loader and for the editors' schema alike. */
    @Test
    void everyVectorPolicyIsValid() throws Exception {
        List<Path> policies;
        try (Stream<Path> files = Files.list(DIRECTORY.resolve("policies"))) {
            policies = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(policies).isNotEmpty();
        for (Path file : policies) {
            OutputUnit result = PolicySchema.validate(Files.readString(file));
            assertThat(result.getValid()).as(file + ": " + result.toJson().encodePrettily()).isTrue();
            PolicyLoader.load(file);
        }
    }


    private static void run(Vector vector) throws Exception {
        JsonObject json = vector.json();
        if (json.containsKey("compiledFormat")) {
            // Only the edge worker reads compiled policies; the gateway loads the YAML, whatever format it compiles to.
            throw new TestAbortedException("edge only: the gateway never reads a compiled policy (compiledFormat)");
        }
        Map<String, Object> actual = VectorEvaluator.evaluate(input(json));
        JsonObject expect = json.getJsonObject("expect");
        List<String> mismatches = new ArrayList<>();
        for (String field : expect.fieldNames()) {
            if (field.equals("originHeaders")) {
                originHeaderMismatches(expect.getJsonObject(field), actual.get(field), mismatches);
                continue;
            }
            Object expected = normalise(expect.getValue(field));
            Object got = actual.containsKey(field) ? normalise(actual.get(field)) : "(absent)";
            if (!expected.equals(got)) {
                mismatches.add("  " + field + ": expected " + show(expected) + " but was " + show(got));
            }
        }
        String knownIssue = json.getString("knownIssue");
        if (mismatches.isEmpty()) {
            if (knownIssue != null) {
                throw new AssertionFailedError(vector.id() + " passes now: remove its knownIssue (" + knownIssue + ")");
            }
            return;
        }
        String report = vector.id() + " (" + vector.file() + "): " + json.getString("description") + "\n"
                + String.join("\n", mismatches) + "\n  actual outcome: " + actual;
        if (knownIssue != null) {
            throw new TestAbortedException("known issue: " + knownIssue + "\n" + report);
        }
        throw new AssertionFailedError(report);
    }

    /** Only the fields the case names are checked; null expects the field to be absent. */
    private static void originHeaderMismatches(JsonObject expected, Object actual, List<String> mismatches) {
        if (!(actual instanceof Map<?, ?> sent)) {
            mismatches.add("  originHeaders: expected " + expected.encode() + " but nothing was sent to the origin");
            return;
        }
        for (String name : expected.fieldNames()) {
            Object want = expected.getValue(name) == null ? "(absent)" : expected.getValue(name);
            Object got = sent.containsKey(name.toLowerCase(java.util.Locale.ROOT)) ? sent.get(name.toLowerCase(java.util.Locale.ROOT)) : "(absent)";
            if (!want.equals(got)) {
                mismatches.add("  originHeaders." + name + ": expected " + show(want) + " but was " + show(got));
            }
        }
    }

    private static Object normalise(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof JsonArray array) {
            return array.getList().stream().map(ConformanceVectorsTest::normalise).toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConformanceVectorsTest::normalise).toList();
        }
        return value == null ? "(null)" : value;
    }

    private static String show(Object value) {
        return value instanceof String text ? "\"" + text.replace("\n", "\\n") + "\"" : String.valueOf(value);
    }

    static VectorEvaluator.Input input(JsonObject json) throws Exception {
        Instant now = Instant.parse(json.getString("now", "2026-01-01T00:00:00Z"));
        JsonObject request = json.getJsonObject("request");
        List<VectorEvaluator.Stored> stored = new ArrayList<>();
        Object storedValue = json.getValue("stored");
        if (storedValue instanceof JsonObject one) {
            stored.add(stored(one, now));
        } else if (storedValue instanceof JsonArray several) {
            for (int i = 0; i < several.size(); i++) {
                stored.add(stored(several.getJsonObject(i), now));
            }
        }
        Map<String, String> environment = new HashMap<>();
        json.getJsonObject("environment", new JsonObject()).forEach(variable -> environment.put(variable.getKey(), (String) variable.getValue()));
        return new VectorEvaluator.Input(policy(json), VectorEvaluator.Cache.named(json.getString("at", "gateway")), now,
                request.getString("method", "GET"), request.getString("target"), headers(request.getJsonObject("headers")),
                request.getString("peer", DEFAULT_PEER), request.getString("scheme", "http"), environment,
                token(json.getJsonObject("token")), stored, Optional.ofNullable(json.getString("storedTier")),
                Optional.ofNullable(json.getJsonObject("origin")).map(origin -> origin(origin, now)));
    }

    private static Policy policy(JsonObject json) throws Exception {
        if (json.containsKey("policyYaml")) {
            return PolicyLoader.parse(json.getString("id") + ".yaml", json.getString("policyYaml"));
        }
        String name = json.getString("policy");
        synchronized (POLICIES) {
            Policy policy = POLICIES.get(name);
            if (policy == null) {
                policy = PolicyLoader.load(DIRECTORY.resolve(name));
                POLICIES.put(name, policy);
            }
            return policy;
        }
    }

    private static VectorEvaluator.Stored stored(JsonObject json, Instant now) {
        Instant responseTime = instant(json, "responseTime", now);
        return new VectorEvaluator.Stored(json.getString("target", ""), json.getInteger("status", 200), headers(json.getJsonObject("headers")),
                json.getString("body", "").getBytes(StandardCharsets.UTF_8), instant(json, "requestTime", responseTime), responseTime,
                Optional.ofNullable(json.getJsonObject("requestHeaders")).map(ConformanceVectorsTest::headers),
                Optional.ofNullable(json.getJsonObject("token")).map(ConformanceVectorsTest::token));
    }

    private static VectorEvaluator.Origin origin(JsonObject json, Instant now) {
        Instant responseTime = instant(json, "responseTime", now);
        Optional<VectorEvaluator.Fault> fault = Optional.ofNullable(json.getString("fault"))
                .map(name -> VectorEvaluator.Fault.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        return new VectorEvaluator.Origin(json.getInteger("status", 0), headers(json.getJsonObject("headers")),
                json.getString("body", "").getBytes(StandardCharsets.UTF_8), instant(json, "requestTime", responseTime), responseTime, fault);
    }

    private static Instant instant(JsonObject json, String field, Instant fallback) {
        String value = json.getString(field);
        return value == null ? fallback : Instant.parse(value);
    }

    /** Header names keep their case; a value may be an array for a repeated field. */
    static Headers headers(JsonObject json) {
        Headers.Builder builder = Headers.builder();
        if (json == null) {
            return builder.build();
        }
        for (String name : json.fieldNames()) {
            Object value = json.getValue(name);
            if (value instanceof JsonArray values) {
                for (int i = 0; i < values.size(); i++) {
                    builder.add(name, values.getString(i));
                }
            } else {
                builder.add(name, String.valueOf(value));
            }
        }
        return builder.build();
    }

    static TokenResult token(JsonObject json) {
        if (json == null) {
            return TokenResult.NONE;
        }
        return switch (json.getString("state", "none")) {
            case "none" -> TokenResult.NONE;
            case "valid" -> TokenResult.valid(json.getJsonObject("claims", new JsonObject()).getMap());
            case "invalid" -> TokenResult.invalid(json.getString("reason", "invalid"));
            default -> throw new IllegalArgumentException("token.state: " + json.getString("state") + " (expected: none, valid or invalid)");
        };
    }
}
