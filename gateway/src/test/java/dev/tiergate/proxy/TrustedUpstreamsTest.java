package dev.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tiergate.admin.AdminAccess;
import dev.tiergate.policy.PolicyException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway behind a trusted upstream (the edge worker's part played by the test's client, on loopback), in front
 * of WireMock, which records what the origin is sent: virtual hosts kept apart, forged forwarding fields ignored,
 * the secret never passed on, the client's address rate-limited.
 */
class TrustedUpstreamsTest {

    private static final String SECRET = "3f9a0c7e51d24b8e96a7c0d1e2f3a4b5";
    private static final UnaryOperator<String> ENVIRONMENT = name -> Map.of("TEST_EDGE_SECRET", SECRET).get(name);
    /** The gateway's own name, which every request through the edge worker carries as Host. */
    private static final String GATEWAY_HOST = "gateway.test:8080";
    /** Loopback is trusted, with the secret: the test's requests play the edge worker. */
    private static final String BEHIND_THE_EDGE = policy("""
                cidrs: ["127.0.0.0/8", "::1/128"]
                secretEnv: TEST_EDGE_SECRET
            """);
    /** Only 10.0.0.0/8 is trusted: the test's loopback requests come from an untrusted peer. */
    private static final String BEHIND_AN_INTERNAL_PROXY = policy("""
                cidrs: ["10.0.0.0/8"]
            """);

    /** Two origins on WireMock (%1$d: its port), one sent the client's Host, under {@code trustedUpstreams}. */
    private static String policy(String trustedUpstreams) {
        return """
                version: 1
                origins:
                  default: http://127.0.0.1:1
                  api: http://127.0.0.1:%1$d
                  sites: { url: "http://127.0.0.1:%1$d", preserveHost: true }
                server:
                  trustedUpstreams:
                """ + trustedUpstreams + """
                routes:
                  - name: sites
                    match: { path: /sites/** }
                    origin: sites
                  - name: account
                    match: { path: /account/** }
                    origin: api
                    cache: bypass
                  - name: search
                    match: { path: /search }
                    origin: api
                    rateLimit: { rate: 1/1m, burst: 1, by: client-ip }
                  - name: pages
                    match: { path: /pages/** }
                    origin: api
                """;
    }

    private static WireMockServer origin;
    private GatewayHarness harness;

    @BeforeAll
    static void startOrigin() {
        origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        origin.start();
    }

    @AfterAll
    static void stopOrigin() {
        origin.stop();
    }

    @BeforeEach
    void answerPerSite() {
        origin.resetAll();
        origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Cache-Control", "max-age=60").withBody("no site")));
        for (String site : List.of("shop-a.example", "shop-b.example")) {
            origin.stubFor(get(urlPathMatching("/pages/.*")).withHeader("X-Forwarded-Host", equalTo(site))
                    .willReturn(aResponse().withStatus(200).withHeader("Cache-Control", "max-age=60").withBody("page of " + site)));
        }
    }

    @AfterEach
    void stopGateway() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(String policy) throws Exception {
        harness = GatewayHarness.start(policy.formatted(origin.port()), AdminAccess.LOOPBACK_ONLY, ENVIRONMENT);
    }

    /** A request as the edge worker sends it: the gateway's Host, the client's in X-Forwarded-Host, the secret. */
    private HttpResponse<String> throughTheEdge(String target, String site, String clientIp) throws Exception {
        return harness.get(target, "Host", GATEWAY_HOST, "X-Forwarded-Host", site, "X-Forwarded-For", clientIp, "X-Forwarded-Proto", "https",
                "Tiergate-Edge-Auth", SECRET);
    }

    private static List<LoggedRequest> originRequests() {
        return origin.findAll(anyRequestedFor(anyUrl()));
    }

    @Test
    void twoHostsThroughOneTrustedUpstreamNeverShareAnEntry() throws Exception {
        start(BEHIND_THE_EDGE);

        HttpResponse<String> a = throughTheEdge("/pages/home", "shop-a.example", "198.51.100.1");
        HttpResponse<String> b = throughTheEdge("/pages/home", "shop-b.example", "198.51.100.2");
        HttpResponse<String> aAgain = throughTheEdge("/pages/home", "shop-a.example", "198.51.100.3");
        HttpResponse<String> bAgain = throughTheEdge("/pages/home", "shop-b.example", "198.51.100.4");

        assertThat(a.body()).isEqualTo("page of shop-a.example");
        assertThat(b.body()).isEqualTo("page of shop-b.example");
        assertThat(b.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; fwd=uri-miss");
        assertThat(aAgain.body()).isEqualTo("page of shop-a.example");
        assertThat(bAgain.body()).isEqualTo("page of shop-b.example");
        assertThat(aAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(bAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(originRequests()).extracting(request -> request.getHeader("X-Forwarded-Host"))
                .containsExactlyInAnyOrder("shop-a.example", "shop-b.example");
    }

    @Test
    void aForgedForwardedHostFromAnUntrustedPeerIsIgnored() throws Exception {
        start(BEHIND_AN_INTERNAL_PROXY);

        HttpResponse<String> forged = harness.get("/pages/home", "Host", GATEWAY_HOST, "X-Forwarded-Host", "shop-a.example",
                "Forwarded", "host=shop-a.example;for=10.0.0.1", "X-Forwarded-For", "10.0.0.1");
        HttpResponse<String> again = harness.get("/pages/home", "Host", GATEWAY_HOST, "X-Forwarded-Host", "shop-b.example");

        assertThat(forged.body()).isEqualTo("no site");
        assertThat(again.body()).as("the same entry: keyed by the connection's Host").isEqualTo("no site");
        assertThat(again.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        LoggedRequest sent = originRequests().get(0);
        assertThat(originRequests()).hasSize(1);
        assertThat(sent.getHeader("X-Forwarded-Host")).isEqualTo(GATEWAY_HOST);
        assertThat(sent.getHeader("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(sent.containsHeader("Forwarded")).isFalse();
    }

    @Test
    void aForgedForwardedHostWithoutTheSecretIsIgnoredAndPoisonsNoSitesEntry() throws Exception {
        start(BEHIND_THE_EDGE);

        HttpResponse<String> forged = harness.get("/pages/home", "Host", GATEWAY_HOST, "X-Forwarded-Host", "shop-a.example",
                "Tiergate-Edge-Auth", "not-the-secret-but-long-enough");
        HttpResponse<String> real = throughTheEdge("/pages/home", "shop-a.example", "198.51.100.1");

        assertThat(forged.body()).isEqualTo("no site");
        assertThat(real.body()).isEqualTo("page of shop-a.example");
        assertThat(real.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; fwd=uri-miss");
    }

    @Test
    void theSecretIsStrippedBeforeTheOriginWhateverTheRoute() throws Exception {
        start(BEHIND_THE_EDGE);

        throughTheEdge("/pages/home", "shop-a.example", "198.51.100.1");
        throughTheEdge("/account/me", "shop-a.example", "198.51.100.1");
        harness.get("/account/me", "Host", GATEWAY_HOST, "Tiergate-Edge-Auth", "a-guess-from-somewhere-else");

        assertThat(originRequests()).hasSize(3).allSatisfy(request -> assertThat(request.containsHeader("Tiergate-Edge-Auth")).isFalse());
        LoggedRequest passedThrough = origin.findAll(anyRequestedFor(urlPathMatching("/account/me"))
                .withHeader("X-Forwarded-Host", equalTo("shop-a.example"))).get(0);
        assertThat(passedThrough.getHeader("X-Forwarded-For")).isEqualTo("198.51.100.1");
        assertThat(passedThrough.getHeader("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(passedThrough.getHeader("Host")).isEqualTo("127.0.0.1:" + origin.port());
    }

    @Test
    void anOriginThatPreservesHostIsSentTheClientsHost() throws Exception {
        start(BEHIND_THE_EDGE);

        throughTheEdge("/sites/index.html", "shop-b.example", "198.51.100.1");

        assertThat(originRequests()).singleElement().satisfies(request -> {
            assertThat(request.getHeader("Host")).isEqualTo("shop-b.example");
            assertThat(request.getHeader("X-Forwarded-Host")).isEqualTo("shop-b.example");
        });
    }

    @Test
    void eachForwardedClientHasItsOwnRateLimit() throws Exception {
        start(BEHIND_THE_EDGE);

        assertThat(throughTheEdge("/search", "shop-a.example", "198.51.100.1").statusCode()).isEqualTo(200);
        assertThat(throughTheEdge("/search", "shop-a.example", "198.51.100.2").statusCode()).isEqualTo(200);
        assertThat(throughTheEdge("/search", "shop-a.example", "198.51.100.1").statusCode()).isEqualTo(429);
    }

    @Test
    void aMalformedForwardedHostIsABadRequest() throws Exception {
        start(BEHIND_THE_EDGE);

        HttpResponse<String> response = throughTheEdge("/pages/home", "shop-a.example/../admin", "198.51.100.1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=bypass; detail=bad-request");
        assertThat(originRequests()).isEmpty();
    }

    @Test
    void theGatewayDoesNotStartWithoutTheSecret() {
        assertThatThrownBy(() -> GatewayHarness.start(BEHIND_THE_EDGE.formatted(origin.port()), AdminAccess.LOOPBACK_ONLY, name -> null))
                .isInstanceOf(PolicyException.class).hasMessageContaining("the environment variable TEST_EDGE_SECRET is not set")
                .hasMessageNotContaining(SECRET);
    }
}
