package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment-aware keys from verified JWTs, through the running gateway. */
class SegmentedCachingTest {

    private static final String ISSUER = "https://auth.test";
    private static final String PRODUCT = "/sim/respond/product/1?cache-control=public,max-age=60";

    @TempDir
    static Path keys;
    private static RSAKey signingKey;
    private static RSAKey forgerKey;

    private GatewayHarness harness;

    @BeforeAll
    static void generateKeys() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        forgerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Files.writeString(keys.resolve("jwks.json"), new JWKSet(signingKey.toPublicJWK()).toString());
    }

    @BeforeEach
    void start() throws Exception {
        harness = GatewayHarness.start("""
                version: 1
                origin: http://127.0.0.1:1
                segments:
                  plan: { from: jwt, claim: plan, values: [free, pro], default: anonymous }
                jwt:
                  jwks: %s
                  algorithms: [RS256]
                  issuer: %s
                routes:
                  - name: product
                    match: { path: "/sim/respond/product/{id}" }
                    cache: { key: { query: { include: [cache-control] }, segment: plan } }
                  - name: members
                    match: { path: /sim/respond/members/** }
                    auth: { invalidToken: reject }
                    cache: { key: { segment: plan } }
                """.formatted(keys.resolve("jwks.json").toAbsolutePath(), ISSUER));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void plansGetTheirOwnEntriesAndEachHitsOnRepeat() throws Exception {
        String pro = token(signingKey, "pro", Duration.ofHours(1));
        String free = token(signingKey, "free", Duration.ofHours(1));

        HttpResponse<String> proFirst = harness.get(PRODUCT, "Authorization", "Bearer " + pro);
        HttpResponse<String> freeFirst = harness.get(PRODUCT, "Authorization", "Bearer " + free);
        HttpResponse<String> proAgain = harness.get(PRODUCT, "Authorization", "Bearer " + pro);
        HttpResponse<String> freeAgain = harness.get(PRODUCT, "Authorization", "Bearer " + free);

        assertThat(freeFirst.body()).isNotEqualTo(proFirst.body());
        assertThat(proAgain.body()).isEqualTo(proFirst.body());
        assertThat(freeAgain.body()).isEqualTo(freeFirst.body());
        assertThat(proAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(freeAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(harness.originCount(PRODUCT)).isEqualTo(2);
    }

    @Test
    void forgedOrExpiredTokensGetTheAnonymousEntryAndNeverAnotherPlans() throws Exception {
        HttpResponse<String> pro = harness.get(PRODUCT, "Authorization", "Bearer " + token(signingKey, "pro", Duration.ofHours(1)));
        HttpResponse<String> anonymous = harness.get(PRODUCT);

        HttpResponse<String> forged = harness.get(PRODUCT, "Authorization", "Bearer " + token(forgerKey, "pro", Duration.ofHours(1)));
        HttpResponse<String> expired = harness.get(PRODUCT, "Authorization", "Bearer " + token(signingKey, "pro", Duration.ofHours(-1)));

        assertThat(anonymous.body()).isNotEqualTo(pro.body());
        assertThat(forged.body()).isEqualTo(anonymous.body());
        assertThat(expired.body()).isEqualTo(anonymous.body());
        assertThat(harness.originCount(PRODUCT)).isEqualTo(2);
    }

    @Test
    void routeThatRejectsInvalidTokensAnswers401WithoutTouchingTheCache() throws Exception {
        String target = "/sim/respond/members/1?cache-control=public,max-age=60";
        harness.get(target, "Authorization", "Bearer " + token(signingKey, "pro", Duration.ofHours(1)));

        HttpResponse<String> expired = harness.get(target, "Authorization", "Bearer " + token(signingKey, "pro", Duration.ofHours(-1)));
        HttpResponse<String> missing = harness.get(target);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(expired.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=bypass; detail=token-expired");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    @Test
    void queryParametersOutsideTheAllowListDoNotFragmentTheCache() throws Exception {
        harness.get(PRODUCT + "&utm_source=mail");
        HttpResponse<String> other = harness.get(PRODUCT + "&utm_source=ads&fbclid=x");

        assertThat(other.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        // The origin never saw the unkeyed parameters: they cannot change a shared response.
        assertThat(harness.originCount(PRODUCT)).isEqualTo(1);
    }

    @Test
    void clientCannotChooseTheSegmentTheOriginSees() throws Exception {
        HttpResponse<String> spoofed = harness.get("/sim/respond/product/2?cache-control=public,max-age=60",
                "Tiergate-Segment", "plan=pro");

        assertThat(spoofed.statusCode()).isEqualTo(200);
        assertThat(harness.originCount("/sim/respond/product/2?cache-control=public,max-age=60")).isEqualTo(1);
    }

    private String token(RSAKey key, String plan, Duration expiresIn) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-" + plan).issuer(ISSUER).claim("plan", plan)
                .expirationTime(Date.from(harness.clock.instant().plus(expiresIn))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
