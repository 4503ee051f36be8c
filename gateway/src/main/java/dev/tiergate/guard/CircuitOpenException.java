package dev.tiergate.guard;

/** An origin request refused without being sent because the origin's circuit breaker is open. */
public final class CircuitOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String origin) {
        // No stack trace: this is the fast path of an outage, thrown for every request while it lasts.
        super("circuit breaker of origin \"" + origin + "\" is open", null, false, false);
    }
}
