package dev.tiergate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.Decision;
import dev.tiergate.cache.StorePlan;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HttpDates;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.OriginSettings;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.TokenResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The steps of a request's plan, one behaviour each; the conformance vectors cover the combinations. */
class RequestPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TEN_SECONDS_AGO = NOW.minusSeconds(10);



    private final Policy policy = load();

    private static Policy load() {
        try {
            return PolicyLoader.load(Path.of("..", "policies", "conformance", "policies", "plan.yaml"));
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private RequestPlan plan(String method, String target, TokenResult token, String... headers) {
        Headers fields = Headers.of("Host", "api.example").toBuilder().build();
        Headers.Builder builder = fields.toBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.add(headers[i], headers[i + 1]);
        }
        Routing.Routed routed = (Routing.Routed) RequestPlan.route(policy, method, target, client(builder.build()));
        return RequestPlan.plan(policy, routed, method, target, token);
    }

    /** A client connected directly, from {@code 192.0.2.1}. */
    private static ClientOrigin client(Headers headers) {
        return ClientOrigin.direct("192.0.2.1", "http", headers);
    }

    @Test
    void malformedTargetIsRefusedBeforeRouting() {
        Routing routing = RequestPlan.route(policy, "GET", "no-slash", client(Headers.of("Host", "api.example")));

        assertThat(routing).isInstanceOf(Routing.Malformed.class);
        assertThat(((Routing.Malformed) routing).status()).isEqualTo(400);
        assertThat(((Routing.Malformed) routing).cacheStatus().format()).isEqualTo("Tiergate; fwd=bypass; detail=bad-request");
    }

    @Test
    void routeThatKeysAJwtSegmentAsksForTheToken() {
        Routing.Routed dashboard = (Routing.Routed) RequestPlan.route(policy, "GET", "/api/dashboard/x", client(Headers.of("Host", "a")));
        Routing.Routed product = (Routing.Routed) RequestPlan.route(policy, "GET", "/api/products/1", client(Headers.of("Host", "a")));

        assertThat(dashboard.usesToken()).isTrue();
        assertThat(product.usesToken()).isFalse();
    }

    @Test
    void missingTokenOnARejectingRouteIs401WithAChallenge() {
        RequestPlan plan = plan("GET", "/api/dashboard/x", TokenResult.NONE);

        RequestPlan.Reject reject = (RequestPlan.Reject) plan.step();
        assertThat(reject.status()).isEqualTo(401);
        assertThat(reject.fields().first("WWW-Authenticate")).contains("Bearer");
        assertThat(reject.cacheStatus().format()).isEqualTo("Tiergate; fwd=bypass; detail=token-missing");
    }

    @Test
    void invalidTokenOnARejectingRouteNamesItsReason() {
        RequestPlan plan = plan("GET", "/api/dashboard/x", TokenResult.invalid("expired"));

        RequestPlan.Reject reject = (RequestPlan.Reject) plan.step();
        assertThat(reject.fields().first("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(reject.cacheStatus().detail()).contains("token-expired");
    }

    @Test
    void validTokenIsLookedUpUnderItsSegment() {
        RequestPlan plan = plan("GET", "/api/dashboard/x", TokenResult.valid(Map.of("plan", "pro")));

        assertThat(plan.step()).isInstanceOf(RequestPlan.Lookup.class);
        assertThat(plan.segmentField()).isEqualTo("plan=pro");
        assertThat(plan.key().map(CacheKey::variant)).contains("s:plan=pro\n");
    }

    @Test
    void tokenIsIgnoredOnRoutesThatUseNone() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.invalid("forged"));

        assertThat(plan.token()).isEqualTo(TokenResult.NONE);
        assertThat(plan.step()).isInstanceOf(RequestPlan.Lookup.class);
    }

    @Test
    void unsafeMethodPassesThroughAsMethod() {
        RequestPlan.PassThrough pass = (RequestPlan.PassThrough) plan("POST", "/api/products/1", TokenResult.NONE).step();

        assertThat(pass.reason()).isEqualTo("method");
        assertThat(pass.cacheStatus().format()).isEqualTo("Tiergate; fwd=method; detail=method");
    }

    @Test
    void bypassedRoutePassesThrough() {
        RequestPlan.PassThrough pass = (RequestPlan.PassThrough) plan("GET", "/api/account/me", TokenResult.NONE).step();

        assertThat(pass.reason()).isEqualTo("route-bypass");
    }

    @Test
    void getWithABodyIsNeverShared() {
        RequestPlan.PassThrough pass = (RequestPlan.PassThrough) plan("GET", "/api/products/1", TokenResult.NONE,
                "Content-Length", "5").step();

        assertThat(pass.reason()).isEqualTo("request-body");
    }

    @Test
    void untrustedKeyMaterialPassesThroughWithTheProblem() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE, "X-Tenant", "a\u0001b");

        assertThat(((RequestPlan.PassThrough) plan.step()).reason()).isEqualTo("invalid-key-header");
        assertThat(plan.keyProblem()).isEqualTo("invalid-key-header");
    }

    @Test
    void tagsHaveThePathParametersFilledIn() {
        assertThat(plan("GET", "/api/products/42", TokenResult.NONE).tags()).containsExactlyInAnyOrder("products", "product:42");
    }

    @Test
    void fetchSendsTheKeyedTargetAndOnlyFieldsThatMayShapeASharedResponse() {
        RequestPlan plan = plan("GET", "/api/products/1?utm_source=x&lang=de", TokenResult.NONE,
                "X-Tenant", "t1", "X-Debug", "1", "Accept", "application/json");

        OriginRequest sent = plan.originRequest(Set.of(), Optional.empty());

        assertThat(sent.target()).isEqualTo("/api/products/1?lang=de");
        assertThat(sent.conditional()).isFalse();
        Headers headers = sent.headers("10.0.0.1", "http", "origin.internal:8081");
        assertThat(headers.first("X-Tenant")).contains("t1");
        assertThat(headers.first("Accept")).contains("application/json");
        assertThat(headers.contains("X-Debug")).isFalse();
        assertThat(headers.first("Host")).contains("origin.internal:8081");
        assertThat(headers.first("X-Forwarded-For")).contains("10.0.0.1");
    }

    @Test
    void theOriginIsSentItsOwnAuthorityOrWhenItPreservesItTheClientsHost() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);
        OriginSettings own = OriginSettings.at(URI.create("http://origin.internal:8081"));
        OriginSettings preserving = new OriginSettings(own.url(), own.connectTimeout(), own.firstByteTimeout(), own.idleTimeout(),
                own.retries(), own.breaker(), true);
        OriginRequest sent = plan.originRequest(Set.of(), Optional.empty());

        assertThat(plan.fetchHeaders(sent, own).first("Host")).contains("origin.internal:8081");
        assertThat(plan.fetchHeaders(sent, preserving).first("Host")).contains("api.example");
        assertThat(plan.passThroughHeaders(preserving).first("Host")).contains("api.example");
        assertThat(plan.fetchHeaders(sent, own).first("X-Forwarded-For")).contains("192.0.2.1");
        assertThat(plan.fetchHeaders(sent, own).first("X-Forwarded-Host")).contains("api.example");
    }

    @Test
    void theUpstreamSecretIsNeitherReadNorForwarded() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE, "Tiergate-Edge-Auth", "s3cret-s3cret-s3cret");
        OriginSettings origin = OriginSettings.at(URI.create("http://origin.internal:8081"));

        assertThat(plan.cacheRequest().headers().contains("Tiergate-Edge-Auth")).isFalse();
        assertThat(plan.fetchHeaders(plan.originRequest(Set.of("*"), Optional.empty()), origin).contains("Tiergate-Edge-Auth")).isFalse();
        assertThat(plan.passThroughHeaders(origin).contains("Tiergate-Edge-Auth")).isFalse();
    }

    @Test
    void fieldsStoredVariantsVaryOnAreForwarded() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE, "X-Debug", "1");

        assertThat(plan.originRequest(Set.of("x-debug"), Optional.empty()).clientFields().first("X-Debug")).contains("1");
    }

    @Test
    void clientSegmentFieldIsReplacedByTheAllowListedOne() {
        RequestPlan plan = plan("GET", "/api/dashboard/x", TokenResult.valid(Map.of("plan", "free")),
                "Tiergate-Segment", "plan=pro");

        Headers headers = plan.originRequest(Set.of(), Optional.empty()).headers("10.0.0.1", "http", "o");

        assertThat(headers.all("Tiergate-Segment")).containsExactly("plan=free");
    }

    @Test
    void revalidationSendsTheStoredValidators() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);
        StorePlan stored = plan.storePlan(plan.originRequest(Set.of(), Optional.empty()), 200,
                Headers.of("ETag", "\"v1\"", "Date", HttpDates.format(TEN_SECONDS_AGO)), body("x"), TEN_SECONDS_AGO, TEN_SECONDS_AGO);

        OriginRequest sent = plan.originRequest(Set.of(), stored.entry());

        assertThat(sent.conditional()).isTrue();
        assertThat(sent.headers("10.0.0.1", "http", "o").first("If-None-Match")).contains("\"v1\"");
    }

    @Test
    void storedResponseIsAHitUntilItsRouteTtlRunsOut() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);
        StorePlan stored = plan.storePlan(plan.originRequest(Set.of(), Optional.empty()), 200,
                Headers.of("Date", HttpDates.format(TEN_SECONDS_AGO)), body("x"), TEN_SECONDS_AGO, TEN_SECONDS_AGO);

        RequestPlan.Reuse reuse = plan.decide(Optional.of(VariantSet.of(stored.entry().orElseThrow())), Optional.empty(), NOW);

        assertThat(reuse.decision()).isInstanceOf(Decision.Hit.class);
        assertThat(reuse.cacheStatus().format()).isEqualTo("Tiergate; hit; ttl=50; detail=fresh");
    }

    @Test
    void memberNamesTheTierOfTheStoredResponseItServesOrRevalidates() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);
        StorePlan stored = plan.storePlan(plan.originRequest(Set.of(), Optional.empty()), 200,
                Headers.of("Date", HttpDates.format(TEN_SECONDS_AGO), "Cache-Control", "stale-if-error=300"), body("x"),
                TEN_SECONDS_AGO, TEN_SECONDS_AGO);
        Optional<VariantSet> variants = Optional.of(VariantSet.of(stored.entry().orElseThrow()));
        Instant twoMinutesLater = NOW.plusSeconds(120);

        RequestPlan.Reuse hit = plan.decide(variants, Optional.of(CacheStatus.TIER_L2), NOW);
        RequestPlan.Reuse revalidate = plan.decide(variants, Optional.of(CacheStatus.TIER_L1), twoMinutesLater);
        FailurePlan failed = plan.onFailure(stored.entry(), revalidate.cacheStatus(), "origin-timeout", 504, 0, twoMinutesLater);

        assertThat(hit.cacheStatus().format()).isEqualTo("Tiergate; hit; ttl=50; detail=fresh; tier=l2");
        assertThat(hit.decision().cacheStatus().tier()).as("the decision alone knows no tier").isEmpty();
        assertThat(revalidate.cacheStatus().format()).isEqualTo("Tiergate; fwd=stale; detail=stale; tier=l1");
        assertThat(((FailurePlan.ServeStale) failed).cacheStatus().format())
                .isEqualTo("Tiergate; fwd=stale; ttl=-70; detail=stale-if-error; tier=l1");
    }

    @Test
    void memberOfAMissNamesNoTier() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);

        RequestPlan.Reuse miss = plan.decide(Optional.empty(), Optional.of(CacheStatus.TIER_L1), NOW);

        assertThat(miss.cacheStatus().format()).isEqualTo("Tiergate; fwd=uri-miss");
    }

    @Test
    void originErrorWithoutAStoredResponseIsPassedOnWithItsStatus() {
        RequestPlan plan = plan("GET", "/api/products/1", TokenResult.NONE);
        CacheStatus miss = CacheStatus.forward("uri-miss", "not-stored");

        FailurePlan.Fail fail = (FailurePlan.Fail) plan.onFailure(Optional.empty(), miss, "origin-timeout", 504, 0, NOW);

        assertThat(fail.status()).isEqualTo(504);
        assertThat(fail.cacheStatus().format()).isEqualTo("Tiergate; fwd=uri-miss; detail=origin-timeout");
    }

    @Test
    void successfulUnsafeMethodInvalidatesTheTargetAndItsLocationOnTheSameHost() {
        RequestPlan plan = plan("PUT", "/api/products/1?lang=de", TokenResult.NONE);

        var keys = plan.invalidations(policy, 201, Headers.of("Location", "/api/products/2",
                "Content-Location", "https://elsewhere.example/api/products/3"));

        assertThat(keys).extracting(CacheKey::canonical)
                .containsExactly("api.example/api/products/1?lang=de", "api.example/api/products/2");
    }

    @Test
    void failedUnsafeMethodInvalidatesNothing() {
        assertThat(plan("DELETE", "/api/products/1", TokenResult.NONE).invalidations(policy, 500, Headers.EMPTY)).isEmpty();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
