package dev.tiergate.guard;

import static dev.tiergate.guard.TestTokens.claims;
import static dev.tiergate.guard.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.JwtSettings;
import dev.tiergate.policy.TokenResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    @TempDir
    static Path policyDir;

    private static RSAKey rsa;
    private static RSAKey forger;
    private static ECKey ec;
    private static OctetSequenceKey hmac;
    private static TestTokens.EdKey ed;
    private static JwtVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestTokens.rsa("rsa-1");
        forger = TestTokens.rsa("rsa-1"); // same kid, different key
        ec = TestTokens.ec("ec-1");
        hmac = TestTokens.hmac("hs-1");
        ed = TestTokens.EdKey.generate("ed-1");
        Files.createDirectories(policyDir.resolve("keys"));
        JWKSet set = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), hmac, ed.publicJwk()));
        // toString(false): keep the oct key's secret, which HS256 verification needs.
        Files.writeString(policyDir.resolve("keys/jwks.json"), set.toString(false));
        verifier = verifier(List.of("RS256", "ES256", "HS256", "EdDSA"));
    }

    private static JwtVerifier verifier(List<String> algorithms) {
        JwtSettings settings = new JwtSettings("keys/jwks.json", algorithms, Optional.of("https://issuer.example"),
                Optional.of("tiergate"), SKEW);
        return new JwtVerifier(settings, policyDir, InstantSource.fixed(NOW));
    }

    private static TokenResult verify(String token) {
        return verifier.verify(Headers.of("Authorization", "Bearer " + token));
    }

    private static void assertInvalid(TokenResult result, String reason) {
        assertThat(result.state()).isEqualTo(TokenResult.State.INVALID);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.claims()).isEmpty();
    }

    @Test
    void validRs256TokenYieldsItsClaimsWithDatesAsEpochSeconds() throws Exception {
        TokenResult result = verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).build()));

        assertThat(result.state()).isEqualTo(TokenResult.State.VALID);
        assertThat(result.reason()).isEmpty();
        assertThat(result.claim("tier")).contains("gold");
        assertThat(result.claim("sub")).contains("user-1");
        assertThat(result.claims()).containsEntry("exp", NOW.getEpochSecond() + 3600)
                .containsEntry("iat", NOW.getEpochSecond())
                .containsEntry("aud", List.of("tiergate"));
    }

    @Test
    void validEs256Token() throws Exception {
        assertThat(verify(sign(ec, JWSAlgorithm.ES256, claims(NOW).build())).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void validHs256TokenWithAnOctKey() throws Exception {
        assertThat(verify(sign(hmac, JWSAlgorithm.HS256, claims(NOW).build())).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void validEdDsaTokenWithoutTink() throws Exception {
        TokenResult result = verify(TestTokens.signEd(ed, claims(NOW).build()));

        assertThat(result.state()).isEqualTo(TokenResult.State.VALID);
        assertThat(result.claim("tier")).contains("gold");
    }

    @Test
    void tamperedEdDsaTokenIsABadSignature() throws Exception {
        String token = TestTokens.signEd(ed, claims(NOW).build());
        String[] parts = token.split("\\.");
        String payload = Base64URL.encode(claims(NOW).claim("tier", "platinum").build().toString()).toString();

        assertInvalid(verify(parts[0] + "." + payload + "." + parts[2]), JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws Exception {
        String token = sign(rsa, JWSAlgorithm.RS256, claims(NOW).build());

        assertThat(verifier.verify(Headers.of("authorization", "bearer  " + token)).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void noAuthorizationHeaderIsNone() {
        assertThat(verifier.verify(Headers.of("Accept", "*/*"))).isEqualTo(TokenResult.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearerish abc", "Digest username=x", ""})
    void otherSchemesAreNone(String authorization) {
        assertThat(verifier.verify(Headers.of("Authorization", authorization))).isEqualTo(TokenResult.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Bearer a.b", "Bearer ey!!.x.y",
            "Bearer eyJhbGciOiJSUzI1NiJ9.e30", "Bearer ....", "Bearer a b c"})
    void garbageIsMalformed(String authorization) {
        assertInvalid(verifier.verify(Headers.of("Authorization", authorization)), JwtVerifier.MALFORMED);
    }

    @Test
    void payloadThatIsNotAClaimsObjectIsMalformed() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}").toString();

        assertInvalid(verify(header + "." + Base64URL.encode("[1,2]") + ".c2ln"), JwtVerifier.MALFORMED);
        assertInvalid(verify(header + "." + Base64URL.encode("{\"exp\":\"tomorrow\"}") + ".c2ln"), JwtVerifier.MALFORMED);
    }

    @Test
    void oversizedTokenIsMalformedBeforeParsing() throws Exception {
        String token = sign(rsa, JWSAlgorithm.RS256, claims(NOW).claim("pad", "x".repeat(JwtVerifier.MAX_TOKEN_LENGTH)).build());

        assertInvalid(verify(token), JwtVerifier.MALFORMED);
    }

    @Test
    void severalAuthorizationFieldsWithABearerAreMalformed() throws Exception {
        String token = sign(rsa, JWSAlgorithm.RS256, claims(NOW).build());
        Headers headers = Headers.of("Authorization", "Bearer " + token, "Authorization", "Basic dXNlcjpwYXNz");

        assertInvalid(verifier.verify(headers), JwtVerifier.MALFORMED);
    }

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidIsABadSignature() throws Exception {
        assertInvalid(verify(sign(forger, JWSAlgorithm.RS256, claims(NOW).build())), JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void unknownKidIsABadSignature() throws Exception {
        assertInvalid(verify(sign(TestTokens.rsa("rsa-unknown"), JWSAlgorithm.RS256, claims(NOW).build())), JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void tamperedClaimsAreABadSignature() throws Exception {
        String[] parts = sign(rsa, JWSAlgorithm.RS256, claims(NOW).build()).split("\\.");
        String payload = Base64URL.encode(claims(NOW).claim("tier", "platinum").build().toString()).toString();

        assertInvalid(verify(parts[0] + "." + payload + "." + parts[2]), JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void algNoneIsNotAllowed() {
        String token = new PlainJWT(claims(NOW).build()).serialize();

        assertInvalid(verify(token), JwtVerifier.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void algorithmOutsideThePolicyListIsNotAllowed() throws Exception {
        JwtVerifier rsaOnly = verifier(List.of("RS256"));

        TokenResult result = rsaOnly.verify(Headers.of("Authorization", "Bearer " + sign(hmac, JWSAlgorithm.HS256, claims(NOW).build())));
        assertInvalid(result, JwtVerifier.ALGORITHM_NOT_ALLOWED);
        String rs384 = sign(rsa, JWSAlgorithm.RS384, claims(NOW).build());
        assertInvalid(rsaOnly.verify(Headers.of("Authorization", "Bearer " + rs384)), JwtVerifier.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void hmacSignedWithTheRsaPublicKeyIsRejected() throws Exception {
        // The classic alg-confusion attack: HS256 keyed with the RSA public key, naming the RSA kid.
        OctetSequenceKey confused = new OctetSequenceKey.Builder(rsa.toPublicJWK().toRSAPublicKey().getEncoded()).keyID("rsa-1").build();
        String token = sign(confused, new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims(NOW).build());

        assertInvalid(verify(token), JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void expiredBeyondSkewIsExpired() throws Exception {
        JWTClaimsSet expired = claims(NOW).expirationTime(Date.from(NOW.minus(SKEW).minusSeconds(1))).build();

        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, expired)), JwtVerifier.EXPIRED);
    }

    @Test
    void expiryExactlyAtTheSkewEdgeIsExpired() throws Exception {
        JWTClaimsSet edge = claims(NOW).expirationTime(Date.from(NOW.minus(SKEW))).build();

        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, edge)), JwtVerifier.EXPIRED);
    }

    @Test
    void expiredWithinSkewIsStillValid() throws Exception {
        JWTClaimsSet recent = claims(NOW).expirationTime(Date.from(NOW.minusSeconds(10))).build();

        assertThat(verify(sign(rsa, JWSAlgorithm.RS256, recent)).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void notBeforeInTheFutureIsNotYetValid() throws Exception {
        JWTClaimsSet future = claims(NOW).notBeforeTime(Date.from(NOW.plus(SKEW).plusSeconds(1))).build();

        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, future)), JwtVerifier.NOT_YET_VALID);
    }

    @Test
    void notBeforeWithinSkewIsValid() throws Exception {
        JWTClaimsSet soon = claims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(10))).build();

        assertThat(verify(sign(rsa, JWSAlgorithm.RS256, soon)).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void wrongOrMissingIssuer() throws Exception {
        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).issuer("https://evil.example").build())), JwtVerifier.WRONG_ISSUER);
        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).issuer(null).build())), JwtVerifier.WRONG_ISSUER);
    }

    @Test
    void wrongOrMissingAudience() throws Exception {
        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).audience("billing").build())), JwtVerifier.WRONG_AUDIENCE);
        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).audience((String) null).build())), JwtVerifier.WRONG_AUDIENCE);
    }

    @Test
    void audienceListContainingOursIsValid() throws Exception {
        JWTClaimsSet many = claims(NOW).audience(List.of("billing", "tiergate")).build();

        assertThat(verify(sign(rsa, JWSAlgorithm.RS256, many)).state()).isEqualTo(TokenResult.State.VALID);
    }

    @Test
    void missingExpIsRejected() throws Exception {
        assertInvalid(verify(sign(rsa, JWSAlgorithm.RS256, claims(NOW).expirationTime(null).build())), JwtVerifier.MISSING_EXP);
    }

    @Test
    void noIssuerOrAudienceConfiguredAcceptsAny() throws Exception {
        JwtSettings open = new JwtSettings(policyDir.resolve("keys/jwks.json").toString(), List.of("RS256"),
                Optional.empty(), Optional.empty(), SKEW);
        JwtVerifier lenient = new JwtVerifier(open, Path.of("/nonexistent"), InstantSource.fixed(NOW));
        String token = sign(rsa, JWSAlgorithm.RS256, claims(NOW).issuer("anyone").audience("anything").build());

        assertThat(lenient.verify(Headers.of("Authorization", "Bearer " + token)).state()).isEqualTo(TokenResult.State.VALID);
        assertThat(lenient.fetchesKeysRemotely()).isFalse();
    }

    @Test
    void unreadableOrInvalidJwksFailsFast() throws Exception {
        Files.writeString(policyDir.resolve("broken.json"), "{not json");
        Files.writeString(policyDir.resolve("empty.json"), "{\"keys\":[]}");

        assertThatThrownBy(() -> construct("missing.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read JWKS file").hasMessageContaining("missing.json");
        assertThatThrownBy(() -> construct("broken.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid JWKS");
        assertThatThrownBy(() -> construct("empty.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no keys");
    }

    private static JwtVerifier construct(String jwks) {
        return new JwtVerifier(new JwtSettings(jwks, List.of("RS256"), Optional.empty(), Optional.empty(), SKEW), policyDir,
                InstantSource.fixed(NOW));
    }
}
