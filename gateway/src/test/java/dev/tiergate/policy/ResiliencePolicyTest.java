package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin keys {@code retries} and {@code breaker} and the route key {@code bulkhead}: loading, defaults, problems, compiling. */
class ResiliencePolicyTest {

    private static final String FULL = """
            version: 1
            origins:
              api:
                url: http://127.0.0.1:8081
                retries: { attempts: 3, backoff: 20ms, maxBackoff: 500ms }
                breaker: { failures: 8, resetTimeout: 30s }
              assets: http://127.0.0.1:9000
            routes:
              - name: search
                match: { path: /search }
                origin: api
                bulkhead: { maxConcurrent: 40 }
              - name: other
                match: { path: /other }
            defaultRoute: { origin: assets, bulkhead: { maxConcurrent: 200 } }
            """;

    @Test
    void originsReadRetriesAndBreaker() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", FULL);

        OriginSettings api = policy.origins().get("api");
        assertThat(api.retries()).isEqualTo(new OriginSettings.Retries(3, Duration.ofMillis(20), Duration.ofMillis(500)));
        assertThat(api.breaker()).isEqualTo(new OriginSettings.Breaker(8, Duration.ofSeconds(30)));
    }

    @Test
    void originsWithoutThemGetTheDefaults() throws Exception {
        OriginSettings assets = PolicyLoader.parse("test.yaml", FULL).origins().get("assets");

        assertThat(assets.retries()).isEqualTo(OriginSettings.Retries.DEFAULT);
        assertThat(assets.retries()).isEqualTo(new OriginSettings.Retries(1, Duration.ofMillis(50), Duration.ofSeconds(1)));
        assertThat(assets.breaker()).isEqualTo(new OriginSettings.Breaker(5, Duration.ofSeconds(10)));
        assertThat(assets).isEqualTo(OriginSettings.at(URI.create("http://127.0.0.1:9000")));
    }

    @Test
    void omittedFieldsKeepTheirDefaultsWithoutContradictingTheOthers() throws Exception {
        OriginSettings.Retries attemptsOnly = retries("{ attempts: 0 }");
        OriginSettings.Retries slowBase = retries("{ backoff: 5s }");
        OriginSettings.Retries lowCap = retries("{ maxBackoff: 10ms }");

        assertThat(attemptsOnly).isEqualTo(new OriginSettings.Retries(0, Duration.ofMillis(50), Duration.ofSeconds(1)));
        assertThat(slowBase).isEqualTo(new OriginSettings.Retries(1, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThat(lowCap).isEqualTo(new OriginSettings.Retries(1, Duration.ofMillis(10), Duration.ofMillis(10)));
    }

    @Test
    void routesAndTheDefaultRouteReadTheirBulkhead() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", FULL);

        assertThat(policy.routes().get(0).bulkhead()).hasValue(new Route.BulkheadLimit(40));
        assertThat(policy.routes().get(1).bulkhead()).as("no limit unless asked").isEmpty();
        assertThat(policy.defaultRoute().bulkhead()).hasValue(new Route.BulkheadLimit(200));
        assertThat(PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:1\n").defaultRoute().bulkhead()).isEmpty();
    }

    @Test
    void invalidValuesAreReportedWithLineAndPath() {
        String yaml = """
                version: 1
                origin:
                  url: http://127.0.0.1:8081
                  retries: { attempts: 20, backoff: 2m, maxBakoff: 1s }
                  breaker: { failures: 0, resetTimeout: 0 }
                routes:
                  - name: search
                    match: { path: /search }
                    bulkhead: { maxConcurrent: many }
                  - name: other
                    match: { path: /other }
                    bulkhead: {}
                """;

        List<String> problems = PolicyProblems.of(yaml);

        assertThat(problems).containsExactlyInAnyOrder(
                "test.yaml:4 origin.retries.attempts: \"20\" (expected: a whole number from 0 to 10)",
                "test.yaml:4 origin.retries.backoff: \"2m\" (expected: a duration of at most 1m)",
                "test.yaml:4 origin.retries.maxBakoff: unknown key (expected one of: attempts, backoff, maxBackoff, did you mean \"maxBackoff\"?)",
                "test.yaml:5 origin.breaker.failures: \"0\" (expected: a whole number from 1 to 1000000)",
                "test.yaml:5 origin.breaker.resetTimeout: \"0\" (expected: a positive duration)",
                "test.yaml:9 routes[0].bulkhead.maxConcurrent: \"many\" (expected: a whole number from 1 to 2147483647)",
                "test.yaml:12 routes[1].bulkhead: missing \"maxConcurrent\"");
    }

    @Test
    void maxBackoffBelowBackoffIsAProblem() {
        List<String> problems = PolicyProblems.of("""
                version: 1
                origin: { url: http://127.0.0.1:8081, retries: { backoff: 200ms, maxBackoff: 100ms } }
                """);

        assertThat(problems).containsExactly(
                "test.yaml:2 origin.retries.maxBackoff: \"100ms\" is below backoff \"200ms\" (expected: maxBackoff >= backoff)");
    }

    @Test
    void resetTimeoutIsAtMostAnHour() {
        assertThat(PolicyProblems.of("version: 1\norigin: { url: http://127.0.0.1:8081, breaker: { resetTimeout: 2h } }\n"))
                .containsExactly("test.yaml:2 origin.breaker.resetTimeout: \"2h\" (expected: a duration of at most 1h)");
    }

    @Test
    void compiledPolicyCarriesTheNewFieldsInMilliseconds() throws Exception {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", FULL)));

        JsonObject api = compiled.getJsonObject("origins").getJsonObject("api");
        assertThat(api.getJsonObject("retries")).isEqualTo(new JsonObject().put("attempts", 3).put("backoffMs", 20).put("maxBackoffMs", 500));
        assertThat(api.getJsonObject("breaker")).isEqualTo(new JsonObject().put("failures", 8).put("resetTimeoutMs", 30_000));
        assertThat(compiled.getJsonObject("origins").getJsonObject("assets").getJsonObject("retries"))
                .isEqualTo(new JsonObject().put("attempts", 1).put("backoffMs", 50).put("maxBackoffMs", 1000));
        assertThat(compiled.getJsonArray("routes").getJsonObject(0).getJsonObject("bulkhead"))
                .isEqualTo(new JsonObject().put("maxConcurrent", 40));
        assertThat(compiled.getJsonArray("routes").getJsonObject(1).containsKey("bulkhead")).isTrue();
        assertThat(compiled.getJsonArray("routes").getJsonObject(1).getValue("bulkhead")).isNull();
        assertThat(compiled.getJsonObject("defaultRoute").getJsonObject("bulkhead")).isEqualTo(new JsonObject().put("maxConcurrent", 200));
    }

    @Test
    void compilingIsStable() throws Exception {
        assertThat(PolicyCompiler.compile(PolicyLoader.parse("a.yaml", FULL))).isEqualTo(PolicyCompiler.compile(PolicyLoader.parse("b.yaml", FULL)));
    }

    @Test
    void settingsRejectImpossibleValues() {
        assertThatThrownBy(() -> new OriginSettings.Retries(-1, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OriginSettings.Retries(1, Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OriginSettings.Breaker(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route.BulkheadLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OriginSettings.at(URI.create("http://a")).withUrl(URI.create("http://b")).withBreaker(new OriginSettings.Breaker(2, Duration.ofSeconds(1))))
                .extracting(OriginSettings::retries).isEqualTo(OriginSettings.Retries.DEFAULT);
    }

    private static OriginSettings.Retries retries(String mapping) throws PolicyException {
        return PolicyLoader.parse("test.yaml", "version: 1\norigin: { url: http://127.0.0.1:8081, retries: " + mapping + " }\n")
                .origin().retries();
    }
}
