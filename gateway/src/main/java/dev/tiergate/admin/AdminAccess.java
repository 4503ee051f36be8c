package dev.tiergate.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may use the admin API. With a token, mutating and diagnostic endpoints require
 * {@code Authorization: Bearer <token>}; without one, the admin API must listen on loopback only,
 * where only processes on the same host can reach it. {@code /health} and {@code /metrics} need no
 * token (probes and scrapers; they reveal no cached content).
 *
 * @param token the bearer token, when one is configured
 */
public record AdminAccess(Optional<String> token) {

    /** The environment variable the {@code run} command reads the token from when no flag gives one. */
    public static final String TOKEN_ENVIRONMENT = dev.tiergate.policy.EnvironmentVariable.ADMIN_TOKEN;

    /** No token: loopback only. */
    public static final AdminAccess LOOPBACK_ONLY = new AdminAccess(Optional.empty());

    public AdminAccess {
        token = token.filter(value -> !value.isBlank());
    }

    public static AdminAccess withToken(String token) {
        return new AdminAccess(Optional.of(token));
    }

    /**
     * Refuses a non-loopback admin address without a token.
     *
     * @throws IllegalStateException with what to do about it
     */
    public void checkBind(String adminHost) {
        if (token.isEmpty() && !isLoopback(adminHost)) {
            throw new IllegalStateException("the admin API would listen on " + adminHost + ", which is not a loopback address, without a token: "
                    + "set --admin-token or " + TOKEN_ENVIRONMENT + ", or bind it to 127.0.0.1 (server.adminHost)");
        }
    }

    /** True when the request may use a protected endpoint. */
    public boolean permits(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests of equal length compared with MessageDigest.isEqual: the time taken says nothing about the token.
        return MessageDigest.isEqual(digest(authorization.substring(7).trim()), digest(token.get()));
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") || bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!literal) {
            // A name would need DNS to judge, and what it resolves to can change: only literals and localhost count.
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        // Never print the token.
        return "AdminAccess[token=" + (token.isPresent() ? "set" : "none") + "]";
    }
}
