package dev.tiergate.proxy;

import dev.tiergate.trace.RequestTrace;
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

    private final ConcurrentMap<String, Lead> inFlight = new ConcurrentHashMap<>();

    /** A fetch this caller now leads; complete it with {@link #complete}. */
    static final class Lead {
        private final String key;
        private final Promise<FetchOutcome> promise = Promise.promise();
        /** The trace of the request (or background refresh) that leads, which the waiters' traces link to. */
        private volatile RequestTrace trace = RequestTrace.NONE;

        Lead(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        Promise<FetchOutcome> promise() {
            return promise;
        }

        RequestTrace trace() {
            return trace;
        }

        /** Names the leader's trace; set before the fetch starts, so every waiter finds it once the fetch is done. */
        Lead tracedBy(RequestTrace leader) {
            trace = leader;
            return this;
        }
    }

    /** Either the lead for {@code key} or the in-flight fetch to wait for. */
    Optional<Lead> tryLead(String key, java.util.function.Consumer<Lead> waitFor) {
        Lead lead = new Lead(key);
        Lead existing = inFlight.putIfAbsent(key, lead);
        if (existing != null) {
            waitFor.accept(existing);
            return Optional.empty();
        }
        return Optional.of(lead);
    }

    /** True when a fetch for {@code key} is in flight. */
    boolean isInFlight(String key) {
        return inFlight.containsKey(key);
    }

    /** Ends the lead: later requests look at the cache again, then the waiters are released. */
    void complete(Lead lead, FetchOutcome outcome) {
        inFlight.remove(lead.key(), lead);
        lead.promise().tryComplete(outcome);
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
