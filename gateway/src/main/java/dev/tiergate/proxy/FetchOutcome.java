package dev.tiergate.proxy;

import dev.tiergate.cache.StoredResponse;

/** What a shared origin fetch produced, as seen by the requests that waited for it. */
sealed interface FetchOutcome {

    /** A response was stored; waiters whose Vary values match serve it. */
    record Stored(StoredResponse entry, int forwardStatus) implements FetchOutcome {
    }

    /** The response could not be shared; each waiter asks the origin itself. */
    record NotShared() implements FetchOutcome {
    }

    /** The origin failed; waiters serve stale if they may, or the failure's status. */
    record Failed(OriginFailure failure, int forwardStatus) implements FetchOutcome {
    }
}
