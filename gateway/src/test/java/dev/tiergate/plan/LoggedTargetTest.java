package dev.tiergate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.Route;
import org.junit.jupiter.api.Test;

/** What the access log shows of a request target: unkeyed query values masked. */
class LoggedTargetTest {

    private static final Policy POLICY = parse("""
            version: 1
            origin: http://127.0.0.1:8081
            routes:
              - name: search
                match: { path: /search }
                cache: { key: { query: { include: [q, page] } } }
              - name: tracked
                match: { path: /tracked }
                cache: { key: { query: { exclude: ["utm_*"] } } }
              - name: account
                match: { path: /account }
                cache: bypass
            """);

    @Test
    void keyedParametersKeepTheirValuesOthersAreMasked() {
        assertThat(LoggedTarget.of("/search?q=shoes&page=2&session=abc", route("search"))).isEqualTo("/search?q=shoes&page=2&session=***");
        assertThat(LoggedTarget.of("/tracked?id=7&utm_source=mail", route("tracked"))).isEqualTo("/tracked?id=7&utm_source=***");
    }

    @Test
    void aBypassRouteKeysNothingSoEveryValueIsMasked() {
        assertThat(LoggedTarget.of("/account?q=shoes&flag", route("account"))).isEqualTo("/account?q=***&flag");
    }

    @Test
    void aTargetWithoutQueryIsUnchanged() {
        assertThat(LoggedTarget.of("/search", route("search"))).isEqualTo("/search");
        assertThat(LoggedTarget.of("/search?", route("search"))).isEqualTo("/search?");
    }

    private static Route route(String name) {
        return POLICY.routes().stream().filter(route -> route.name().equals(name)).findFirst().orElseThrow();
    }

    private static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse("test.yaml", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
