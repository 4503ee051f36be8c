package dev.tiergate.http;

import java.util.Optional;

/**
 * Checks a request before it can reach a cache key: a malformed target or Host is a client
 * error (400/414), never a key that could poison or collide with others.
 */
public final class RequestTarget {

    /** Longest request target accepted; longer ones get 414. */
    public static final int MAX_TARGET_LENGTH = 8192;
    /** Longest Host accepted. */
    public static final int MAX_HOST_LENGTH = 255;

    /** A rejected request: its status and reason. */
    public record Rejection(int status, String reason) {
    }

    private RequestTarget() {
    }

    /** Empty when the request may proceed. */
    public static Optional<Rejection> check(String target, Optional<String> host) {
        if (target.length() > MAX_TARGET_LENGTH) {
            return Optional.of(new Rejection(414, "request target longer than " + MAX_TARGET_LENGTH + " characters"));
        }
        if (!target.startsWith("/")) {
            return Optional.of(new Rejection(400, "request target must be in origin form (start with \"/\")"));
        }
        if (hasControlOrSpace(target)) {
            return Optional.of(new Rejection(400, "request target contains control characters or spaces"));
        }
        if (host.isEmpty() || host.get().isEmpty()) {
            return Optional.of(new Rejection(400, "missing Host"));
        }
        String hostValue = host.get();
        if (hostValue.length() > MAX_HOST_LENGTH || !hostValue.matches("[A-Za-z0-9.\\-:\\[\\]_]+")) {
            return Optional.of(new Rejection(400, "invalid Host"));
        }
        return Optional.empty();
    }

    private static boolean hasControlOrSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
