package dev.tiergate.proxy;

import dev.tiergate.guard.Bulkhead;
import dev.tiergate.guard.BulkheadFullException;
import dev.tiergate.guard.CircuitOpenException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An origin fault as a value: what went wrong and the status a client gets for it.
 *
 * @param kind the class of fault
 * @param message a short description for logs
 */
public record OriginFailure(Kind kind, String message) {

    /** Classes of origin faults. */
    public enum Kind {
        /** No connection could be made (refused, unknown host). */
        CONNECT("origin-unreachable", 502),
        /** Connecting, the first byte or a body read took longer than its timeout. */
        TIMEOUT("origin-timeout", 504),
        /** The connection broke during the exchange. */
        RESET("origin-reset", 502),
        /** The origin answered with a server error status. */
        STATUS("origin-error", 502),
        /** The origin's circuit breaker is open: it failed repeatedly, so it is not asked at all for a while. */
        CIRCUIT_OPEN("origin-circuit-open", 503),
        /** The route's bulkhead is full: it already has as many origin requests in flight as it may. */
        BULKHEAD_FULL(Bulkhead.DETAIL, 503);

        private final String detail;
        private final int status;

        Kind(String detail, int status) {
            this.detail = detail;
            this.status = status;
        }

        public String detail() {
            return detail;
        }

        public int status() {
            return status;
        }
    }

    /** Classifies a throwable from the HTTP client. */
    public static OriginFailure of(Throwable error) {
        String name = error.getClass().getName().toLowerCase(Locale.ROOT);
        String message = String.valueOf(error.getMessage());
        if (error instanceof CircuitOpenException) {
            return new OriginFailure(Kind.CIRCUIT_OPEN, message);
        }
        if (error instanceof BulkheadFullException) {
            return new OriginFailure(Kind.BULKHEAD_FULL, message);
        }
        if (error instanceof java.util.concurrent.TimeoutException || name.contains("timeout")) {
            return new OriginFailure(Kind.TIMEOUT, message);
        }
        if (error instanceof ConnectException || error instanceof UnknownHostException) {
            return new OriginFailure(Kind.CONNECT, message);
        }
        return new OriginFailure(Kind.RESET, message);
    }

    /** The status a client gets when nothing stale can be served instead. */
    public int status() {
        return kind.status();
    }
}
