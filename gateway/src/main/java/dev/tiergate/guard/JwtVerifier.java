package dev.tiergate.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.JwtSettings;
import dev.tiergate.policy.TokenResult;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a request's {@code Authorization: Bearer <token>} into a {@link TokenResult}.
 *
 * <p>The signature is checked by nimbus-jose-jwt ({@link DefaultJWTProcessor} with a key selector
 * over the policy's algorithms); {@code exp}, {@code nbf}, {@code iss} and {@code aud} are then
 * checked against the injected clock. Bad input never throws: it yields {@code INVALID} with one of
 * the reason codes below, which are stable because they appear in logs and {@code Cache-Status}.
 *
 * <p>Thread-safe: one instance serves every event loop.
 *
 * <p><b>Blocking:</b> with a JWKS file, keys are read once in the constructor and {@link #verify}
 * never does I/O. With a JWKS URL, nimbus fetches the set on first use, when the cache expires
 * (5 min) and when a token names an unknown {@code kid} (at most twice per 30 s); that fetch is
 * blocking HTTP on the calling thread (0.5 s connect and read timeouts). Callers on an event loop
 * should either accept that rare stall or call {@link #verify} for URL-backed settings on a worker
 * thread ({@link #fetchesKeysRemotely()} tells which).
 */
public final class JwtVerifier {

    /** Not a parseable JWS compact token, too long, or an ambiguous Authorization header. */
    public static final String MALFORMED = "malformed";
    /** The signature does not verify, or no key matches (unknown {@code kid}, wrong key type). */
    public static final String BAD_SIGNATURE = "bad-signature";
    /** {@code alg} is {@code none}, a JWE algorithm, or not in the policy's list. */
    public static final String ALGORITHM_NOT_ALLOWED = "algorithm-not-allowed";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not-yet-valid";
    public static final String WRONG_ISSUER = "wrong-issuer";
    public static final String WRONG_AUDIENCE = "wrong-audience";
    public static final String MISSING_EXP = "missing-exp";
    /** The JWKS URL could not be fetched and no cached keys were left: not the token's fault. */
    public static final String KEYS_UNAVAILABLE = "keys-unavailable";

    /** Real access tokens are 1-2 KiB; anything far larger is refused before any parsing work. */
    static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<JWSAlgorithm> algorithms;
    private final ClaimChecks checks;
    private final InstantSource clock;
    private final VerifiedTokens verifiedTokens;
    private final boolean remote;

    /**
     * @param settings the policy's {@code jwt} block
     * @param policyDirectory the directory of the policy file; relative JWKS paths resolve against it
     * @param clock the source of "now" for {@code exp} and {@code nbf}
     * @throws IllegalArgumentException when the JWKS file cannot be read or is not a valid JWKS, the
     *         JWKS URL is invalid, or an algorithm name is unknown
     */
    public JwtVerifier(JwtSettings settings, Path policyDirectory, InstantSource clock) {
        this.clock = clock;
        this.verifiedTokens = new VerifiedTokens(clock);
        this.remote = JwksSource.isUrl(settings.jwks());
        this.algorithms = settings.algorithms().stream().map(JwtVerifier::algorithm).collect(Collectors.toUnmodifiableSet());
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("jwt.algorithms: empty (expected at least one, e.g. RS256)");
        }
        this.checks = new ClaimChecks(settings.issuer(), settings.audience(), settings.clockSkew());
        JWKSource<SecurityContext> keys = JwksSource.open(settings.jwks(), policyDirectory);
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new EdDsaSupport.KeySelector(algorithms, keys));
        jwtProcessor.setJWSVerifierFactory(new EdDsaSupport.VerifierFactory());
        // typ is advisory (RFC 7519 §5.1) and issuers disagree on it (JWT, at+jwt, none); trust
        // comes from signature, iss and aud, so any typ is accepted.
        jwtProcessor.setJWSTypeVerifier((type, context) -> { });
        // Claims are checked by ClaimChecks against the injected clock: nimbus's own verifier
        // would read the system clock.
        jwtProcessor.setJWTClaimsSetVerifier((claims, context) -> { });
        this.processor = jwtProcessor;
    }

    /** Whether keys come from a JWKS URL, so that {@link #verify} may block on a fetch. */
    public boolean fetchesKeysRemotely() {
        return remote;
    }

    /**
     * Verifies the request's bearer token.
     *
     * @return {@link TokenResult#NONE} without a Bearer Authorization header, {@code VALID} with the
     *         claims (dates as epoch seconds) when everything checks out, {@code INVALID} otherwise
     */
    public TokenResult verify(Headers requestHeaders) {
        List<String> authorizations = requestHeaders.all("Authorization");
        if (authorizations.isEmpty()) {
            return TokenResult.NONE;
        }
        Optional<String> token = BearerToken.extract(authorizations.get(0));
        if (authorizations.size() > 1) {
            // Which of several credentials the origin honours is unknowable; if any is a bearer
            // token, caching under one token's claims could serve another user's response.
            boolean anyBearer = authorizations.stream().anyMatch(value -> BearerToken.extract(value).isPresent());
            return anyBearer ? TokenResult.invalid(MALFORMED) : TokenResult.NONE;
        }
        if (token.isEmpty()) {
            return TokenResult.NONE;
        }
        Optional<TokenResult> known = verifiedTokens.lookup(token.get());
        if (known.isPresent()) {
            return known.get();
        }
        try {
            TokenResult result = verifyToken(token.get());
            verifiedTokens.remember(token.get(), result);
            return result;
        } catch (RuntimeException e) {
            // nimbus parsers are defensive, but a hostile token must never fail the request path.
            return TokenResult.invalid(MALFORMED);
        }
    }

    private TokenResult verifyToken(String token) {
        if (!BearerToken.wellFormed(token)) {
            return TokenResult.invalid(MALFORMED);
        }
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(token);
            // Parsed up front so that a payload that is not a JSON claims object (or has an exp
            // that is not a number) reports "malformed" rather than a processor error.
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return TokenResult.invalid(MALFORMED);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            // alg "none" (PlainJWT) or an encrypted JWT: neither is a signature we accept.
            return TokenResult.invalid(ALGORITHM_NOT_ALLOWED);
        }
        if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
            return TokenResult.invalid(ALGORITHM_NOT_ALLOWED);
        }
        try {
            processor.process(signed, null);
        } catch (RateLimitReachedException e) {
            // Only unknown kids trigger a refresh; under a flood of them the token is still unverified.
            return TokenResult.invalid(BAD_SIGNATURE);
        } catch (KeySourceException e) {
            return TokenResult.invalid(KEYS_UNAVAILABLE);
        } catch (BadJOSEException | JOSEException e) {
            return TokenResult.invalid(BAD_SIGNATURE);
        }
        Optional<String> failure = checks.failure(claims, clock.instant());
        return failure.map(TokenResult::invalid).orElseGet(() -> TokenResult.valid(claimMap(claims)));
    }

    /** nimbus claims with dates as epoch seconds and JSON nulls dropped ({@link TokenResult} copies with Map.copyOf). */
    private static Map<String, Object> claimMap(JWTClaimsSet claims) {
        Map<String, Object> map = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (value instanceof Date date) {
                map.put(name, date.toInstant().getEpochSecond());
            } else if (value != null) {
                map.put(name, value);
            }
        });
        return map;
    }

    private static JWSAlgorithm algorithm(String name) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        if (!JWSAlgorithm.Family.SIGNATURE.contains(algorithm) && !JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            throw new IllegalArgumentException("jwt.algorithms: unknown algorithm \"" + name + "\" (expected e.g. RS256, ES256, HS256, EdDSA)");
        }
        return algorithm;
    }
}
