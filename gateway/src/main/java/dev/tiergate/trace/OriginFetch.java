package dev.tiergate.trace;

import dev.tiergate.http.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpClientResponse;

/**
 * One request to the origin, as a client span: the origin request carries this span's {@code traceparent}, and the
 * span ends when the response's body has ended (or failed), or the request failed.
 */
public interface OriginFetch {

    /** Without tracing: the fields go as they are, the client's trace fields included, and nothing is recorded. */
    OriginFetch NONE = new OriginFetch() {
        @Override
        public Headers propagate(Headers fields) {
            return fields;
        }

        @Override
        public void settled(AsyncResult<HttpClientResponse> result) {
        }
    };

    AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    /** The origin request's fields, with this fetch as the origin's parent span. */
    Headers propagate(Headers fields);

    /** The origin answered or failed: the status, then the end of the span when the body ends. */
    void settled(AsyncResult<HttpClientResponse> result);

    /** A recorded fetch. */
    static OriginFetch of(Span span) {
        return new OriginFetch() {
            @Override
            public Headers propagate(Headers fields) {
                return TraceFields.inject(fields, Context.root().with(span));
            }

            @Override
            public void settled(AsyncResult<HttpClientResponse> result) {
                if (result.failed()) {
                    span.recordException(result.cause());
                    span.setStatus(StatusCode.ERROR, result.cause().getClass().getSimpleName());
                    span.end();
                    return;
                }
                HttpClientResponse response = result.result();
                span.setAttribute(STATUS, (long) response.statusCode());
                if (response.statusCode() >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
                // Completes with the body's end, and fails when the exchange is reset or cut: either way the span ends.
                response.end().onComplete(ended -> span.end());
            }
        };
    }
}
