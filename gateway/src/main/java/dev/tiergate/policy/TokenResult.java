package dev.tiergate.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying a request's bearer token, as the pure key and segment logic sees it.
 *
 * @param state whether a token was present and valid
 * @param claims the verified claims (empty unless {@code VALID})
 * @param reason why a token was rejected ({@code expired}, {@code bad-signature}, ...), empty otherwise
 */
public record TokenResult(State state, Map<String, Object> claims, String reason) {

    /** Whether the request carried a token and whether it verified. */
    public enum State {
        /** No bearer token. */
        NONE,
        /** A token whose signature, issuer, audience and times all verified. */
        VALID,
        /** A token that did not verify: it must never select another audience's entries. */
        INVALID
    }

    /** No token in the request. */
    public static final TokenResult NONE = new TokenResult(State.NONE, Map.of(), "");

    public TokenResult {
        claims = Map.copyOf(claims);
    }

    public static TokenResult valid(Map<String, Object> claims) {
        return new TokenResult(State.VALID, claims, "");
    }

    public static TokenResult invalid(String reason) {
        return new TokenResult(State.INVALID, Map.of(), reason);
    }

    /** A string claim of a valid token. */
    public Optional<String> claim(String name) {
        Object value = claims.get(name);
        return value instanceof String text ? Optional.of(text) : value instanceof Number number
                ? Optional.of(number.toString()) : Optional.empty();
    }
}
