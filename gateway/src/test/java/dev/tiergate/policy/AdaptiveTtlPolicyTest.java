package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.AdaptiveTtlRule;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cache key {@code adaptiveTtl}: loading, inheritance, turning it off, problems, and that the edge never sees it. */
class AdaptiveTtlPolicyTest {

    private static final String FULL = """
            version: 1
            origin: http://127.0.0.1:8081
            defaults:
              adaptiveTtl: { min: 10s, max: 1h }
            routes:
              - name: tuned
                match: { path: /tuned }
                cache: { ttl: 30s, adaptiveTtl: { min: 5s, max: 10m, fraction: 0.25 } }
              - name: inherited
                match: { path: /inherited }
                cache: { ttl: 30s }
              - name: fixed
                match: { path: /fixed }
                cache: { ttl: 30s, adaptiveTtl: off }
            """;

    @Test
    void routesReadItInheritTheDefaultsAndCanTurnItOff() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", FULL);

        assertThat(policy.routes().get(0).cacheRule().adaptiveTtl()).contains(new AdaptiveTtlRule(5, 600, 0.25));
        assertThat(policy.routes().get(1).cacheRule().adaptiveTtl()).contains(new AdaptiveTtlRule(10, 3600, 0.5));
        assertThat(policy.routes().get(2).cacheRule().adaptiveTtl()).isEmpty();
        assertThat(PolicySchema.validate(FULL).getValid()).isTrue();
    }

    @Test
    void withoutTheKeyNothingIsLearned() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n");

        assertThat(policy.defaultRoute().cacheRule().adaptiveTtl()).isEqualTo(Optional.empty());
    }

    @Test
    void problemsNameTheLineAndTheKey() {
        assertThat(PolicyProblems.of(route("adaptiveTtl: { min: 10s }")))
                .containsExactly("test.yaml:6 routes[0].cache.adaptiveTtl: missing \"max\"");
        assertThat(PolicyProblems.of(route("adaptiveTtl: { min: 1m, max: 10s }")))
                .containsExactly("test.yaml:6 routes[0].cache.adaptiveTtl.max: max 10s is less than min 60s (expected: max >= min)");
        assertThat(PolicyProblems.of(route("adaptiveTtl: { min: 0, max: 10s }")))
                .containsExactly("test.yaml:6 routes[0].cache.adaptiveTtl.min: \"0\" (expected: a positive duration such as 10s)");
        assertThat(PolicyProblems.of(route("adaptiveTtl: { min: 10s, max: 1h, frac: 0.5 }"))).containsExactly(
                "test.yaml:6 routes[0].cache.adaptiveTtl.frac: unknown key (expected one of: fraction, max, min)");
        for (String fraction : List.of("0", "1.5", "-0.1", "half", "NaN")) {
            assertThat(PolicyProblems.of(route("adaptiveTtl: { min: 10s, max: 1h, fraction: " + fraction + " }")))
                    .containsExactly("test.yaml:6 routes[0].cache.adaptiveTtl.fraction: \"" + fraction
                            + "\" (expected: a number greater than 0 and at most 1, such as 0.5)");
        }
        assertThat(PolicyProblems.of(route("adaptiveTtl: on"))).singleElement().asString()
                .startsWith("test.yaml:6 routes[0].cache.adaptiveTtl: ");
    }

    @Test
    void theCompiledPolicyForTheEdgeLeavesItOut() throws Exception {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", FULL)));

        JsonObject tuned = compiled.getJsonArray("routes").getJsonObject(0).getJsonObject("cache");
        assertThat(tuned.containsKey("adaptiveTtl")).isFalse();
        assertThat(tuned.getLong("ttlSeconds")).isEqualTo(30);
    }

    private static String route(String cacheField) {
        return "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { " + cacheField + " }\n";
    }
}
