package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Compiles a policy into the canonical JSON document the edge worker loads: defaults resolved
 * into every route, durations in seconds (timeouts in milliseconds), XFetch's beta in thousandths (the
 * document holds integers only), sets sorted, keys sorted,
 * and a {@code hash} of the rest of the document. Listener settings and the edge purge API are left
 * out: they concern the gateway process, not caching decisions. Of the {@code server} section the gateway's
 * {@code Cache-Status} member name is kept, so that the worker's conformance runner can expect the member the
 * gateway writes (the worker itself names its own member from its binding), and so are the trusted upstreams,
 * since who may forward a client's host decides its key; of the secret, only the environment variable's name.
 */
public final class PolicyCompiler {

    /** The compiled format's version; a worker refuses documents of another. */
    public static final int FORMAT = 1;

    private PolicyCompiler() {
    }

    /** The compiled document: same policy, same bytes. */
    public static String compile(Policy policy) {
        Map<String, Object> document = document(policy);
        document.put("hash", hash(document));
        return CanonicalJson.write(document) + "\n";
    }

    /**
     * The compiled document's {@code hash} ({@code sha256:} and hex digits): what the gateway's readiness reports and
     * the worker's binding carries, so both can be told apart from another version of the policy.
     */
    public static String hash(Policy policy) {
        return hash(document(policy));
    }

    private static String hash(Map<String, Object> document) {
        return "sha256:" + KeyDerivation.sha256(CanonicalJson.write(document));
    }

    private static Map<String, Object> document(Policy policy) {
        Map<String, Object> document = new TreeMap<>();
        document.put("format", (long) FORMAT);
        Map<String, Object> origins = new TreeMap<>();
        policy.origins().forEach((name, origin) -> origins.put(name, origin(origin)));
        document.put("origins", origins);
        document.put("server", Map.of("cacheStatusName", policy.server().cacheStatusName()));
        Map<String, Object> segments = new TreeMap<>();
        policy.segments().forEach((name, segment) -> segments.put(name, segment(segment)));
        document.put("segments", segments);
        document.put("jwt", policy.jwt().map(PolicyCompiler::jwt).orElse(null));
        document.put("trustedUpstreams", policy.trustedUpstreams().isEnabled() ? trustedUpstreams(policy.trustedUpstreams()) : null);
        List<Object> routes = new ArrayList<>();
        policy.routes().forEach(route -> routes.add(route(route)));
        document.put("routes", routes);
        document.put("defaultRoute", route(policy.defaultRoute()));
        return document;
    }

    private static Map<String, Object> origin(OriginSettings origin) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", origin.url().toString());
        fields.put("connectTimeoutMs", origin.connectTimeout().toMillis());
        fields.put("firstByteTimeoutMs", origin.firstByteTimeout().toMillis());
        fields.put("idleTimeoutMs", origin.idleTimeout().toMillis());
        Map<String, Object> retries = new LinkedHashMap<>();
        retries.put("attempts", (long) origin.retries().attempts());
        retries.put("backoffMs", origin.retries().backoff().toMillis());
        retries.put("maxBackoffMs", origin.retries().maxBackoff().toMillis());
        fields.put("retries", retries);
        Map<String, Object> breaker = new LinkedHashMap<>();
        breaker.put("failures", (long) origin.breaker().failures());
        breaker.put("resetTimeoutMs", origin.breaker().resetTimeout().toMillis());
        fields.put("breaker", breaker);
        fields.put("preserveHost", origin.preserveHost());
        return fields;
    }

    private static Map<String, Object> trustedUpstreams(TrustedUpstreams trusted) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cidrs", trusted.cidrs().stream().map(Object::toString).toList());
        fields.put("secretEnv", trusted.secretEnv().orElse(null));
        return fields;
    }

    private static Map<String, Object> segment(SegmentDefinition segment) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("from", segment.source().spelling());
        fields.put("field", segment.field());
        fields.put("values", segment.values());
        fields.put("default", segment.defaultValue());
        return fields;
    }

    private static Map<String, Object> jwt(JwtSettings jwt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jwks", jwt.jwks());
        fields.put("algorithms", jwt.algorithms().stream().sorted().toList());
        fields.put("issuer", jwt.issuer().orElse(null));
        fields.put("audience", jwt.audience().orElse(null));
        fields.put("clockSkewSeconds", jwt.clockSkew().toSeconds());
        return fields;
    }

    static Map<String, Object> route(Route route) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", route.name());
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("host", route.host().pattern());
        match.put("methods", route.methods().stream().sorted().toList());
        match.put("path", route.path().toString());
        fields.put("match", match);
        fields.put("origin", route.origin());
        fields.put("cache", rule(route.cacheRule()));
        Map<String, Object> key = new LinkedHashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("mode", route.key().query().mode().name().toLowerCase(java.util.Locale.ROOT));
        query.put("names", route.key().query().names());
        key.put("query", query);
        key.put("headers", route.key().headers());
        key.put("cookies", route.key().cookies());
        key.put("segment", route.key().segment().orElse(null));
        fields.put("key", key);
        fields.put("tags", route.tags());
        fields.put("tiers", route.tiers().stream().sorted().toList());
        fields.put("forwardHeaders", route.forwardHeaders());
        fields.put("invalidToken", route.invalidToken().name().toLowerCase(java.util.Locale.ROOT));
        fields.put("rateLimit", route.rateLimit().map(limit -> {
            Map<String, Object> rate = new LinkedHashMap<>();
            rate.put("limit", limit.limit());
            rate.put("periodMs", limit.period().toMillis());
            rate.put("burst", limit.burst());
            rate.put("by", limit.by().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            rate.put("header", limit.header().isEmpty() ? null : limit.header());
            rate.put("shared", limit.shared());
            return (Object) rate;
        }).orElse(null));
        fields.put("bulkhead", route.bulkhead().map(limit -> (Object) Map.of("maxConcurrent", (long) limit.maxConcurrent())).orElse(null));
        return fields;
    }

    private static Map<String, Object> rule(CacheRule rule) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bypass", rule.bypass());
        fields.put("ttlSeconds", seconds(rule.ttlSeconds()));
        fields.put("minTtlSeconds", seconds(rule.minTtlSeconds()));
        fields.put("maxTtlSeconds", seconds(rule.maxTtlSeconds()));
        fields.put("negativeTtlSeconds", seconds(rule.negativeTtlSeconds()));
        fields.put("staleWhileRevalidateSeconds", seconds(rule.staleWhileRevalidateSeconds()));
        fields.put("staleIfErrorSeconds", seconds(rule.staleIfErrorSeconds()));
        fields.put("maxObjectBytes", rule.maxObjectBytes());
        fields.put("keepSeconds", rule.keepSeconds());
        fields.put("allowSetCookie", rule.allowSetCookie());
        fields.put("earlyRefresh", rule.refresh().beta().isPresent()
                ? (Object) Map.of("betaThousandths", Math.round(rule.refresh().beta().getAsDouble() * 1000)) : null);
        fields.put("refreshAhead", rule.refresh().aheadSeconds().isPresent()
                ? (Object) Map.of("whenSeconds", rule.refresh().aheadSeconds().getAsLong(), "minHits", rule.refresh().minHits()) : null);
        return fields;
    }

    private static Long seconds(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
