package dev.tiergate.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tiergate.admin.AdminAccess;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log after real traffic: a gateway in front of WireMock (which records what the origin received) writes
 * its lines to a file, read back once the gateway has closed and flushed them.
 */
class AccessLogTest {

    private static final String ISSUER = "https://auth.test";
    private static final String SUBJECT_KEY = "a-key-of-at-least-16-characters";
    private static final String REQUEST_ID = "X-Request-Id";

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WireMockServer origin;
    private Vertx vertx;
    private Gateway gateway;
    private RSAKey signingKey;

    @BeforeEach
    void start() throws Exception {
        origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        origin.start();
        origin.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Cache-Control", "public, max-age=60").withHeader("Content-Type", "text/plain").withBody("twelve bytes")));
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Files.writeString(dir.resolve("jwks.json"), new JWKSet(signingKey.toPublicJWK()).toString());
        vertx = Vertx.vertx();
        Policy policy = PolicyLoader.parse("test.yaml", """
                version: 1
                origin: { url: "%s", firstByteTimeout: 3s }
                server:
                  accessLog: { target: "%s", subjectKeyEnv: LOG_KEY }
                segments:
                  plan: { from: jwt, claim: plan, values: [free, pro], default: anonymous }
                jwt: { jwks: "%s", algorithms: [RS256], issuer: "%s" }
                routes:
                  - name: products
                    match: { path: "/products/{id}" }
                    cache: { key: { query: { include: [lang] }, segment: plan } }
                  - name: account
                    match: { path: /account/** }
                    cache: bypass
                """.formatted(origin.baseUrl(), log(), dir.resolve("jwks.json"), ISSUER));
        policy = policy.with(policy.origin(), policy.server().withListeners("127.0.0.1", GatewayHarness.freePort(), "127.0.0.1", 0));
        UnaryOperator<String> environment = name -> name.equals("LOG_KEY") ? SUBJECT_KEY : null;
        gateway = Gateway.start(vertx, policy, clock, 1, Optional.empty(), UnaryOperator.identity(), 0, AdminAccess.LOOPBACK_ONLY,
                environment).await();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close().await();
        }
        vertx.close().await();
        origin.stop();
    }

    @Test
    void oneLinePerRequestWithMaskedQueryHashedSubjectAndTheRequestIdTheClientAndOriginSaw() throws Exception {
        String token = token("user-42", "pro");
        HttpResponse<String> miss = get("/products/1?lang=en&token=s3cr3t", "Authorization", "Bearer " + token,
                "Cookie", "session=cookie-value", REQUEST_ID, "client-id-1");
        HttpResponse<String> hit = get("/products/1?lang=en&token=other", "Authorization", "Bearer " + token);
        HttpResponse<String> bypass = get("/account/me?email=someone%40example.com", "Cookie", "session=cookie-value",
                REQUEST_ID, "not a valid id");
        gateway.close().await();
        gateway = null;

        String text = Files.readString(log(), StandardCharsets.UTF_8);
        List<JsonObject> lines = text.lines().map(JsonObject::new).toList();
        assertThat(lines).hasSize(3);
        JsonObject first = lines.get(0);
        JsonObject second = lines.get(1);
        JsonObject third = lines.get(2);

        assertThat(first.getString("requestId")).isEqualTo("client-id-1");
        assertThat(miss.headers().firstValue(REQUEST_ID)).hasValue("client-id-1");
        origin.verify(getRequestedFor(urlPathEqualTo("/products/1")).withHeader(REQUEST_ID, equalTo("client-id-1")));
        assertThat(first.getString("path")).isEqualTo("/products/1?lang=en&token=***");
        assertThat(first.getString("subject")).isEqualTo(hmac("user-42"));
        assertThat(first.getString("segment")).isEqualTo("pro");
        assertThat(first.getString("route")).isEqualTo("products");
        assertThat(first.getString("method")).isEqualTo("GET");
        assertThat(first.getString("host")).startsWith("127.0.0.1:");
        assertThat(first.getInteger("status")).isEqualTo(200);
        assertThat(first.getLong("bytes")).isEqualTo(12);
        assertThat(first.getString("cache")).isEqualTo("miss");
        assertThat(first.getString("outcome")).isEqualTo("miss");
        assertThat(first.getString("tier")).isEqualTo("origin");
        assertThat(first.getString("cacheStatus")).isEqualTo(miss.headers().firstValue("Cache-Status").orElseThrow());
        assertThat(first.getDouble("originMs")).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(first.getDouble("durationMs")).isGreaterThanOrEqualTo(first.getDouble("originMs"));
        assertThat(Instant.parse(first.getString("time"))).isEqualTo(clock.instant());

        String generated = hit.headers().firstValue(REQUEST_ID).orElseThrow();
        assertThat(generated).matches("[0-9a-f]{32}");
        assertThat(second.getString("requestId")).isEqualTo(generated);
        assertThat(second.getString("cache")).isEqualTo("hit");
        assertThat(second.getString("outcome")).isEqualTo("l1-hit");
        assertThat(second.getString("tier")).isEqualTo("l1");
        assertThat(second.getString("detail")).isEqualTo("fresh");
        assertThat(second.getValue("originMs")).as("no origin exchange").isNull();
        assertThat(second.getString("subject")).as("the same subject, the same hash").isEqualTo(first.getString("subject"));

        String replaced = bypass.headers().firstValue(REQUEST_ID).orElseThrow();
        assertThat(replaced).as("an invalid id is replaced").matches("[0-9a-f]{32}");
        assertThat(third.getString("requestId")).isEqualTo(replaced);
        origin.verify(getRequestedFor(urlPathEqualTo("/account/me")).withHeader(REQUEST_ID, equalTo(replaced)));
        assertThat(third.getString("path")).as("a bypass route keys nothing").isEqualTo("/account/me?email=***");
        assertThat(third.getString("outcome")).isEqualTo("bypass");
        assertThat(third.getValue("subject")).isNull();

        assertThat(text).doesNotContain(token, "Bearer", "cookie-value", "s3cr3t", "other", "someone", "user-42", "not a valid id");
    }

    private Path log() {
        return dir.resolve("logs").resolve("access.log");
    }

    private HttpResponse<String> get(String target, String... headers) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target)).headers(headers)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String subject, String plan) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).claim("plan", plan)
                .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    /** The hash the log should show, computed here from the documented rule: HMAC-SHA256 under the key, first 16 bytes, hex. */
    private static String hmac(String subject) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SUBJECT_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
