package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps {@code policies/policy.schema.json} (what editors check) and the loader (what the gateway
 * accepts) in step: the same keys everywhere, every example valid for both, and invalid documents
 * rejected by both.
 */
class PolicySchemaTest {

    private static final Path POLICIES = Path.of("..", "policies");
    private static final JsonObject SCHEMA = PolicySchema.SCHEMA;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(POLICIES)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsValidForSchemaAndLoader(Path example) throws Exception {
        OutputUnit result = PolicySchema.validate(Files.readString(example));

        assertThat(result.getValid()).as(example + ": " + result.toJson().encodePrettily()).isTrue();
        PolicyLoader.load(example);
    }

    @Test
    void schemaNamesExactlyTheKeysTheLoaderAccepts() {
        JsonObject defs = SCHEMA.getJsonObject("$defs");
        assertThat(keys(SCHEMA)).isEqualTo(PolicyLoader.TOP_LEVEL);
        assertThat(keys(defs.getJsonObject("rule"))).isEqualTo(PolicyLoader.RULE);
        assertThat(keys(defs.getJsonObject("segment"))).isEqualTo(PolicyLoader.SEGMENT);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("jwt"))).isEqualTo(PolicyLoader.JWT);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("server"))).isEqualTo(PolicyLoader.SERVER);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("server").getJsonObject("properties")
                .getJsonObject("trustedUpstreams"))).isEqualTo(PolicyLoader.TRUSTED_UPSTREAMS);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("l1"))).isEqualTo(PolicyLoader.L1);
        JsonObject l2 = SCHEMA.getJsonObject("properties").getJsonObject("l2");
        assertThat(keys(l2)).isEqualTo(L2Reader.L2);
        assertThat(keys(l2.getJsonObject("properties").getJsonObject("tls"))).isEqualTo(L2Reader.TLS);
        JsonObject edge = SCHEMA.getJsonObject("properties").getJsonObject("edge");
        assertThat(keys(edge)).isEqualTo(EdgeReader.EDGE);
        assertThat(keys(edge.getJsonObject("properties").getJsonObject("cloudflare"))).isEqualTo(EdgeReader.CLOUDFLARE);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("tracing"))).isEqualTo(TracingReader.TRACING);
        assertThat(keys(defs.getJsonObject("origin").getJsonArray("oneOf").getJsonObject(1))).isEqualTo(PolicyLoader.ORIGIN);
        assertThat(keys(defs.getJsonObject("route"))).isEqualTo(RouteReader.ROUTE);
        assertThat(keys(defs.getJsonObject("route").getJsonObject("properties").getJsonObject("match"))).isEqualTo(RouteReader.MATCH);
        assertThat(keys(defs.getJsonObject("key"))).isEqualTo(RouteReader.KEY);
        assertThat(keys(defs.getJsonObject("auth"))).isEqualTo(RouteReader.AUTH);
        assertThat(keys(defs.getJsonObject("rateLimit"))).isEqualTo(RouteReader.RATE_LIMIT);
        assertThat(keys(defs.getJsonObject("retries"))).isEqualTo(PolicyLoader.RETRIES);
        assertThat(keys(defs.getJsonObject("breaker"))).isEqualTo(PolicyLoader.BREAKER);
        assertThat(keys(defs.getJsonObject("bulkhead"))).isEqualTo(RouteReader.BULKHEAD);
        assertThat(keys(defs.getJsonObject("earlyRefresh"))).isEqualTo(PolicyLoader.EARLY_REFRESH);
        assertThat(keys(defs.getJsonObject("refreshAhead"))).isEqualTo(PolicyLoader.REFRESH_AHEAD);
        assertThat(keys(SCHEMA.getJsonObject("properties").getJsonObject("defaultRoute"))).isEqualTo(RouteReader.DEFAULT_ROUTE);
        Set<String> cacheKeys = new java.util.HashSet<>(PolicyLoader.RULE);
        cacheKeys.addAll(RouteReader.CACHE_EXTRA);
        assertThat(keys(defs.getJsonObject("cache").getJsonArray("oneOf").getJsonObject(1))).isEqualTo(cacheKeys);
        assertThat(enumOf(defs.getJsonObject("route").getJsonObject("properties").getJsonObject("match")
                .getJsonObject("properties").getJsonObject("methods").getJsonObject("items"))).isEqualTo(RouteReader.METHODS);
        assertThat(enumOf(SCHEMA.getJsonObject("properties").getJsonObject("jwt").getJsonObject("properties")
                .getJsonObject("algorithms").getJsonObject("items"))).isEqualTo(PolicyLoader.ALGORITHMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { tll: 5m }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { ttl: -5m }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a, methods: [FETCH] }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - match: { path: /a }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nsegments:\n  plan: { from: cookie, values: [a], default: b, cookie: plan }\nroutes:\n"
            + "  - name: a\n    match: { path: /a }\n    rateLimit: { rate: ten/1s }\n",
        "version: 2\norigin: http://127.0.0.1:8081\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, retries: { attempts: -1 } }\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, retries: { attempts: 11 } }\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, retries: { attemps: 2 } }\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, retries: { backoff: fast } }\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, breaker: { failures: 0 } }\n",
        "version: 1\norigin: { url: http://127.0.0.1:8081, breaker: { resetTimeout: 10 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    bulkhead: { maxConcurrent: 0 }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ndefaultRoute: { bulkhead: { max: 10 } }\n",
        "version: 1\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { earlyRefresh: { beta: 0 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { earlyRefresh: { beta: 101 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ndefaults: { earlyRefresh: {} }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { refreshAhead: { minHits: 5 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { refreshAhead: { when: 10s, minHits: 0 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { refreshAhead: { when: soon } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: {}\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { apiTokenEnv: CF_TOKEN } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: 0123456789abcdef } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: 0123456789abcdef0123456789abcdef, apiToken: x } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: 0123456789abcdef0123456789abcdef, apiTokenEnv: cf-token } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: 0123456789abcdef0123456789abcdef, apiBase: http://cf.internal } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nedge: { cloudflare: { zoneId: 0123456789abcdef0123456789abcdef, batchSize: 501 } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: {} }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { cidrs: [] } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { cidrs: [edge.internal] } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { secretEnv: edge-secret } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\nserver: { trustedUpstreams: { secret: abc } }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ntracing: {}\n",
        "version: 1\norigin: http://127.0.0.1:8081\ntracing: { otlpEndpoint: collector:4318 }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ntracing: { otlpEndpoint: http://127.0.0.1:4318, sampleRatio: 1.5 }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ntracing: { otlpEndpoint: http://127.0.0.1:4318, serviceName: my gateway }\n",
        "version: 1\norigin: http://127.0.0.1:8081\ntracing: { otlpEndpoint: http://127.0.0.1:4318, enabled: true }\n",
    })
    void invalidDocumentsAreRejectedByBoth(String yaml) {
        assertThat(PolicySchema.validate(yaml).getValid()).isFalse();
        assertThatThrownBy(() -> PolicyLoader.parse("invalid.yaml", yaml)).isInstanceOf(PolicyException.class);
    }

    private static Set<String> keys(JsonObject objectSchema) {
        return objectSchema.getJsonObject("properties").fieldNames().stream().collect(Collectors.toSet());
    }

    private static Set<String> enumOf(JsonObject schema) {
        return schema.getJsonArray("enum").stream().map(Object::toString).collect(Collectors.toSet());
    }



}
