package dev.tiergate.conformance;

import dev.tiergate.cache.CacheRequest;
import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.Decider;
import dev.tiergate.cache.Decision;
import dev.tiergate.cache.OriginAnswer;
import dev.tiergate.cache.StorePlan;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Conditionals;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HopByHop;
import dev.tiergate.http.RequestTarget;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.SegmentDefinition;
import dev.tiergate.policy.TokenResult;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request path of {@code dev.tiergate.proxy.GatewayHandler}, as a pure function of a conformance
 * vector: route, token rule, key, lookup, decision, and what the origin's answer (if the vector gives
 * one) turns into. Every decision is delegated to the pure core ({@link Decider}, {@link OriginAnswer},
 * {@link StorePlan}, {@link KeyDerivation}); this class only wires them the way the gateway does,
 * so that a vector checks the same behaviour the gateway has at run time, and the edge worker can be
 * held to the same expectations. Not covered: rate limits (stateful), collapsing and streaming.
 *
 * <p>The outcome is a map keyed by the names of the vectors' {@code expect} fields.
 */
final class VectorEvaluator {

    /** Request fields that describe one client exchange, not the request that stored an entry. */
    private static final String[] NOT_INHERITED_BY_STORED_REQUEST = {"Cache-Control", "Pragma", "If-None-Match",
            "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Content-Length", "Transfer-Encoding"};

    /** A transport failure instead of an origin response, and what the gateway makes of it. */
    enum Fault {
        UNREACHABLE("origin-unreachable", 502),
        TIMEOUT("origin-timeout", 504),
        RESET("origin-reset", 502);

        final String detail;
        final int status;

        Fault(String detail, int status) {
            this.detail = detail;
            this.status = status;
        }
    }

    /** A response stored earlier, and the GET request that stored it. */
    record Stored(String target, int status, Headers headers, byte[] body, Instant requestTime, Instant responseTime,
                  Optional<Headers> requestHeaders, Optional<TokenResult> token) {
    }

    /** What the origin answers when contacted: a response, or a fault. */
    record Origin(int status, Headers headers, byte[] body, Instant requestTime, Instant responseTime, Optional<Fault> fault) {
    }

    /** One vector's inputs. */
    record Input(Policy policy, Instant now, String method, String target, Headers headers, TokenResult token,
                 List<Stored> stored, Optional<Origin> origin) {
    }

    private final Input in;
    private final Map<String, Object> out = new LinkedHashMap<>();
    private CacheRequest cacheRequest;
    /** The request fields stored variants of the family vary on; a fetch forwards them. */
    private final java.util.Set<String> storedVary = new java.util.HashSet<>();
    private Route route;

    private VectorEvaluator(Input in) {
        this.in = in;
    }

    /** The outcome of a vector, keyed like its {@code expect} fields. */
    static Map<String, Object> evaluate(Input in) {
        VectorEvaluator evaluator = new VectorEvaluator(in);
        evaluator.run();
        return evaluator.out;
    }

    private void run() {
        Optional<RequestTarget.Rejection> rejection = RequestTarget.check(in.target(), in.headers().first("Host"));
        if (rejection.isPresent()) {
            reject(rejection.get().status(), CacheStatus.forward("bypass", "bad-request"), "bad-request");
            return;
        }
        Policy policy = in.policy();
        String host = in.headers().first("Host").orElseThrow();
        String path = RequestParts.path(in.target());
        route = policy.route(host, in.method(), path);
        out.put("route", route.name());
        out.put("tags", List.copyOf(route.tagsFor(RequestParts.normalisePath(path))));
        TokenResult token = usesToken(policy, route) ? in.token() : TokenResult.NONE;
        if (usesToken(policy, route) && route.invalidToken() == Route.InvalidToken.REJECT && token.state() != TokenResult.State.VALID) {
            String detail = token.state() == TokenResult.State.NONE ? "token-missing" : "token-" + token.reason();
            reject(401, CacheStatus.forward("bypass", detail), detail);
            return;
        }
        KeyDerivation.Result derived = KeyDerivation.derive(route, policy.segments(), host, in.target(), in.headers(), token);
        derived.key().ifPresentOrElse(key -> {
            out.put("key", key.canonical());
            out.put("keyHash", key.hash());
            out.put("variant", key.variant());
            out.put("segment", key.segment());
            out.put("forwardTarget", key.forwardTarget());
        }, () -> out.put("keyProblem", derived.problem()));
        cacheRequest = new CacheRequest(in.method(), in.headers(), derived.key().map(CacheKey::variant).orElse(""));
        CacheRule rule = route.cacheRule();
        if (cacheRequest.isCacheableMethod() && !rule.bypass() && derived.key().isEmpty()) {
            decided("bypass", derived.problem());
            passThrough(CacheStatus.forward("bypass", derived.problem()));
            return;
        }
        if (cacheRequest.isCacheableMethod() && hasRequestBody(in.headers())) {
            decided("bypass", "request-body");
            passThrough(CacheStatus.forward("bypass", "request-body"));
            return;
        }
        Optional<VariantSet> variants = cacheRequest.isCacheableMethod() && !rule.bypass()
                ? lookup(derived.key().orElseThrow().hash(), host, token) : Optional.empty();
        Optional<StoredResponse> stored = variants.flatMap(set -> set.match(cacheRequest));
        variants.ifPresent(set -> set.variants().forEach(variant -> storedVary.addAll(variant.varyFields())));
        Decision decision = Decider.decide(cacheRequest, stored, variants.isPresent() && stored.isEmpty(), rule, in.now());
        decided(name(decision), decision.reason());
        if (decision instanceof Decision.Hit hit) {
            serveEntry(hit.entry(), hit.cacheStatus(), in.now());
        } else if (decision instanceof Decision.StaleWhileRevalidate stale) {
            serveEntry(stale.entry(), stale.cacheStatus(), in.now());
        } else if (decision instanceof Decision.Revalidate revalidate) {
            describeEntry(revalidate.entry(), in.now());
            fetch(Optional.of(revalidate.entry()), revalidate.cacheStatus());
        } else if (decision instanceof Decision.Miss miss) {
            fetch(Optional.empty(), miss.cacheStatus());
        } else if (decision instanceof Decision.Bypass bypass) {
            passThrough(bypass.cacheStatus());
        } else {
            out.put("status", 504L);
            out.put("cacheStatus", decision.cacheStatus().format());
        }
    }

    /** As {@code ActivePolicy.usesToken}: a keyed JWT segment or a per-subject rate limit. */
    static boolean usesToken(Policy policy, Route route) {
        boolean jwtSegment = route.key().segment().map(policy.segments()::get)
                .map(segment -> segment.source() == SegmentDefinition.Source.JWT).orElse(false);
        boolean subjectLimit = route.rateLimit().map(limit -> limit.by() == RateLimitSpec.By.JWT_SUBJECT).orElse(false);
        return jwtSegment || subjectLimit;
    }

    private void reject(int status, CacheStatus cacheStatus, String reason) {
        decided("reject", reason);
        out.put("status", (long) status);
        out.put("cacheStatus", cacheStatus.format());
    }

    private void decided(String decision, String reason) {
        out.put("decision", decision);
        out.put("reason", reason);
    }

    private static String name(Decision decision) {
        if (decision instanceof Decision.Hit) {
            return "hit";
        }
        if (decision instanceof Decision.StaleWhileRevalidate) {
            return "stale-while-revalidate";
        }
        if (decision instanceof Decision.Revalidate) {
            return "revalidate";
        }
        if (decision instanceof Decision.Miss) {
            return "miss";
        }
        if (decision instanceof Decision.Bypass) {
            return "bypass";
        }
        return "unsatisfiable";
    }

    /** The variant set for the request's key: the vector's stored responses whose key matches, stored in order. */
    private Optional<VariantSet> lookup(String hash, String host, TokenResult token) {
        VariantSet set = null;
        for (Stored stored : in.stored()) {
            String target = stored.target().isEmpty() ? in.target() : stored.target();
            Route storedRoute = in.policy().route(host, "GET", RequestParts.path(target));
            Headers requestHeaders = stored.requestHeaders().orElse(in.headers().without(NOT_INHERITED_BY_STORED_REQUEST));
            TokenResult storedToken = usesToken(in.policy(), storedRoute) ? stored.token().orElse(token) : TokenResult.NONE;
            KeyDerivation.Result key = KeyDerivation.derive(storedRoute, in.policy().segments(), host, target, requestHeaders, storedToken);
            if (key.key().isEmpty()) {
                throw new IllegalArgumentException("stored: its request has no key (" + key.problem() + ")");
            }
            StorePlan plan = StorePlan.plan(new CacheRequest("GET", requestHeaders, key.key().get().variant()), stored.status(),
                    HopByHop.strip(stored.headers()), stored.body(), stored.requestTime(), stored.responseTime(),
                    storedRoute.cacheRule(), storedRoute.tagsFor(RequestParts.normalisePath(RequestParts.path(target))));
            if (!plan.storable()) {
                throw new IllegalArgumentException("stored: the response would not have been stored (" + plan.reason().code() + ")");
            }
            if (key.key().get().hash().equals(hash)) {
                set = set == null ? VariantSet.of(plan.entry().get()) : set.with(plan.entry().get());
            }
        }
        return Optional.ofNullable(set);
    }

    /** The entry's figures, as of {@code at}. */
    private void describeEntry(StoredResponse entry, Instant at) {
        out.put("age", entry.ageSeconds(at));
        out.put("ttl", entry.ttlSeconds(at));
        out.put("lifetime", entry.lifetimeSeconds());
        out.put("staleWhileRevalidate", entry.staleWhileRevalidateSeconds());
        out.put("staleIfError", entry.staleIfErrorSeconds());
    }

    /** As {@code ClientSink.fromEntry}: the stored status, or 304 when the client's validators match. */
    private void serveEntry(StoredResponse entry, CacheStatus cacheStatus, Instant at) {
        describeEntry(entry, at);
        boolean notModified = Conditionals.notModified(in.method(), in.headers(), entry.status(), entry.headers());
        out.put("status", notModified ? 304L : (long) entry.status());
        out.put("cacheStatus", cacheStatus.format());
    }

    /** As {@code GatewayHandler.fetch} and {@code onOriginResponse}: a (conditional) GET for the cache. */
    private void fetch(Optional<StoredResponse> stored, CacheStatus status) {
        if (in.origin().isEmpty()) {
            out.put("cacheStatus", status.format());
            return;
        }
        Origin origin = in.origin().get();
        out.put("invalidates", List.of());
        if (origin.fault().isPresent()) {
            failOrServeStale(stored, status, origin.fault().get());
            return;
        }
        int code = origin.status();
        Headers headers = HopByHop.strip(origin.headers());
        boolean conditional = stored.isPresent() && stored.get().hasValidators();
        // A vector's body is known whole before its head is read, as if its length were declared: a body over
        // the limit is "too-large" here, where the gateway would learn it only while collecting a chunked body.
        long knownLength = Math.max(OriginAnswer.declaredLength(headers), origin.body().length);
        // As GatewayHandler.fetch: the origin is sent the safe, keyed, Vary-listed and route-listed fields only,
        // and a stored Vary is matched against what was sent.
        java.util.Set<String> allowed = new java.util.HashSet<>(route.key().headers());
        allowed.addAll(route.forwardHeaders());
        allowed.addAll(storedVary);
        Headers sent = dev.tiergate.http.ForwardingHeaders.keepForCache(cacheRequest.headers(), allowed, route.key().cookies());
        OriginAnswer answer = OriginAnswer.plan(cacheRequest, sent, stored, conditional, code, headers,
                knownLength, origin.requestTime(), origin.responseTime(), route.cacheRule(), status);
        if (answer instanceof OriginAnswer.Freshened freshened) {
            out.put("freshened", true);
            out.put("storable", true);
            out.put("storeReason", "stored");
            serveEntry(freshened.entry(), freshened.cacheStatus(), origin.responseTime());
        } else if (answer instanceof OriginAnswer.RefetchUnconditionally) {
            // The gateway now fetches the full response unconditionally: a second exchange, out of a vector's scope.
            out.put("freshened", false);
            out.remove("status");
        } else if (answer instanceof OriginAnswer.ServeStaleOnError stale) {
            serveEntry(stale.entry(), stale.cacheStatus(), origin.responseTime());
        } else if (answer instanceof OriginAnswer.Collect collect) {
            out.put("storable", true);
            out.put("storeReason", "stored");
            describeEntry(collect.preview(), origin.responseTime());
            answerFromOrigin(code, headers, collect.cacheStatus());
        } else if (answer instanceof OriginAnswer.Forward forward) {
            out.put("storable", false);
            out.put("storeReason", forward.reason());
            answerFromOrigin(code, headers, forward.cacheStatus());
        } else {
            throw new IllegalStateException("unexpected origin answer: " + answer);
        }
    }

    /** As {@code GatewayHandler.failOrServeStale} for a transport failure. */
    private void failOrServeStale(Optional<StoredResponse> stored, CacheStatus status, Fault fault) {
        if (stored.isPresent() && Decider.mayServeStaleOnError(stored.get(), cacheRequest.directives(), in.now())) {
            serveEntry(stored.get(), OriginAnswer.staleIfErrorStatus(stored.get(), status, 0, in.now()), in.now());
            return;
        }
        out.put("status", (long) fault.status);
        out.put("cacheStatus", status.withDetail(fault.detail).format());
    }

    /** As {@code ClientSink.beginStream}: the origin's status, or 304 when the client's validators match it. */
    private void answerFromOrigin(int code, Headers headers, CacheStatus cacheStatus) {
        boolean notModified = Conditionals.notModified(in.method(), in.headers(), code, headers.without("Via"));
        out.put("status", notModified ? 304L : (long) code);
        out.put("cacheStatus", cacheStatus.format());
    }

    /** As {@code GatewayHandler.passThrough}: forwarded as is; a non-error answer to an unsafe method invalidates. */
    private void passThrough(CacheStatus status) {
        if (in.origin().isEmpty()) {
            out.put("cacheStatus", status.format());
            return;
        }
        Origin origin = in.origin().get();
        if (origin.fault().isPresent()) {
            out.put("status", (long) origin.fault().get().status);
            out.put("cacheStatus", status.withDetail(origin.fault().get().detail).format());
            out.put("invalidates", List.of());
            return;
        }
        Headers headers = HopByHop.strip(origin.headers());
        List<String> invalidated = new ArrayList<>();
        if (Decider.invalidatesTarget(in.method(), origin.status())) {
            String host = in.headers().first("Host").orElseThrow();
            invalidatedKey(host, in.target()).ifPresent(invalidated::add);
            for (String field : new String[] {"Location", "Content-Location"}) {
                headers.first(field).flatMap(value -> dev.tiergate.http.SameHostTarget.of(value, host))
                        .flatMap(target -> invalidatedKey(host, target)).ifPresent(invalidated::add);
            }
        }
        out.put("invalidates", List.copyOf(invalidated));
        answerFromOrigin(origin.status(), headers, status.withForwardStatus(origin.status()));
    }

    /** As {@code GatewayHandler.invalidateUri}: the family (canonical key) the URI's GET route gives it. */
    private Optional<String> invalidatedKey(String host, String target) {
        Route getRoute = in.policy().route(host, "GET", RequestParts.path(target));
        return KeyDerivation.derive(getRoute, in.policy().segments(), host, target, in.headers(), TokenResult.NONE)
                .key().map(CacheKey::canonical);
    }


    private static boolean hasRequestBody(Headers headers) {
        return headers.contains("Transfer-Encoding") || headers.first("Content-Length").map(VectorEvaluator::parseLength).orElse(0L) > 0;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
