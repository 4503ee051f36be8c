package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.cacheStatusName}: the gateway's member name in Cache-Status, read, checked and compiled. */
class CacheStatusNamePolicyTest {

    private static final String EXPECTED = "(expected: an RFC 8941 token such as Tiergate or cdn-eu: a letter or *, then letters, "
            + "digits or !#$%&'*+-.^_`|~:/, no spaces, quotes, ';', ',' or '=')";

    @Test
    void theDefaultNameIsTiergate() throws PolicyException {
        Policy policy = PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\n");

        assertThat(policy.server().cacheStatusName()).isEqualTo("Tiergate").isEqualTo(ServerSettings.DEFAULT_CACHE_STATUS_NAME);
        assertThat(PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\nserver: { port: 8000 }\n")
                .server().cacheStatusName()).isEqualTo("Tiergate");
    }

    @Test
    void theServerSectionNamesTheMember() throws PolicyException {
        for (String name : List.of("Regional", "cdn-eu", "eu.gateway.example", "\"*\"", "tier:eu/west")) {
            String yaml = "version: 1\norigin: http://127.0.0.1:8081\nserver: { cacheStatusName: " + name + " }\n";

            assertThat(PolicyLoader.parse("test.yaml", yaml).server().cacheStatusName()).isEqualTo(name.replace("\"", ""));
            assertThat(PolicySchema.validate(yaml).getValid()).as(name).isTrue();
        }
    }

    @Test
    void aNameThatIsNotATokenIsReportedWithFileLineAndReason() {
        for (String name : List.of("\"Tier gate\"", "\"cdn;hit\"", "\"cdn, other\"", "\"a=b\"", "1cdn", "-cdn", "\"\"", "Zürich")) {
            String yaml = "version: 1\norigin: http://127.0.0.1:8081\nserver:\n  port: 8000\n  cacheStatusName: " + name + "\n";

            assertThat(PolicyProblems.of(yaml)).as(name)
                    .containsExactly("test.yaml:5 server.cacheStatusName: \"" + name.replace("\"", "") + "\" " + EXPECTED);
            assertThat(PolicySchema.validate(yaml).getValid()).as(name).isFalse();
        }
    }

    @Test
    void aNameThatIsNotTextIsReported() {
        assertThat(PolicyProblems.of("version: 1\norigin: http://127.0.0.1:8081\nserver: { cacheStatusName: [a, b] }\n"))
                .singleElement().asString().startsWith("test.yaml:3 server.cacheStatusName: ").contains("a Cache-Status member name");
    }

    @Test
    void aBadNameIsReportedAlongsideTheOtherProblems() {
        List<String> problems = PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server: { port: 70000, cacheStatusName: "a b" }
                """);

        assertThat(problems).hasSize(2).anySatisfy(problem -> assertThat(problem).startsWith("test.yaml:3 server.port: "))
                .anySatisfy(problem -> assertThat(problem).startsWith("test.yaml:3 server.cacheStatusName: \"a b\" "));
    }

    @Test
    void theCompiledPolicyCarriesTheNameAndLeavesTheListenersOut() throws PolicyException {
        JsonObject compiled = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml", """
                version: 1
                origin: http://127.0.0.1:8081
                server: { host: 0.0.0.0, port: 8000, adminPort: 9000, cacheStatusName: Regional }
                """)));
        JsonObject defaults = new JsonObject(PolicyCompiler.compile(PolicyLoader.parse("test.yaml",
                "version: 1\norigin: http://127.0.0.1:8081\n")));

        assertThat(compiled.getJsonObject("server")).isEqualTo(new JsonObject().put("cacheStatusName", "Regional"));
        assertThat(defaults.getJsonObject("server")).isEqualTo(new JsonObject().put("cacheStatusName", "Tiergate"));
        assertThat(compiled.getString("hash")).isNotEqualTo(defaults.getString("hash"));
    }

    @Test
    void listenersCompareWithoutTheName() {
        ServerSettings regional = ServerSettings.DEFAULTS.withListeners("0.0.0.0", 8000, "127.0.0.1", 9000);
        ServerSettings renamed = new ServerSettings("0.0.0.0", 8000, "127.0.0.1", 9000, "Regional");

        assertThat(regional.cacheStatusName()).isEqualTo("Tiergate");
        assertThat(regional.sameListeners(renamed)).isTrue();
        assertThat(regional.sameListeners(ServerSettings.DEFAULTS)).isFalse();
        assertThat(renamed.withListeners("127.0.0.1", 1, "127.0.0.1", 2).cacheStatusName()).isEqualTo("Regional");
    }

    @Test
    void settingsRefuseANameThatIsNotAToken() {
        assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 8080, "127.0.0.1", 9090, "a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheStatusName");
    }
}
