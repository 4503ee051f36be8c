package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tiergate.cache.CacheRule;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static final String MINIMAL = """
            version: 1
            origin: http://127.0.0.1:8081
            """;

    private static final String FULL = """
            version: 1
            origins:
              main:
                url: https://api.example.com
                connectTimeout: 1s
                firstByteTimeout: 10s
                idleTimeout: 20s
              images: http://img.internal:8081
            server: { host: 0.0.0.0, port: 8000, adminHost: 127.0.0.1, adminPort: 9000 }
            l1: { maxSize: 64MiB }
            defaults:
              staleWhileRevalidate: 30s
              staleIfError: 10m
              maxObjectSize: 8MiB
              keep: 2h
              allowSetCookie: false
              maxTtl: 1d
            segments:
              plan:
                from: jwt
                claim: plan
                values: [free, pro]
                default: anonymous
              tier:
                from: header
                header: X-Tier
                values: [gold, silver]
                default: none
              region: { from: cookie, cookie: region, values: [eu, us], default: other }
              view: { from: query, query: view, values: [compact], default: full }
            jwt:
              jwks: /etc/tiergate/jwks.json
              algorithms: [RS256, EdDSA]
              issuer: https://issuer.example.com
              audience: shop
              clockSkew: 1m
            routes:
              - name: products
                match: { host: "*.Example.com", methods: [get, HEAD], path: "/api/products/{id}" }
                origin: main
                cache:
                  ttl: 5m
                  minTtl: 1m
                  maxTtl: 1h
                  negativeTtl: 30s
                  staleWhileRevalidate: 1m
                  staleIfError: 1h
                  maxObjectSize: 1MiB
                  keep: 30m
                  allowSetCookie: true
                  key:
                    query: { include: [page, "filter*"] }
                    headers: [Accept-Language]
                    cookies: [currency]
                    segment: plan
                  tags: ["product:{id}", catalogue]
                  tiers: [l1, l2]
                auth: { invalidToken: reject }
                rateLimit: { rate: 100/1s, burst: 200, by: header, header: X-Api-Key }
              - name: images
                match: { path: /img/** }
                origin: images
                cache:
                  key: { query: none }
                rateLimit: { rate: 1000/1m, by: jwt-subject }
              - name: account
                match: { path: /api/account/** }
                cache: bypass
              - name: search
                match: { path: /search, methods: GET }
                cache:
                  key: { query: { exclude: ["utm_*", fbclid] }, segment: tier }
            defaultRoute:
              origin: main
              cache: respect
              rateLimit: { rate: 10/1s }
            """;

    private static List<PolicyProblem> problems(String yaml) {
        try {
            PolicyLoader.parse("test.yaml", yaml);
        } catch (PolicyException e) {
            assertThat(e.problems()).isNotEmpty();
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems().stream().map(PolicyProblem::toString).toList()));
            return e.problems();
        }
        return fail("expected problems in:\n" + yaml);
    }

    private static PolicyProblem onlyProblem(String yaml) {
        List<PolicyProblem> problems = problems(yaml);
        assertThat(problems).as("problems: %s", problems).hasSize(1);
        return problems.get(0);
    }

    private static PolicyProblem problemAt(List<PolicyProblem> problems, String path) {
        return problems.stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseGet(() -> fail("no problem at " + path + " in " + problems));
    }

    private static Policy parse(String yaml) throws PolicyException {
        return PolicyLoader.parse("test.yaml", yaml);
    }

    // --- a valid policy -------------------------------------------------------------------------

    @Test
    void minimalPolicyGetsEveryDefault() throws Exception {
        Policy policy = parse(MINIMAL);

        assertThat(policy.source()).isEqualTo("test.yaml");
        assertThat(policy.origins()).containsOnlyKeys(Policy.DEFAULT_ORIGIN);
        assertThat(policy.origin()).isEqualTo(OriginSettings.at(URI.create("http://127.0.0.1:8081")));
        assertThat(policy.server()).isEqualTo(ServerSettings.DEFAULTS);
        assertThat(policy.l1MaxBytes()).isEqualTo(Policy.DEFAULT_L1_MAX_BYTES);
        assertThat(policy.segments()).isEmpty();
        assertThat(policy.jwt()).isEmpty();
        assertThat(policy.routes()).isEmpty();
        assertThat(policy.defaultRoute()).isEqualTo(new Route("default", HostPattern.ANY, Set.of(), policy.defaultRoute().path(),
                Policy.DEFAULT_ORIGIN, CacheRule.RESPECT_ORIGIN, KeySpec.DEFAULT, List.of(), Route.ALL_TIERS,
                Route.InvalidToken.ANONYMOUS, Optional.empty()));
        assertThat(policy.defaultRoute().path()).hasToString("/**");
    }

    @Test
    void originMayBeAMappingWithTimeouts() throws Exception {
        Policy policy = parse("""
                version: 1
                origin: { url: "https://origin.example.com:8443", connectTimeout: 500ms, firstByteTimeout: 3s, idleTimeout: 1m }
                """);

        assertThat(policy.origin()).isEqualTo(new OriginSettings(URI.create("https://origin.example.com:8443"),
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(1)));
        assertThat(policy.origin().isTls()).isTrue();
        assertThat(policy.origin().port()).isEqualTo(8443);
    }

    @Test
    void anOriginMayBeSentTheClientsHost() throws Exception {
        Policy policy = parse("""
                version: 1
                origins:
                  sites: { url: "http://[::1]:8081", preserveHost: true }
                  api: https://api.example.com
                """);

        assertThat(policy.origins().get("sites").preserveHost()).isTrue();
        assertThat(policy.origins().get("sites").authority()).isEqualTo("[::1]:8081");
        assertThat(policy.origins().get("sites").withUrl(URI.create("http://127.0.0.1:9")).preserveHost()).isTrue();
        assertThat(policy.origins().get("api").preserveHost()).as("the default").isFalse();
        assertThat(policy.origins().get("api").authority()).isEqualTo("api.example.com");
        assertThat(new JsonObject(PolicyCompiler.compile(policy)).getJsonObject("origins").getJsonObject("sites").getBoolean("preserveHost"))
                .isTrue();
        assertThat(PolicyProblems.of("version: 1\norigin: { url: http://127.0.0.1:8081, preserveHost: sometimes }\n"))
                .containsExactly("test.yaml:2 origin.preserveHost: \"sometimes\" (expected: true or false)");
    }

    @Test
    void fullPolicyParsesTopLevelSections() throws Exception {
        Policy policy = parse(FULL);

        assertThat(policy.origins().keySet()).containsExactly("main", "images");
        assertThat(policy.origins().get("main")).isEqualTo(new OriginSettings(URI.create("https://api.example.com"),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(20)));
        assertThat(policy.origins().get("images")).isEqualTo(OriginSettings.at(URI.create("http://img.internal:8081")));
        assertThat(policy.origin()).as("first declared origin is the default").isEqualTo(policy.origins().get("main"));
        assertThat(policy.server()).isEqualTo(new ServerSettings("0.0.0.0", 8000, "127.0.0.1", 9000, "Tiergate"));
        assertThat(policy.l1MaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(policy.jwt()).contains(new JwtSettings("/etc/tiergate/jwks.json", List.of("RS256", "EdDSA"),
                Optional.of("https://issuer.example.com"), Optional.of("shop"), Duration.ofMinutes(1)));
        assertThat(policy.segments().keySet()).containsExactly("plan", "tier", "region", "view");
        assertThat(policy.segments().get("plan")).isEqualTo(new SegmentDefinition("plan", SegmentDefinition.Source.JWT, "plan",
                List.of("free", "pro"), "anonymous"));
        assertThat(policy.segments().get("tier")).isEqualTo(new SegmentDefinition("tier", SegmentDefinition.Source.HEADER, "X-Tier",
                List.of("gold", "silver"), "none"));
        assertThat(policy.segments().get("region")).isEqualTo(new SegmentDefinition("region", SegmentDefinition.Source.COOKIE,
                "region", List.of("eu", "us"), "other"));
        assertThat(policy.segments().get("view")).isEqualTo(new SegmentDefinition("view", SegmentDefinition.Source.QUERY, "view",
                List.of("compact"), "full"));
    }

    @Test
    void fullPolicyParsesARouteUsingEveryFeature() throws Exception {
        Route products = parse(FULL).routes().get(0);

        assertThat(products.name()).isEqualTo("products");
        assertThat(products.host()).isEqualTo(new HostPattern("*.example.com"));
        assertThat(products.methods()).containsExactlyInAnyOrder("GET", "HEAD");
        assertThat(products.path()).hasToString("/api/products/{id}");
        assertThat(products.origin()).isEqualTo("main");
        assertThat(products.cacheRule()).isEqualTo(new CacheRule(false, OptionalLong.of(300), OptionalLong.of(60), OptionalLong.of(3600),
                1024 * 1024, true, 1800, OptionalLong.of(60), OptionalLong.of(3600), OptionalLong.of(30)));
        assertThat(products.key()).isEqualTo(new KeySpec(new QueryRule(QueryRule.Mode.INCLUDE, List.of("page", "filter*")),
                List.of("accept-language"), List.of("currency"), Optional.of("plan")));
        assertThat(products.tags()).containsExactly("product:{id}", "catalogue");
        assertThat(products.tagsFor("/api/products/42")).containsExactly("product:42", "catalogue");
        assertThat(products.tiers()).containsExactlyInAnyOrder("l1", "l2");
        assertThat(products.invalidToken()).isEqualTo(Route.InvalidToken.REJECT);
        assertThat(products.rateLimit()).contains(new RateLimitSpec(100, Duration.ofSeconds(1), 200, RateLimitSpec.By.HEADER, "X-Api-Key"));
    }

    @Test
    void fullPolicyRoutesWithoutTheirOwnRuleFieldsInheritDefaults() throws Exception {
        Policy policy = parse(FULL);
        CacheRule defaults = new CacheRule(false, OptionalLong.empty(), OptionalLong.of(30), OptionalLong.of(600),
                8L * 1024 * 1024, false, 7200, OptionalLong.empty(), OptionalLong.of(86_400), OptionalLong.empty());

        Route images = policy.routes().get(1);
        assertThat(images.origin()).isEqualTo("images");
        assertThat(images.cacheRule()).isEqualTo(defaults);
        assertThat(images.key()).isEqualTo(new KeySpec(new QueryRule(QueryRule.Mode.NONE, List.of()), List.of(), List.of(), Optional.empty()));
        assertThat(images.tiers()).isEqualTo(Route.ALL_TIERS);
        assertThat(images.invalidToken()).isEqualTo(Route.InvalidToken.ANONYMOUS);
        assertThat(images.rateLimit()).contains(new RateLimitSpec(1000, Duration.ofMinutes(1), 1000, RateLimitSpec.By.JWT_SUBJECT, ""));

        Route account = policy.routes().get(2);
        assertThat(account.origin()).as("a route naming no origin uses the first one").isEqualTo("main");
        assertThat(account.cacheRule()).isEqualTo(defaults.asBypass());
        assertThat(account.cacheRule().bypass()).isTrue();

        Route search = policy.routes().get(3);
        assertThat(search.methods()).containsExactly("GET");
        assertThat(search.key()).isEqualTo(new KeySpec(new QueryRule(QueryRule.Mode.EXCLUDE, List.of("utm_*", "fbclid")), List.of(),
                List.of(), Optional.of("tier")));

        Route fallback = policy.defaultRoute();
        assertThat(fallback.name()).isEqualTo("default");
        assertThat(fallback.origin()).isEqualTo("main");
        assertThat(fallback.cacheRule()).isEqualTo(defaults);
        assertThat(fallback.rateLimit()).contains(new RateLimitSpec(10, Duration.ofSeconds(1), 10, RateLimitSpec.By.CLIENT_IP, ""));
    }

    @Test
    void fullPolicyMatchesRequestsToRoutesInOrder() throws Exception {
        Policy policy = parse(FULL);

        assertThat(policy.route("shop.example.com", "GET", "/api/products/42").name()).isEqualTo("products");
        assertThat(policy.route("example.com", "GET", "/api/products/42").name()).isEqualTo("default");
        assertThat(policy.route("shop.example.com", "POST", "/api/products/42").name()).isEqualTo("default");
        assertThat(policy.route("any", "GET", "/img/a/b.png").name()).isEqualTo("images");
        assertThat(policy.route("any", "DELETE", "/api/account/me").name()).isEqualTo("account");
        assertThat(policy.route("any", "GET", "/elsewhere").name()).isEqualTo("default");
    }

    @Test
    void routeIsChosenByTheNormalisedPathThatIsKeyedAndForwarded() throws Exception {
        Policy policy = parse(FULL);

        // Matching the raw path would apply the cached "images" route to what is forwarded as /api/account/me.
        assertThat(policy.route("any", "GET", "/img/../api/account/me").name()).isEqualTo("account");
        assertThat(policy.route("any", "GET", "/img/%2e%2e/api/account/me").name()).isEqualTo("account");
        assertThat(policy.route("GET", "/img/%2E%2E/api/account/me").name()).isEqualTo("account");
        assertThat(policy.route("any", "GET", "/%69mg/a.png").name()).isEqualTo("images");
    }

    @Test
    void loadReadsAFileAndNamesItAsTheSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, FULL);

        Policy policy = PolicyLoader.load(file);

        assertThat(policy.source()).isEqualTo(file.toString());
        assertThat(policy.routes()).extracting(Route::name).containsExactly("products", "images", "account", "search");
    }

    @Test
    void unreadableFileIsAProblemNotACrash(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        try {
            PolicyLoader.load(missing);
            fail("expected a problem");
        } catch (PolicyException e) {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(missing.toString());
                assertThat(p.message()).startsWith("cannot be read");
            });
        }
    }

    // --- problems: format and collection ----------------------------------------------------------

    @Test
    void negativeDurationIsReportedWithFileLinePathAndExpectation() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: products
                    match: { path: /api/products/** }
                    cache: { ttl: 5m }
                  - name: account
                    match: { path: /api/account/** }
                    cache: bypass
                  - name: static
                    match:
                      path: /static/**
                    cache:
                      ttl: -5m
                """);

        assertThat(problem.file()).isEqualTo("test.yaml");
        assertThat(problem.line()).isEqualTo(14);
        assertThat(problem.path()).isEqualTo("routes[2].cache.ttl");
        assertThat(problem).hasToString("test.yaml:14 routes[2].cache.ttl: \"-5m\" (expected: a positive duration such as 30s, 5m or 1h)");
    }

    @Test
    void problemWithoutLineOrPathLeavesThemOut() {
        assertThat(new PolicyProblem("p.yaml", 0, "", "is empty")).hasToString("p.yaml is empty");
        assertThat(new PolicyProblem("p.yaml", 3, "", "oops")).hasToString("p.yaml:3 oops");
        assertThat(new PolicyProblem("p.yaml", 0, "routes", "oops")).hasToString("p.yaml routes: oops");
    }

    @Test
    void subSecondCacheLifetimeIsReportedInsteadOfBecomingZero() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: { url: "http://127.0.0.1:8081", connectTimeout: 500ms }
                defaults: { ttl: 1500ms, keep: 2000ms }
                """);

        assertThat(problem.path()).isEqualTo("defaults.ttl");
        assertThat(problem.message()).isEqualTo("\"1500ms\" (expected: whole seconds, such as 1s or 30s)");
    }

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache: [bypass
                """);

        assertThat(problem.line()).isBetween(6, 7);
        assertThat(problem.message()).startsWith("YAML syntax: ");
        assertThat(problem.toString()).startsWith("test.yaml:" + problem.line() + " YAML syntax: ");
    }

    @Test
    void badIndentationIsASyntaxErrorOnItsLine() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                defaults:
                  staleIfError: 10m
                 keep: 1h
                """);

        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.message()).startsWith("YAML syntax: ");
    }

    @Test
    void emptyDocumentIsAProblem() {
        assertThat(onlyProblem("# nothing here\n").message()).contains("is empty");
    }

    @Test
    void unknownKeyIsReportedOnItsLineWithASuggestion() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                defaults:
                  staleIfError: 10m
                  staleWhileRevalidte: 30s
                """);

        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.path()).isEqualTo("defaults.staleWhileRevalidte");
        assertThat(problem.message()).startsWith("unknown key (expected one of: ").endsWith("did you mean \"staleWhileRevalidate\"?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneGetsNoSuggestion() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                backend: http://x
                """);

        assertThat(problem.path()).isEqualTo("backend");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).doesNotContain("did you mean");
    }

    @Test
    void unknownKeyInsideARouteCacheSection() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache: { tll: 5m }
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.tll");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).contains("did you mean \"ttl\"?");
    }

    @Test
    void everyMistakeInAFileIsReportedNotJustTheFirst() {
        List<PolicyProblem> problems = problems("""
                version: 2
                origin: ftp://127.0.0.1
                server: { port: 70000 }
                l1: { maxSize: 0 }
                defaults:
                  keep: forever
                  allowSetCookie: yes
                routes:
                  - name: Products
                    match: { path: api/products, methods: [FETCH] }
                    cache: { ttl: -1s, maxObjectSize: big, tiers: [l3] }
                  - name: b
                    match: { path: /b, host: "bad host" }
                    cache: sometimes
                    auth: { invalidToken: deny }
                """);

        assertThat(problems).extracting(PolicyProblem::path).contains(
                "version", "origin", "server.port", "l1.maxSize", "defaults.keep", "defaults.allowSetCookie",
                "routes[0].name", "routes[0].match.path", "routes[0].match.methods[0]", "routes[0].cache.ttl",
                "routes[0].cache.maxObjectSize", "routes[0].cache.tiers[0]", "routes[1].match.host", "routes[1].cache",
                "routes[1].auth.invalidToken");
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(problemAt(problems, "routes[1].auth.invalidToken").line()).isEqualTo(15);
        assertThat(problemAt(problems, "version").message()).isEqualTo("\"2\" (expected: 1)");
    }

    @Test
    void missingRequiredSectionsAreReported() {
        List<PolicyProblem> problems = problems("""
                routes:
                  - match: { path: /a }
                  - name: b
                """);

        assertThat(problems).extracting(PolicyProblem::message).contains(
                "missing \"version\"",
                "missing \"origin\" (expected: the origin's URL, or \"origins\" with several)",
                "missing \"name\"",
                "missing \"match\"");
    }

    // --- problems: cross references ---------------------------------------------------------------

    @Test
    void routeNamingAnUndeclaredOriginIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origins:
                  main: http://127.0.0.1:8081
                  images: http://127.0.0.1:8082
                routes:
                  - name: a
                    match: { path: /a }
                    origin: imagess
                """);

        assertThat(problem.path()).isEqualTo("routes[0].origin");
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).isEqualTo("\"imagess\" is not a declared origin (expected one of: main, images, did you mean \"images\"?)");
    }

    @Test
    void routeKeyingAnUndeclaredSegmentIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                segments:
                  tier: { from: header, header: X-Tier, values: [gold], default: none }
                routes:
                  - name: a
                    match: { path: /a }
                    cache: { key: { segment: tire } }
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.key.segment");
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).isEqualTo("\"tire\" is not a declared segment (expected one of: tier, did you mean \"tier\"?)");
    }

    @Test
    void minTtlAboveMaxTtlIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache:
                      minTtl: 10m
                      maxTtl: 5m
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.minTtl");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).isEqualTo("minTtl 600s is greater than maxTtl 300s (expected: minTtl <= maxTtl)");
    }

    @Test
    void routeMaxTtlBelowTheDefaultsMinTtlIsReportedAtTheRoute() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                defaults: { minTtl: 1h }
                routes:
                  - name: a
                    match: { path: /a }
                    cache:
                      maxTtl: 5m
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache");
        assertThat(problem.message()).contains("minTtl 3600s is greater than maxTtl 300s");
    }

    @Test
    void jwtSegmentDefaultThatIsAlsoAnAllowedValueIsReported() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origin: http://127.0.0.1:8081
                jwt: { jwks: /jwks.json }
                segments:
                  plan:
                    from: jwt
                    claim: plan
                    values: [pro, free]
                    default: free
                """);

        PolicyProblem problem = problemAt(problems, "segments.plan.default");
        assertThat(problem.line()).isEqualTo(9);
        assertThat(problem.message()).startsWith("\"free\" is also an allowed value");
    }

    @Test
    void unverifiedSegmentMayFoldItsDefaultIntoAnAllowedValue() throws Exception {
        Policy policy = parse("""
                version: 1
                origin: http://127.0.0.1:8081
                segments:
                  device: { from: header, header: X-Device, values: [mobile, desktop], default: desktop }
                """);

        assertThat(policy.segments().get("device").resolve(Optional.of("tv"))).isEqualTo("desktop");
    }

    @Test
    void segmentFromJwtWithoutAJwtSectionIsReportedWhereItIsKeyed() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                segments:
                  plan: { from: jwt, claim: plan, values: [pro], default: anonymous }
                routes:
                  - name: a
                    match: { path: /a }
                    cache: { key: { segment: plan } }
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.key.segment");
        assertThat(problem.message()).isEqualTo("segment \"plan\" comes from a JWT but the policy has no \"jwt\" section (expected: jwt.jwks)");
    }

    @Test
    void segmentSourceFieldMustMatchItsFrom() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origin: http://127.0.0.1:8081
                segments:
                  tier: { from: header, cookie: tier, values: [gold], default: none }
                """);

        assertThat(problems).extracting(PolicyProblem::message).contains(
                "missing \"header\" (expected: the header the segment comes from)",
                "does not apply to a segment from header (expected: header)");
    }

    @Test
    void tagUsingAParameterTheRouteHasNotIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: "/api/products/{id}" }
                    cache:
                      tags: ["product:{id}", "sku:{sku}"]
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.tags[1]");
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.message()).isEqualTo("\"sku:{sku}\" uses {sku} (expected: a parameter of the path /api/products/{id}: [id])");
    }

    @Test
    void rateLimitByHeaderWithoutAHeaderIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    rateLimit: { rate: 100/1s, by: header }
                """);

        assertThat(problem.path()).isEqualTo("routes[0].rateLimit");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).isEqualTo("by: header needs \"header\" (expected: the header that identifies a client)");
    }

    @Test
    void rateLimitMistakesAreReported() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    rateLimit: { rate: 100/s, burst: 5 }
                  - name: b
                    match: { path: /b }
                    rateLimit: { rate: 10/1s, burst: 5, header: X-Key, by: jwt-subject }
                """);

        assertThat(problemAt(problems, "routes[0].rateLimit.rate").message()).isEqualTo("\"100/s\" (expected: a rate such as 100/1s or 1000/1m)");
        assertThat(problemAt(problems, "routes[1].rateLimit.burst").message()).startsWith("5 is below the rate's 10");
        assertThat(problemAt(problems, "routes[1].rateLimit.header").message()).isEqualTo("applies only with by: header");
        assertThat(problemAt(problems, "routes[1].rateLimit.by").message()).startsWith("jwt-subject needs the policy's \"jwt\" section");
    }

    @Test
    void duplicateRouteNamesAreReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                  - name: a
                    match: { path: /b }
                """);

        assertThat(problem.path()).isEqualTo("routes[1]");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).isEqualTo("route name \"a\" is used twice (expected: unique names)");
    }

    @Test
    void duplicateYamlKeysAreReportedInsteadOfTheLastSilentlyWinning() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache: bypass
                    cache: { ttl: 1h }
                """);

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).containsIgnoringCase("duplicate");
        });
    }

    @Test
    void aRepeatedCacheFieldIsReportedOnce() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache:
                      ttl: 1m
                      ttl: 1h
                """);

        assertThat(problem.path()).isEqualTo("routes[0].cache.ttl");
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).isEqualTo("duplicate key (expected: each key once; the first is on line 7)");
    }

    @Test
    void aRepeatedOriginOrSegmentNameIsReported() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origins:
                  main: http://127.0.0.1:8081
                  main: http://127.0.0.1:8082
                segments:
                  tier: { from: header, header: X-Tier, values: [gold], default: none }
                  tier: { from: cookie, cookie: tier, values: [gold], default: none }
                """);

        assertThat(problems).extracting(PolicyProblem::line).containsExactly(4, 7);
        assertThat(problems).extracting(PolicyProblem::path).containsExactly("origins.main", "segments.tier");
    }

    @Test
    void bothOriginAndOriginsIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                origins: { a: http://127.0.0.1:8082 }
                """);

        assertThat(problem.path()).isEqualTo("origins");
        assertThat(problem.message()).contains("both \"origin\" and \"origins\"");
    }

    @Test
    void originUrlWithAPathIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081/api
                """);

        assertThat(problem.path()).isEqualTo("origin");
        assertThat(problem.message()).contains("with a host and no path");
    }

    @Test
    void unkeyableHeaderAndMalformedQueryRuleAreReported() {
        List<PolicyProblem> problems = problems("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: /a }
                    cache:
                      key:
                        headers: [Authorization]
                        query: { include: [a], exclude: [b] }
                  - name: b
                    match: { path: /b }
                    cache: { key: { query: { include: ["*utm", ok] } } }
                """);

        assertThat(problemAt(problems, "routes[0].cache.key.headers[0]").message()).startsWith("\"authorization\" cannot be keyed");
        assertThat(problemAt(problems, "routes[0].cache.key.query").message()).isEqualTo("expected exactly one of \"include\" or \"exclude\"");
        assertThat(problemAt(problems, "routes[1].cache.key.query.include[0]").message()).startsWith("\"*utm\" (expected: a query parameter name");
    }

    @Test
    void malformedPathPatternIsReportedWithTheReason() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                routes:
                  - name: a
                    match: { path: "/a/**/b" }
                """);

        assertThat(problem.path()).isEqualTo("routes[0].match.path");
        assertThat(problem.message()).startsWith("\"/a/**/b\" \"**\" is allowed only as the last segment");
    }

    @Test
    void clockSkewAboveFiveMinutesIsReported() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                jwt: { jwks: /jwks.json, clockSkew: 1h, algorithms: [RS256] }
                """);

        assertThat(problem.path()).isEqualTo("jwt.clockSkew");
        assertThat(problem.message()).isEqualTo("\"3600s\" (expected: at most 5m)");
    }

    @Test
    void unknownJwtAlgorithmGetsASuggestion() {
        PolicyProblem problem = onlyProblem("""
                version: 1
                origin: http://127.0.0.1:8081
                jwt: { jwks: /jwks.json, algorithms: [RS265] }
                """);

        assertThat(problem.path()).isEqualTo("jwt.algorithms[0]");
        assertThat(problem.message()).contains("did you mean");
    }
}
