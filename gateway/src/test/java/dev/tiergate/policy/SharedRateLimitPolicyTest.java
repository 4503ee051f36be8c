package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code rateLimit.shared}: read, defaulted, validated and compiled. */
class SharedRateLimitPolicyTest {

    private static final String POLICY = """
            version: 1
            origin: http://127.0.0.1:8081
            l2: { url: "redis://127.0.0.1:6390" }
            routes:
              - name: shared
                match: { path: /s }
                rateLimit: { rate: 100/1s, burst: 200, by: client-ip, shared: true }
              - name: local
                match: { path: /l }
                rateLimit: { rate: 100/1s, shared: false }
              - name: unsaid
                match: { path: /u }
                rateLimit: { rate: 100/1s }
            """;

    @Test
    void sharedIsReadAndDefaultsToFalse() throws PolicyException {
        Policy policy = PolicyLoader.parse("test.yaml", POLICY);

        assertThat(policy.routes().get(0).rateLimit())
                .contains(new RateLimitSpec(100, Duration.ofSeconds(1), 200, RateLimitSpec.By.CLIENT_IP, "", true));
        assertThat(policy.routes().get(1).rateLimit()).hasValueSatisfying(spec -> assertThat(spec.shared()).isFalse());
        assertThat(policy.routes().get(2).rateLimit()).hasValueSatisfying(spec -> assertThat(spec.shared()).isFalse());
    }

    @Test
    void theOldConstructorMeansAPerInstanceLimit() {
        assertThat(new RateLimitSpec(1, Duration.ofSeconds(1), 1, RateLimitSpec.By.CLIENT_IP, "").shared()).isFalse();
    }

    @Test
    void aNonBooleanIsReported() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    rateLimit: { rate: 10/1s, shared: yes }
                """));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).path()).isEqualTo("routes[0].rateLimit.shared");
        assertThat(e.problems().get(0).message()).isEqualTo("\"yes\" (expected: true or false)");
    }

    @Test
    void theCompiledPolicySaysWhetherALimitIsShared() throws PolicyException {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", POLICY)));

        assertThat(compiled.getJsonArray("routes").getJsonObject(0).getJsonObject("rateLimit").getBoolean("shared")).isTrue();
        assertThat(compiled.getJsonArray("routes").getJsonObject(1).getJsonObject("rateLimit").getBoolean("shared")).isFalse();
        assertThat(compiled.getJsonArray("routes").getJsonObject(2).getJsonObject("rateLimit").getBoolean("shared")).isFalse();
    }
}
