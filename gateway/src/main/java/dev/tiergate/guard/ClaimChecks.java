package dev.tiergate.guard;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The registered-claim checks, done here rather than by nimbus's {@code DefaultJWTClaimsVerifier}
 * so that "now" is the gateway's injected clock (nimbus reads the system clock) and each failure
 * maps to its own stable reason code.
 */
final class ClaimChecks {

    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Duration skew;

    ClaimChecks(Optional<String> issuer, Optional<String> audience, Duration skew) {
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
    }

    /** The reason code of the first failing check, or empty when the claims are acceptable at {@code now}. */
    Optional<String> failure(JWTClaimsSet claims, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            // A token that never expires would pin a cache audience forever.
            return Optional.of(JwtVerifier.MISSING_EXP);
        }
        // RFC 7519 §4.1.4: valid only while now is before exp.
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            return Optional.of(JwtVerifier.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            return Optional.of(JwtVerifier.NOT_YET_VALID);
        }
        if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
            return Optional.of(JwtVerifier.WRONG_ISSUER);
        }
        if (audience.isPresent()) {
            List<String> audiences = claims.getAudience();
            if (audiences == null || !audiences.contains(audience.get())) {
                return Optional.of(JwtVerifier.WRONG_AUDIENCE);
            }
        }
        return Optional.empty();
    }
}
