package dev.tiergate.conformance;

import dev.tiergate.cache.CacheRequest;
import dev.tiergate.cache.Decision;
import dev.tiergate.cache.OriginAnswer;
import dev.tiergate.cache.StorePlan;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Conditionals;
import dev.tiergate.http.Headers;
import dev.tiergate.http.HopByHop;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.TokenResult;
import dev.tiergate.plan.ClientOrigin;
import dev.tiergate.plan.FailurePlan;
import dev.tiergate.plan.OriginRequest;
import dev.tiergate.plan.RequestPlan;
import dev.tiergate.plan.Routing;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request path of {@code dev.tiergate.proxy.GatewayHandler}, as a pure function of a conformance
 * vector: route, token rule, key, lookup, decision, and what the origin's answer (if the vector gives
 * one) turns into. Every decision is delegated to the pure core ({@link RequestPlan}, {@link OriginAnswer},
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

    /**
     * The cache that evaluates a vector: the tiers it holds and the member name it gives {@code Cache-Status}
     * (the edge worker's default name; the gateway's comes from the policy).
     */
    enum Cache {
        GATEWAY(RequestPlan.GATEWAY_TIERS, Optional.empty()),
        EDGE(RequestPlan.EDGE_TIERS, Optional.of("tiergate-edge"));

        final Set<String> tiers;
        /** Empty for the gateway, whose name is the policy's {@code server.cacheStatusName}. */
        final Optional<String> memberName;

        Cache(Set<String> tiers, Optional<String> memberName) {
            this.tiers = tiers;
            this.memberName = memberName;
        }

        static Cache named(String at) {
            return valueOf(at.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One vector's inputs.
     *
     * @param at the cache that evaluates it
     * @param peer the address the request's connection came from
     * @param scheme the connection's scheme
     * @param environment the gateway's environment variables (the trusted upstreams' secret)
     * @param storedTier the gateway tier the stored responses are found in ({@code l1}, {@code l2}); empty for a
     *     cache of one tier, whose member names none
     */
    record Input(Policy policy, Cache at, Instant now, String method, String target, Headers headers, String peer, String scheme,
                 Map<String, String> environment, TokenResult token, List<Stored> stored, Optional<String> storedTier,
                 Optional<Origin> origin) {
    }

    private final Input in;
    private final Map<String, Object> out = new LinkedHashMap<>();
    private RequestPlan plan;

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
        Optional<String> secret = in.policy().trustedUpstreams().secretEnv().map(in.environment()::get);
        ClientOrigin client = ClientOrigin.resolve(in.policy().trustedUpstreams(), in.peer(), in.scheme(), in.headers(), secret);
        out.put("trusted", client.trusted());
        out.put("host", client.host());
        out.put("clientIp", client.clientIp());
        out.put("scheme", client.scheme());
        Routing routing = RequestPlan.route(in.policy(), in.method(), in.target(), client);
        if (routing instanceof Routing.Malformed malformed) {
            reject(malformed.status(), malformed.cacheStatus(), Routing.Malformed.REASON);
            return;
        }
        Routing.Routed routed = (Routing.Routed) routing;
        out.put("route", routed.route().name());
        plan = RequestPlan.plan(in.policy(), routed, in.method(), in.target(), in.token(), in.at().tiers);
        out.put("tags", List.copyOf(routed.route().tagsFor(RequestParts.normalisePath(routed.path()))));
        if (plan.step() instanceof RequestPlan.Reject reject) {
            reject(reject.status(), reject.cacheStatus(), reject.cacheStatus().detail().orElseThrow());
            return;
        }
        plan.key().ifPresentOrElse(key -> {
            out.put("key", key.canonical());
            out.put("keyHash", key.hash());
            out.put("variant", key.variant());
            out.put("segment", key.segment());
            out.put("forwardTarget", key.forwardTarget());
        }, () -> out.put("keyProblem", plan.keyProblem()));
        if (plan.step() instanceof RequestPlan.PassThrough passThrough) {
            decided("bypass", passThrough.reason());
            passThrough(passThrough.cacheStatus());
            return;
        }
        RequestPlan.Reuse reuse = plan.decide(lookup(routed.host()), in.storedTier(), in.now());
        Decision decision = reuse.decision();
        decided(name(decision), decision.reason());
        if (decision instanceof Decision.Hit hit) {
            serveEntry(hit.entry(), reuse.cacheStatus(), in.now());
        } else if (decision instanceof Decision.StaleWhileRevalidate stale) {
            serveEntry(stale.entry(), reuse.cacheStatus(), in.now());
        } else if (decision instanceof Decision.Revalidate revalidate) {
            describeEntry(revalidate.entry(), in.now());
            fetch(reuse, Optional.of(revalidate.entry()), reuse.cacheStatus());
        } else if (decision instanceof Decision.Miss) {
            fetch(reuse, Optional.empty(), reuse.cacheStatus());
        } else {
            out.put("status", 504L);
            member(reuse.cacheStatus());
        }
    }

    private void reject(int status, CacheStatus cacheStatus, String reason) {
        decided("reject", reason);
        out.put("status", (long) status);
        member(cacheStatus);
    }

    /** As {@code ClientSink}: the member under the policy's {@code server.cacheStatusName}, or the edge's name. */
    private void member(CacheStatus cacheStatus) {
        out.put("cacheStatus", cacheStatus.format(in.at().memberName.orElse(in.policy().server().cacheStatusName())));
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
    private Optional<VariantSet> lookup(String host) {
        String hash = plan.keyHash();
        TokenResult token = in.token();
        VariantSet set = null;
        for (Stored stored : in.stored()) {
            String target = stored.target().isEmpty() ? in.target() : stored.target();
            Route storedRoute = in.policy().route(host, "GET", RequestParts.path(target));
            Headers requestHeaders = stored.requestHeaders().orElse(plan.cacheRequest().headers().without(NOT_INHERITED_BY_STORED_REQUEST));
            TokenResult storedToken = RequestPlan.usesToken(in.policy(), storedRoute) ? stored.token().orElse(token) : TokenResult.NONE;
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
        member(cacheStatus);
    }

    /** As {@code GatewayHandler.fetch} and {@code onOriginResponse}: a (conditional) GET for the cache. */
    private void fetch(RequestPlan.Reuse reuse, Optional<StoredResponse> stored, CacheStatus status) {
        if (in.origin().isEmpty()) {
            member(status);
            return;
        }
        Origin origin = in.origin().get();
        out.put("invalidates", List.of());
        OriginRequest sent = plan.originRequest(reuse.storedVary(), stored);
        out.put("originHeaders", fieldMap(plan.fetchHeaders(sent, in.policy().originOf(plan.route()))));
        if (origin.fault().isPresent()) {
            Fault fault = origin.fault().get();
            served(plan.onFailure(stored, status, fault.detail, fault.status, 0, in.now()), in.now());
            return;
        }
        int code = origin.status();
        Headers headers = HopByHop.strip(origin.headers());
        // A vector's body is known whole before its head is read, as if its length were declared: a body over
        // the limit is "too-large" here, where the gateway would learn it only while collecting a chunked body.
        long knownLength = Math.max(OriginAnswer.declaredLength(headers), origin.body().length);
        OriginAnswer answer = plan.answer(sent, stored, code, headers, knownLength, origin.requestTime(), origin.responseTime(), status);
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

    /** As {@code GatewayHandler.failOrServeStale}: the stale entry, or the failure. */
    private void served(FailurePlan failure, Instant at) {
        if (failure instanceof FailurePlan.ServeStale stale) {
            serveEntry(stale.entry(), stale.cacheStatus(), at);
        } else if (failure instanceof FailurePlan.Fail fail) {
            out.put("status", (long) fail.status());
            member(fail.cacheStatus());
        }
    }

    /** The fields the origin is sent, by lower-case name, repeated ones combined as RFC 9110 §5.3 allows. */
    private static Map<String, String> fieldMap(Headers headers) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : headers.entries()) {
            fields.merge(field.getKey().toLowerCase(java.util.Locale.ROOT), field.getValue(), (first, next) -> first + ", " + next);
        }
        return fields;
    }

    /** As {@code ClientSink.beginStream}: the origin's status, or 304 when the client's validators match it. */
    private void answerFromOrigin(int code, Headers headers, CacheStatus cacheStatus) {
        boolean notModified = Conditionals.notModified(in.method(), in.headers(), code, headers.without("Via"));
        out.put("status", notModified ? 304L : (long) code);
        member(cacheStatus);
    }

    /** As {@code GatewayHandler.passThrough}: forwarded as is; a non-error answer to an unsafe method invalidates. */
    private void passThrough(CacheStatus status) {
        if (in.origin().isEmpty()) {
            member(status);
            return;
        }
        Origin origin = in.origin().get();
        out.put("originHeaders", fieldMap(plan.passThroughHeaders(in.policy().originOf(plan.route()))));
        if (origin.fault().isPresent()) {
            out.put("status", (long) origin.fault().get().status);
            member(status.withDetail(origin.fault().get().detail));
            out.put("invalidates", List.of());
            return;
        }
        Headers headers = HopByHop.strip(origin.headers());
        out.put("invalidates", plan.invalidations(in.policy(), origin.status(), headers).stream().map(CacheKey::canonical).toList());
        answerFromOrigin(origin.status(), headers, status.withForwardStatus(origin.status()));
    }
}
