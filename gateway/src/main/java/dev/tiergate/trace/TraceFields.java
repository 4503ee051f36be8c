package dev.tiergate.trace;

import dev.tiergate.http.Headers;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;

/**
 * The W3C Trace Context fields ({@code traceparent}, {@code tracestate}) read from a client request and written on an
 * origin request. A tracing gateway is a participant: it forwards its own span's {@code traceparent}, never the
 * client's, so a malformed one (not version 00's 32/16 lower-case hex digits, or all zeros) starts a new trace and
 * never reaches the origin as it came, and {@code tracestate} goes on only beside a valid parent.
 */
final class TraceFields {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<MultiMap> REQUEST = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapSetter<Headers.Builder> ORIGIN_REQUEST = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.set(key, value);
        }
    };

    private TraceFields() {
    }

    /** The caller's span context, when the request carries a valid one; the root context otherwise. */
    static Context extract(MultiMap requestHeaders) {
        return PROPAGATOR.extract(Context.root(), requestHeaders, REQUEST);
    }

    /** {@code fields} with the client's trace fields replaced by {@code context}'s. */
    static Headers inject(Headers fields, Context context) {
        Headers.Builder builder = fields.without(TRACEPARENT, TRACESTATE).toBuilder();
        PROPAGATOR.inject(context, builder, ORIGIN_REQUEST);
        return builder.build();
    }
}
