package dev.tiergate.guard;

/** An origin request refused without being sent because its route already has its maximum in flight. */
public final class BulkheadFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BulkheadFullException(String route, int maxConcurrent) {
        // No stack trace: refusals come in bursts, exactly when the gateway is busiest.
        super("route \"" + route + "\" has " + maxConcurrent + " origin requests in flight", null, false, false);
    }
}
