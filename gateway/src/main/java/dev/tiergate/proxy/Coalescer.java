package dev.tiergate.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One origin fetch per key at a time: the first request leads, concurrent ones wait for its
 * outcome (request collapsing).
 */
final class Coalescer {

    private final ConcurrentMap<String, Future<FetchOutcome>> inFlight = new ConcurrentHashMap<>();

    /** A fetch this caller now leads; complete it with {@link #complete}. */
    record Lead(String key, Promise<FetchOutcome> promise) {
    }

    /** Either the lead for {@code key} or the in-flight fetch to wait for. */
    Optional<Lead> tryLead(String key, java.util.function.Consumer<Future<FetchOutcome>> waitFor) {
        Promise<FetchOutcome> promise = Promise.promise();
        Future<FetchOutcome> existing = inFlight.putIfAbsent(key, promise.future());
        if (existing != null) {
            waitFor.accept(existing);
            return Optional.empty();
        }
        return Optional.of(new Lead(key, promise));
    }

    /** True when a fetch for {@code key} is in flight. */
    boolean isInFlight(String key) {
        return inFlight.containsKey(key);
    }

    /** Ends the lead: later requests look at the cache again, then the waiters are released. */
    void complete(Lead lead, FetchOutcome outcome) {
        inFlight.remove(lead.key(), lead.promise().future());
        lead.promise().tryComplete(outcome);
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
