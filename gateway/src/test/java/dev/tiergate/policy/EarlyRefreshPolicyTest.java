package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.cache.RefreshRule;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The cache keys {@code earlyRefresh} and {@code refreshAhead}: loading, inheritance, problems, compiling. */
class EarlyRefreshPolicyTest {

    private static final String FULL = """
            version: 1
            origin: http://127.0.0.1:8081
            defaults:
              earlyRefresh: { beta: 1.0 }
            routes:
              - name: hot
                match: { path: /hot }
                cache:
                  earlyRefresh: { beta: 2.5 }
                  refreshAhead: { when: 10s, minHits: 5 }
              - name: ahead
                match: { path: /ahead }
                cache: { refreshAhead: { when: 1m } }
              - name: plain
                match: { path: /plain }
                cache: respect
            """;

    @Test
    void routesReadBothAndInheritTheDefaults() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", FULL);

        assertThat(policy.routes().get(0).cacheRule().refresh())
                .isEqualTo(new RefreshRule(OptionalDouble.of(2.5), OptionalLong.of(10), 5));
        assertThat(policy.routes().get(1).cacheRule().refresh())
                .isEqualTo(new RefreshRule(OptionalDouble.of(1.0), OptionalLong.of(60), 1));
        assertThat(policy.routes().get(2).cacheRule().refresh()).isEqualTo(RefreshRule.NONE.withBeta(1.0));
    }

    @Test
    void withoutTheKeysNothingRefreshesEarly() throws Exception {
        Policy policy = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n");

        assertThat(policy.defaultRoute().cacheRule().refresh()).isEqualTo(RefreshRule.NONE);
        assertThat(policy.defaultRoute().cacheRule().refresh().enabled()).isFalse();
    }

    @Test
    void betaMustBePositiveAtMostAHundredWithThreeDecimals() {
        for (String beta : List.of("0", "-1", "100.5", "lots", "0.0001")) {
            assertThat(PolicyProblems.of(route("earlyRefresh: { beta: " + beta + " }")))
                    .containsExactly("test.yaml:6 routes[0].cache.earlyRefresh.beta: \"" + beta
                            + "\" (expected: a number greater than 0 and at most 100, with at most 3 decimals, such as 1.0)");
        }
    }

    @Test
    void problemsNameTheLineAndTheKey() {
        assertThat(PolicyProblems.of(route("earlyRefresh: { bta: 1 }"))).containsExactly(
                "test.yaml:6 routes[0].cache.earlyRefresh.bta: unknown key (expected one of: beta, did you mean \"beta\"?)",
                "test.yaml:6 routes[0].cache.earlyRefresh: missing \"beta\"");
        assertThat(PolicyProblems.of(route("refreshAhead: { minHits: 3 }")))
                .containsExactly("test.yaml:6 routes[0].cache.refreshAhead: missing \"when\"");
        assertThat(PolicyProblems.of(route("refreshAhead: { when: 0 }")))
                .containsExactly("test.yaml:6 routes[0].cache.refreshAhead.when: \"0\" (expected: a positive duration such as 10s)");
        assertThat(PolicyProblems.of(route("refreshAhead: { when: 10s, minHits: 0 }")))
                .containsExactly("test.yaml:6 routes[0].cache.refreshAhead.minHits: \"0\" (expected: a whole number from 1 to 1000000)");
        assertThat(PolicyProblems.of(route("refreshAhead: 10s"))).singleElement().asString()
                .isEqualTo("test.yaml:6 routes[0].cache.refreshAhead: a value \"10s\" (expected: a mapping with keys minHits, when)");
    }

    @Test
    void compiledPolicyCarriesBetaInThousandthsAndWhenInSeconds() throws Exception {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", FULL)));

        JsonObject hot = compiled.getJsonArray("routes").getJsonObject(0).getJsonObject("cache");
        assertThat(hot.getJsonObject("earlyRefresh")).isEqualTo(new JsonObject().put("betaThousandths", 2500));
        assertThat(hot.getJsonObject("refreshAhead")).isEqualTo(new JsonObject().put("whenSeconds", 10).put("minHits", 5));
        JsonObject plain = compiled.getJsonArray("routes").getJsonObject(2).getJsonObject("cache");
        assertThat(plain.getJsonObject("earlyRefresh")).isEqualTo(new JsonObject().put("betaThousandths", 1000));
        assertThat(plain.containsKey("refreshAhead")).isTrue();
        assertThat(plain.getValue("refreshAhead")).isNull();
    }

    @Test
    void theRuleRefusesValuesTheLoaderWouldReject() {
        assertThatThrownBy(() -> RefreshRule.NONE.withBeta(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshRule.NONE.withAhead(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshRule.NONE.withAhead(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String route(String cacheField) {
        return "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { " + cacheField + " }\n";
    }
}
