package dev.tiergate.proxy;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.plan.ServedOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * One client request as it ended: what the request-duration histogram and the access log are told.
 *
 * @param time when the request arrived, by the gateway's clock
 * @param target the request target as the access log shows it
 * @param segment the request's segment value; empty without one
 * @param subject the keyed hash of the verified JWT subject; empty without a verified token
 * @param requestId the request's id, as sent to the origin and returned to the client; empty when none was assigned
 * @param bytesSent body bytes written to the client
 * @param totalNanos from the request's arrival to the last byte of its response
 * @param originNanos time to the origin's response head, summed over this request's origin exchanges; -1 without one
 * @param completed false when the client's connection closed before the response ended
 */
record AccessEntry(Instant time, String method, String host, String target, String route, String segment, Optional<String> subject,
                   Optional<String> requestId, int status, long bytesSent, CacheStatus cacheStatus, ServedOutcome outcome,
                   long totalNanos, long originNanos, boolean completed) {

    /** What the handler learns about a request while it handles it, before its response ends. */
    static final class Draft {
        private final Instant time;
        private final long startNanos;
        private final String method;
        private String host = "";
        private String target = "";
        private String route = "none";
        private String segment = "";
        private Optional<String> subject = Optional.empty();
        private Optional<String> requestId = Optional.empty();
        private long originNanos = -1;

        Draft(Instant time, long startNanos, String method) {
            this.time = time;
            this.startNanos = startNanos;
            this.method = method;
        }

        Draft request(String newHost, String newTarget) {
            host = newHost;
            target = newTarget;
            return this;
        }

        Draft route(String name, String segmentValue) {
            route = name;
            segment = segmentValue;
            return this;
        }

        Draft subject(Optional<String> hashed) {
            subject = hashed;
            return this;
        }

        Draft requestId(String id) {
            requestId = Optional.of(id);
            return this;
        }

        Optional<String> requestId() {
            return requestId;
        }

        String route() {
            return route;
        }

        /** Adds one origin exchange's time to its response head. */
        void originTime(long nanos) {
            originNanos = Math.max(0, originNanos) + nanos;
        }

        AccessEntry served(int status, long bytesSent, CacheStatus cacheStatus, ServedOutcome outcome, boolean completed) {
            return new AccessEntry(time, method, host, target, route, segment, subject, requestId, status, bytesSent, cacheStatus,
                    outcome, System.nanoTime() - startNanos, originNanos, completed);
        }
    }
}
