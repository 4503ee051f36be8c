package dev.tiergate.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How bearer tokens are verified for JWT segments and subjects.
 *
 * @param jwks a JWKS file path or an http(s) URL
 * @param algorithms accepted signature algorithms (e.g. RS256, ES256, HS256)
 * @param issuer the required {@code iss}, if any
 * @param audience the required {@code aud}, if any
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 */
public record JwtSettings(String jwks, List<String> algorithms, Optional<String> issuer, Optional<String> audience, Duration clockSkew) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Skew beyond this would accept tokens that expired long ago. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public JwtSettings {
        algorithms = List.copyOf(algorithms);
    }
}
