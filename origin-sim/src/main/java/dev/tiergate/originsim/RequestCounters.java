package dev.tiergate.originsim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe tally of the requests origin-sim has received, keyed by path+query as it appeared in
 * the request line.
 */
final class RequestCounters {

    // AtomicLong rather than LongAdder: each request needs its own exact ordinal (fail_every and the
    // X-Sim-Request-Count header depend on it), not just an eventually-correct sum.
    private final Map<String, AtomicLong> byUrl = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    // Deliberately survives reset() so ids stay unique over the whole life of the process.
    private final AtomicLong requestIds = new AtomicLong();

    /** Records one request and returns how many that URL has received, this one included. */
    long record(String pathAndQuery) {
        total.incrementAndGet();
        return byUrl.computeIfAbsent(pathAndQuery, key -> new AtomicLong()).incrementAndGet();
    }

    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    long count(String pathAndQuery) {
        AtomicLong counter = byUrl.get(pathAndQuery);
        return counter == null ? 0 : counter.get();
    }

    long total() {
        return total.get();
    }

    /** A sorted copy, so stats output is stable and easy to read. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byUrl.forEach((url, counter) -> copy.put(url, counter.get()));
        return copy;
    }

    void reset() {
        byUrl.clear();
        total.set(0);
    }
}
