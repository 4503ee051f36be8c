package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tiergate policy validate|compile|explain} as a user runs them. */
class PolicyCommandTest {

    private static final Path EXAMPLE = Path.of("..", "policies", "example.yaml");

    @TempDir
    Path directory;

    /** Exit code, standard output and standard error of one command. */
    private record Run(int exit, String out, String err) {
    }

    @Test
    void validateListsEveryProblemWithItsLineAndExits1() throws Exception {
        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, """
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: products
                    match: { path: /api/products/** }
                    cache: { ttl: -5m, staleWhileRevalidat: 1m }
                  - name: account
                    match: { path: /api/account/**, methods: [GET, FETCH] }
                """);
        Path syntax = directory.resolve("syntax.yaml");
        Files.writeString(syntax, "version: 1\norigin: [unclosed\n");

        Run run = run("policy", "validate", broken.toString(), syntax.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(broken + ":6 routes[0].cache.ttl: \"-5m\" (expected: a positive duration")
                .contains(broken + ":6 routes[0].cache.staleWhileRevalidat: unknown key")
                .contains("did you mean \"staleWhileRevalidate\"?")
                .contains(broken + ":8 routes[1].match.methods[1]: \"FETCH\"")
                .contains(syntax + ":3 YAML syntax");
    }

    @Test
    void validateAcceptsTheExamples() {
        Run run = run("policy", "validate", EXAMPLE.toString(), EXAMPLE.resolveSibling("shop.yaml").toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("example.yaml: valid").contains("shop.yaml: valid");
    }

    @Test
    void compileTwiceGivesIdenticalBytes() throws Exception {
        Path first = directory.resolve("first.json");
        Path second = directory.resolve("second.json");

        assertThat(run("policy", "compile", EXAMPLE.toString(), "-o", first.toString()).exit()).isZero();
        assertThat(run("policy", "compile", EXAMPLE.toString(), "-o", second.toString()).exit()).isZero();

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readString(first)).startsWith("{\"defaultRoute\":").contains("\"hash\":\"sha256:")
                .contains("\"staleWhileRevalidateSeconds\":60");
    }

    @Test
    void explainShowsRouteSegmentAndKey() {
        Run run = run("policy", "explain", EXAMPLE.toString(), "--request", "GET /api/products/42?lang=en&utm_source=x",
                "-H", "Host: shop.example");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("route:     product (routes[0])")
                .contains("segment:   plan = anonymous (from jwt plan; token none")
                .contains("key:       shop.example/api/products/42?lang=en")
                .contains("forwarded: /api/products/42?lang=en")
                .contains("tags:      products, product:42");
    }

    @Test
    void explainVerifiesTokensWithThePolicysKeys() {
        Run token = run("token", "--key", EXAMPLE.resolveSibling("keys/demo-private-jwk.json").toString(),
                "--issuer", "https://auth.tiergate.example", "--audience", "tiergate-demo", "--claim", "plan=pro");
        Run run = run("policy", "explain", EXAMPLE.toString(), "--request", "GET /api/products/42",
                "-H", "Authorization: Bearer " + token.out().trim());

        assertThat(run.out()).contains("segment:   plan = pro (from jwt plan; token valid").contains("variant:   s:plan=pro");
    }

    @Test
    void explainNamesTheTrustedUpstreamsAndAnOriginSentTheClientsHost() {
        Path policy = Path.of("..", "policies", "conformance", "policies", "trusted-upstreams.yaml");

        Run run = run("policy", "explain", policy.toString(), "--request", "GET /sites/index.html", "-H", "Host: shop.example");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("upstreams: trusted from 10.0.0.0/8, ::1/128 and with the secret in $TIERGATE_EDGE_SECRET; "
                        + "explained as from an untrusted client")
                .contains("origin:    sites http://127.0.0.1:8082 (sent the client's Host)")
                .contains("key:       shop.example/sites/index.html");
    }

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new TiergateMain()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
