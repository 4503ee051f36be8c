package dev.tiergate.trace;

import dev.tiergate.policy.TracingSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's tracing: off ({@link #OFF}: no SDK, no exporter, every request {@link RequestTrace#NONE}), or an
 * OpenTelemetry SDK whose batch span processor exports over OTLP/HTTP (protobuf) to the policy's
 * {@code tracing.otlpEndpoint}. Spans are made by hand where the gateway does the work, so that a proxy that opens its
 * own origin requests (shared by collapsed requests, or sent in the background) gets spans that say so.
 */
public final class Tracing {

    /** No tracing: the client's trace fields pass through to the origin untouched, as through any other hop. */
    public static final Tracing OFF = new Tracing(null, null);
    /** The instrumentation scope of the gateway's spans. */
    static final String SCOPE = "dev.tiergate.gateway";
    /** How long closing waits for the last batch to reach the collector. */
    static final long FLUSH_TIMEOUT_SECONDS = 10;

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SdkTracerProvider provider, Tracer tracer) {
        this.provider = provider;
        this.tracer = tracer;
    }

    /**
     * Starts tracing as the policy says, or {@link #OFF} without a {@code tracing} section.
     *
     * @throws IllegalStateException when the exporter cannot be built
     */
    public static Tracing start(Optional<TracingSettings> settings) {
        return settings.map(Tracing::sdk).orElse(OFF);
    }

    private static Tracing sdk(TracingSettings settings) {
        OtlpHttpSpanExporter exporter;
        try {
            exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).build();
        } catch (RuntimeException e) {
            throw new IllegalStateException("tracing: cannot export to " + settings.tracesUrl() + ": " + e.getMessage(), e);
        }
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), settings.serviceName())));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                // A caller's sampled flag is followed; new traces are sampled at the policy's ratio.
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        return new Tracing(provider, provider.get(SCOPE));
    }

    /** True when spans are made and exported. */
    public boolean enabled() {
        return provider != null;
    }

    /**
     * The trace of a client request: a server span, the child of the request's {@code traceparent} when it carries a
     * valid one, else the root of a new trace.
     */
    public RequestTrace request(HttpServerRequest request) {
        if (provider == null) {
            return RequestTrace.NONE;
        }
        String method = request.method().name();
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(TraceFields.extract(request.headers()))
                .setAttribute(SpanNames.METHOD, method).setAttribute(SpanNames.PATH, request.path()).startSpan();
        return new RecordedRequest(tracer, span, method);
    }

    /** Exports the spans still buffered, then stops the exporter; off the event loop, since the flush blocks. */
    public Future<Void> close(Vertx vertx) {
        if (provider == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            provider.shutdown().join(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        });
    }
}
