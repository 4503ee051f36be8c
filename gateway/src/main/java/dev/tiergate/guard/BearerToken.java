package dev.tiergate.guard;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer} value (RFC 6750 §2.1), without any JWT parsing. */
final class BearerToken {

    private static final String SCHEME = "Bearer";

    private BearerToken() {
    }

    /**
     * The credentials after a {@code Bearer} scheme (case-insensitive, RFC 9110 §11.1), possibly
     * empty or malformed; empty when the scheme is another one.
     */
    static Optional<String> extract(String authorization) {
        String value = authorization.strip();
        int end = 0;
        while (end < value.length() && value.charAt(end) != ' ' && value.charAt(end) != '\t') {
            end++;
        }
        if (!value.substring(0, end).equalsIgnoreCase(SCHEME)) {
            return Optional.empty();
        }
        return Optional.of(value.substring(end).strip());
    }

    /** Bounded length and only the characters of a JWS compact serialization (base64url and dots). */
    static boolean wellFormed(String token) {
        if (token.isEmpty() || token.length() > JwtVerifier.MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
