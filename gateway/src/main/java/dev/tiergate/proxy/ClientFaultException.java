package dev.tiergate.proxy;

/**
 * A forwarded request failed because of its client, not its origin: the client went away, or sent its body too
 * slowly. The origin request is reset, and the failure never counts towards the origin's circuit breaker.
 */
final class ClientFaultException extends Exception {

    /** What the client did. */
    enum Kind {
        /** The client's connection closed before the exchange was over (a body shorter than announced, a client gone). */
        GONE("client-gone"),
        /** The client paused its body longer than the body timeout while the gateway was ready to read it. */
        BODY_TIMEOUT("request-body-timeout");

        private final String detail;

        Kind(String detail) {
            this.detail = detail;
        }

        /** The {@code Cache-Status} detail and log word. */
        String detail() {
            return detail;
        }
    }

    private final Kind kind;

    ClientFaultException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
