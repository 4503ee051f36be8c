package dev.tiergate.trace;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in OpenTelemetry collector on a free port: accepts OTLP/HTTP protobuf posts to {@code /v1/traces} and keeps
 * every span it decodes. Anything else is answered 404 or 415, and counted as refused.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A received span, with its ids in the lower-case hex of {@code traceparent}. */
    public record ReceivedSpan(String name, String traceId, String spanId, String parentSpanId, String kind,
                               Map<String, Object> attributes, List<String> linkedSpanIds, String serviceName) {

        public Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start(Vertx vertx) throws Exception {
        OtlpReceiver[] holder = new OtlpReceiver[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String type = request.getHeader("Content-Type");
            if (!request.path().equals("/v1/traces") || !"POST".equals(request.method().name())) {
                holder[0].refused.add(request.method() + " " + request.path());
                request.response().setStatusCode(404).end();
                return;
            }
            if (!"application/x-protobuf".equals(type)) {
                holder[0].refused.add("Content-Type " + type);
                request.response().setStatusCode(415).end();
                return;
            }
            try {
                holder[0].accept(ExportTraceServiceRequest.parseFrom(body.getBytes()));
            } catch (Exception e) {
                holder[0].refused.add("undecodable: " + e.getMessage());
                request.response().setStatusCode(400).end();
                return;
            }
            request.response().putHeader("Content-Type", "application/x-protobuf")
                    .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
        }));
        holder[0] = new OtlpReceiver(server);
        server.listen(0, "127.0.0.1").await();
        return holder[0];
    }

    private void accept(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        request.getResourceSpansList().forEach(resource -> {
            String service = resource.getResource().getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
                    .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("");
            resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> {
                Map<String, Object> attributes = new LinkedHashMap<>();
                for (KeyValue kv : span.getAttributesList()) {
                    attributes.put(kv.getKey(), value(kv.getValue()));
                }
                spans.add(new ReceivedSpan(span.getName(), hex.formatHex(span.getTraceId().toByteArray()),
                        hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                        span.getKind().name(), attributes,
                        span.getLinksList().stream().map(link -> hex.formatHex(link.getSpanId().toByteArray())).toList(), service));
            }));
        });
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            default -> value.toString();
        };
    }

    /** The base URL a policy's {@code tracing.otlpEndpoint} names. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Requests that were not an OTLP/HTTP protobuf export of traces. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        server.close().await();
    }
}
