package dev.tiergate.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/** One step of a request the gateway times: an L1 lookup, an L2 get or set. Ending it twice ends it once. */
public interface TraceSpan {

    /** What a gateway without tracing hands out: it records nothing and allocates nothing. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public void end() {
        }

        @Override
        public void end(boolean hit) {
        }
    };

    /** Whether the tier had an answer for the key. */
    AttributeKey<Boolean> HIT = AttributeKey.booleanKey("tiergate.cache.hit");

    void end();

    /** Ends a lookup, saying whether it found something. */
    void end(boolean hit);

    /** A recorded step. */
    static TraceSpan of(Span span) {
        return new TraceSpan() {
            @Override
            public void end() {
                span.end();
            }

            @Override
            public void end(boolean hit) {
                span.setAttribute(HIT, hit);
                span.end();
            }
        };
    }
}
