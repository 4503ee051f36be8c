package dev.tiergate.trace;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.plan.ServedOutcome;
import dev.tiergate.policy.OriginSettings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A traced request: its span (the server span of a client request, or the internal span of a background refresh) is
 * the explicit parent of every step's span, so nothing depends on a thread-local current context across the event
 * loop's callbacks.
 */
final class RecordedRequest implements RequestTrace {

    private final Tracer tracer;
    private final Span span;
    private final Context context;
    private final String method;
    private final AtomicBoolean ended = new AtomicBoolean();

    RecordedRequest(Tracer tracer, Span span, String method) {
        this.tracer = tracer;
        this.span = span;
        this.context = Context.root().with(span);
        this.method = method;
    }

    Span span() {
        return span;
    }

    @Override
    public boolean recording() {
        return true;
    }

    @Override
    public void routed(String route) {
        span.updateName(method + " " + route);
        span.setAttribute(SpanNames.ROUTE, route);
    }

    @Override
    public TraceSpan l1Lookup() {
        return TraceSpan.of(child(SpanNames.L1_LOOKUP, SpanKind.INTERNAL).startSpan());
    }

    @Override
    public TraceSpan l2Get() {
        return TraceSpan.of(child(SpanNames.L2_GET, SpanKind.CLIENT).setAttribute(SpanNames.DB_SYSTEM, "redis").startSpan());
    }

    @Override
    public TraceSpan l2Set() {
        return TraceSpan.of(child(SpanNames.L2_SET, SpanKind.CLIENT).setAttribute(SpanNames.DB_SYSTEM, "redis").startSpan());
    }

    @Override
    public OriginFetch originFetch(String originName, OriginSettings origin, String fetchMethod) {
        return OriginFetch.of(child(SpanNames.ORIGIN + fetchMethod, SpanKind.CLIENT)
                .setAttribute(SpanNames.ORIGIN_NAME, originName)
                .setAttribute(SpanNames.METHOD, fetchMethod)
                .setAttribute(SpanNames.SERVER_ADDRESS, origin.host())
                .setAttribute(SpanNames.SERVER_PORT, (long) origin.port())
                .startSpan());
    }

    @Override
    public void joined(RequestTrace leader) {
        span.setAttribute(SpanNames.COLLAPSED, true);
        if (leader instanceof RecordedRequest recorded) {
            span.addLink(recorded.span.getSpanContext());
        }
    }

    @Override
    public RequestTrace refresh(String route) {
        // A root of its own: the refresh outlives the response that set it off, which the link points back to.
        Span refresh = tracer.spanBuilder(SpanNames.REFRESH + route).setSpanKind(SpanKind.INTERNAL).setNoParent()
                .addLink(span.getSpanContext()).setAttribute(SpanNames.ROUTE, route).startSpan();
        return new RecordedRequest(tracer, refresh, method);
    }

    @Override
    public void refreshed() {
        end();
    }

    @Override
    public void served(int status, ServedOutcome outcome, CacheStatus cacheStatus, String cacheStatusName, boolean completed) {
        span.setAttribute(SpanNames.STATUS, (long) status);
        span.setAttribute(SpanNames.OUTCOME, outcome.tag());
        outcome.tier().ifPresent(tier -> span.setAttribute(SpanNames.TIER, tier));
        span.setAttribute(SpanNames.CACHE_STATUS, cacheStatus.format(cacheStatusName));
        span.setAttribute(SpanNames.COMPLETED, completed);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        end();
    }

    @Override
    public void abandoned() {
        span.setAttribute(SpanNames.COMPLETED, false);
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            span.end();
        }
    }

    private SpanBuilder child(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(context);
    }
}
