package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Unquoted patterns are the usual YAML mistake in a policy; the syntax error says how to fix it. */
class QuotingHintTest {

    @Test
    void unquotedWildcardHostGetsAQuotingHint() {
        PolicyException error = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("p.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { host: *.example.com, path: /a }
                """));

        assertThat(error.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5);
            assertThat(problem.message()).startsWith("YAML syntax: ").contains("hint: quote values that contain * or {}");
        });
    }

    @Test
    void unquotedPathParameterInAFlowMappingGetsAQuotingHint() {
        PolicyException error = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("p.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a/{id} }
                """));

        assertThat(error.problems().get(0).message()).contains("path: \"/api/products/{id}\"");
    }

    @Test
    void otherSyntaxErrorsGetNoHint() {
        PolicyException error = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("p.yaml", "version: 1\norigin: [a\n"));

        assertThat(error.problems().get(0).message()).doesNotContain("hint");
    }
}
