package dev.tiergate.plan;

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
import dev.tiergate.http.ForwardingHeaders;
import dev.tiergate.http.Headers;
import dev.tiergate.http.RequestTarget;
import dev.tiergate.http.SameHostTarget;
import dev.tiergate.http.SurrogateKeys;
import dev.tiergate.policy.CacheKey;
import dev.tiergate.policy.KeyDerivation;
import dev.tiergate.policy.OriginSettings;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RequestParts;
import dev.tiergate.policy.Route;
import dev.tiergate.policy.SegmentDefinition;
import dev.tiergate.policy.TokenResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One request's plan: route, token rule, segment, key, and then, step by step as the caller's I/O
 * supplies what the tiers hold and what the origin answers, the reuse decision, what is forwarded,
 * what is stored and the {@code Cache-Status} of each outcome.
 *
 * <p>The gateway's handler, the conformance vectors and the edge worker's twin
 * ({@code edge-worker/src/core/plan/RequestPlan.js}) all take these same steps, so a vector checks
 * the behaviour the running gateway has. The steps are separate functions because I/O happens
 * between them: the bearer token is verified after routing (only when the route uses it), the tiers
 * are read after keying, the origin is asked after deciding.
 *
 * @param route the request's route
 * @param client who made the request: the host it is keyed under, its address and scheme
 * @param method the request method, upper case
 * @param target the request target as the client sent it (forwarded as is on pass-through)
 * @param token the verified token outcome ({@link TokenResult#NONE} on routes that use none)
 * @param key the cache key, when one could be derived
 * @param keyProblem why no key could be derived; empty when there is a key
 * @param cacheRequest the parts of the request the cache decisions read
 * @param tags the route's tags for the request's (normalised) path
 * @param step what happens next
 */
public record RequestPlan(Route route, ClientOrigin client, String method, String target, TokenResult token, Optional<CacheKey> key,
                          String keyProblem, CacheRequest cacheRequest, Set<String> tags, Step step) {

    /** The request field that tells the origin which segment a cacheable request belongs to. */
    public static final String SEGMENT_FIELD = "Tiergate-Segment";
    /** The reason code of a GET or HEAD with a body: its response is never shared. */
    public static final String REQUEST_BODY = "request-body";
    /** The reason code of a missing token on a route that rejects requests without a valid one. */
    public static final String TOKEN_MISSING = "token-missing";
    /** The reason code of a request on a route whose {@code tiers} leave out every tier of the cache planning it. */
    public static final String ROUTE_TIERS = "route-tiers";
    /** The tiers the gateway holds entries in. */
    public static final Set<String> GATEWAY_TIERS = Set.of("l1", "l2");
    /** The tier the edge worker holds entries in. */
    public static final Set<String> EDGE_TIERS = Set.of("edge");

    public RequestPlan {
        tags = Set.copyOf(new LinkedHashSet<>(tags));
    }

    /** What a request's plan does after keying. */
    public sealed interface Step {
    }

    /**
     * Refused without touching the cache or the origin.
     *
     * @param status the status the client gets
     * @param fields fields the refusal carries (such as {@code WWW-Authenticate})
     * @param message why, for the response body
     */
    public record Reject(int status, CacheStatus cacheStatus, Headers fields, String message) implements Step {
    }

    /**
     * Forwarded as is and streamed back, neither looked up nor stored.
     *
     * @param reason why: {@code method}, {@code route-bypass}, {@code request-body} or a key problem
     */
    public record PassThrough(String reason, CacheStatus cacheStatus) implements Step {
    }

    /** Looked up in the tiers the route allows, then decided by {@link #decide}. */
    public record Lookup() implements Step {
    }

    /**
     * The outcome of {@link #decide}.
     *
     * @param decision what to do with what the tiers hold
     * @param storedVary the request fields stored variants of the family vary on, which a fetch forwards
     * @param cacheStatus the decision's {@code Cache-Status}, with the tier of the stored response when the
     *     decision serves or revalidates one; later steps start from it
     */
    public record Reuse(Decision decision, Set<String> storedVary, CacheStatus cacheStatus) {
        public Reuse {
            storedVary = Set.copyOf(storedVary);
        }
    }

    /**
     * Routes a request by its client's host, or refuses it when its target or that host is malformed: a
     * forwarded host is held to the rules of {@code Host}, so a trusted upstream cannot poison a key either.
     *
     * @param client who made the request ({@link ClientOrigin#resolve}); its fields are the ones the plan reads
     */
    public static Routing route(Policy policy, String method, String target, ClientOrigin client) {
        Optional<RequestTarget.Rejection> rejection = RequestTarget.check(target, Optional.of(client.host()));
        if (rejection.isPresent()) {
            return new Routing.Malformed(rejection.get().status(), rejection.get().reason());
        }
        String path = RequestParts.path(target);
        Route route = policy.route(client.host(), method, path);
        return new Routing.Routed(route, client, path, usesToken(policy, route));
    }

    /** True when the route keys a JWT segment or limits per JWT subject. */
    public static boolean usesToken(Policy policy, Route route) {
        boolean jwtSegment = route.key().segment().map(policy.segments()::get)
                .map(segment -> segment.source() == SegmentDefinition.Source.JWT).orElse(false);
        boolean subjectLimit = route.rateLimit().map(limit -> limit.by() == RateLimitSpec.By.JWT_SUBJECT).orElse(false);
        return jwtSegment || subjectLimit;
    }

    /** Plans a routed request for the gateway's own tiers: {@link #plan(Policy, Routing.Routed, String, String, TokenResult, Set)}. */
    public static RequestPlan plan(Policy policy, Routing.Routed routed, String method, String target, TokenResult token) {
        return plan(policy, routed, method, target, token, GATEWAY_TIERS);
    }

    /**
     * Plans a routed request: refused (401 on a route that rejects invalid tokens), passed through
     * (uncacheable method, bypassed route, untrusted key material, a body on a GET, a route none of whose
     * tiers this cache holds) or looked up.
     *
     * @param token the outcome of verifying the request's bearer token; ignored on routes that use none
     * @param ownTiers the tiers of the cache that plans the request ({@link #GATEWAY_TIERS}, {@link #EDGE_TIERS})
     */
    public static RequestPlan plan(Policy policy, Routing.Routed routed, String method, String target, TokenResult token,
                                   Set<String> ownTiers) {
        Route route = routed.route();
        ClientOrigin client = routed.client();
        Headers headers = client.fields();
        TokenResult used = routed.usesToken() ? token : TokenResult.NONE;
        Set<String> tags = route.tagsFor(RequestParts.normalisePath(routed.path()));
        KeyDerivation.Result derived = KeyDerivation.derive(route, policy.segments(), routed.host(), target, headers, used);
        CacheRequest cacheRequest = new CacheRequest(method, headers, derived.key().map(CacheKey::variant).orElse(""));
        String problem = derived.key().isPresent() ? "" : derived.problem();
        if (routed.usesToken() && route.invalidToken() == Route.InvalidToken.REJECT && used.state() != TokenResult.State.VALID) {
            boolean missing = used.state() == TokenResult.State.NONE;
            Reject reject = new Reject(401, CacheStatus.forward("bypass", missing ? TOKEN_MISSING : "token-" + used.reason()),
                    Headers.of("WWW-Authenticate", missing ? "Bearer" : "Bearer error=\"invalid_token\""),
                    "a valid bearer token is required");
            return new RequestPlan(route, client, method, target, used, derived.key(), problem, cacheRequest, tags, reject);
        }
        Step step;
        if (!cacheRequest.isCacheableMethod()) {
            step = passThrough("method", Decider.METHOD);
        } else if (!route.cacheRule().bypass() && derived.key().isEmpty()) {
            // Key material that cannot be trusted (too long, control characters) makes the request uncacheable.
            step = passThrough("bypass", problem);
        } else if (hasRequestBody(headers)) {
            // A GET with a body could mean anything to the origin; never share its response.
            step = passThrough("bypass", REQUEST_BODY);
        } else if (route.cacheRule().bypass()) {
            step = passThrough("bypass", Decider.ROUTE_BYPASS);
        } else if (route.tiers().stream().noneMatch(ownTiers::contains)) {
            // The route's entries live in the other cache's tiers: this one forwards the request as it came.
            step = passThrough("bypass", ROUTE_TIERS);
        } else {
            step = new Lookup();
        }
        return new RequestPlan(route, client, method, target, used, derived.key(), problem, cacheRequest, tags, step);
    }

    private static PassThrough passThrough(String forward, String reason) {
        return new PassThrough(reason, CacheStatus.forward(forward, reason));
    }

    /** The cache rule of the request's route. */
    public CacheRule rule() {
        return route.cacheRule();
    }

    /** The stored key (hash of the URL family); empty without a key. */
    public String keyHash() {
        return key.map(CacheKey::hash).orElse("");
    }

    /** The {@code name=value} of the request's segment, sent to the origin; empty without one. */
    public String segmentField() {
        return key.filter(derived -> !derived.segment().isEmpty())
                .map(derived -> route.key().segment().orElseThrow() + "=" + derived.segment()).orElse("");
    }

    /**
     * Decides on what the tiers hold for the key: the variant that matches the request's policy
     * variant and Vary values, if any, is reused, revalidated or replaced (RFC 9111 §4).
     *
     * @param variants the family's stored variants; empty when no tier holds the key
     * @param tier the tier the variants were found in ({@link CacheStatus#TIER_L1}, {@link CacheStatus#TIER_L2});
     *     empty for a cache of one tier (the edge worker), whose member names none
     */
    public Reuse decide(Optional<VariantSet> variants, Optional<String> tier, Instant now) {
        Optional<StoredResponse> stored = variants.flatMap(set -> set.match(cacheRequest));
        Set<String> storedVary = new HashSet<>();
        variants.ifPresent(set -> set.variants().forEach(variant -> storedVary.addAll(variant.varyFields())));
        Decision decision = Decider.decide(cacheRequest, stored, variants.isPresent() && stored.isEmpty(), route.cacheRule(), now);
        return new Reuse(decision, storedVary, cacheStatus(decision, tier));
    }

    /**
     * The tier belongs on a member about a stored response: one served (a hit, stale-while-revalidate) or
     * revalidated, whatever the origin answers. A miss, a bypass or an unsatisfiable request used none.
     */
    private static CacheStatus cacheStatus(Decision decision, Optional<String> tier) {
        boolean usesEntry = decision instanceof Decision.Hit || decision instanceof Decision.StaleWhileRevalidate
                || decision instanceof Decision.Revalidate;
        return usesEntry && tier.isPresent() ? decision.cacheStatus().withTier(tier.get()) : decision.cacheStatus();
    }

    /**
     * What a cacheable fetch sends: the safe, keyed, Vary-listed and route-listed client fields only
     * (a field outside them could change a shared response without changing its key), conditional when
     * the entry it replaces has validators.
     *
     * @param storedVary the fields stored variants vary on ({@link Reuse#storedVary})
     * @param stored the entry being revalidated, if any
     */
    public OriginRequest originRequest(Set<String> storedVary, Optional<StoredResponse> stored) {
        Set<String> allowed = new HashSet<>(route.key().headers());
        allowed.addAll(route.forwardHeaders());
        allowed.addAll(storedVary);
        Headers sent = ForwardingHeaders.keepForCache(cacheRequest.headers(), allowed, route.key().cookies());
        boolean conditional = stored.isPresent() && stored.get().hasValidators();
        Headers validators = conditional ? Conditionals.validators(stored.get().headers()) : Headers.EMPTY;
        return new OriginRequest(key.map(CacheKey::forwardTarget).orElse(target), sent, conditional, validators, segmentField());
    }

    /**
     * The {@code Host} the origin is sent: the client's (the one the request is keyed under) when the origin
     * preserves it, else the origin's own authority.
     */
    public String originHost(OriginSettings origin) {
        return origin.preserveHost() ? client.host() : origin.authority();
    }

    /** The fields a cacheable fetch sends the origin: {@link OriginRequest#headers} for this request's client. */
    public Headers fetchHeaders(OriginRequest sent, OriginSettings origin) {
        return sent.headers(client.clientIp(), client.scheme(), originHost(origin));
    }

    /**
     * The fields a pass-through sends the origin: the request's as the plan reads them (never the upstream secret),
     * hop-by-hop fields removed, forwarding fields appended for this request's client.
     */
    public Headers passThroughHeaders(OriginSettings origin) {
        return ForwardingHeaders.toOrigin(cacheRequest.headers(), client.clientIp(), client.scheme(), originHost(origin), false);
    }

    /**
     * The decision on the origin's answer to a cacheable fetch, once its head has arrived.
     *
     * @param sent what the fetch sent ({@link #originRequest})
     * @param stored the entry the fetch revalidates or replaces, if any
     * @param headers the response's fields, hop-by-hop fields removed
     * @param knownLength the body length known from the head, or -1 when unknown
     * @param fetchStatus the {@code Cache-Status} of the decision that led to the fetch ({@link Reuse#cacheStatus})
     */
    public OriginAnswer answer(OriginRequest sent, Optional<StoredResponse> stored, int status, Headers headers, long knownLength,
                               Instant requestTime, Instant responseTime, CacheStatus fetchStatus) {
        return OriginAnswer.plan(cacheRequest, sent.clientFields(), stored, sent.conditional(), status, headers, knownLength,
                requestTime, responseTime, route.cacheRule(), fetchStatus);
    }

    /**
     * The store plan for a complete response to a cacheable fetch. The origin was asked for a GET (a
     * HEAD miss fetches the GET too), so the response is stored as one; its tags are the route's and
     * the origin's ({@link SurrogateKeys}).
     */
    public StorePlan storePlan(OriginRequest sent, int status, Headers headers, byte[] body, Instant requestTime, Instant responseTime) {
        CacheRequest fetched = new CacheRequest("GET", sent.clientFields(), cacheRequest.variant());
        return StorePlan.plan(fetched, status, headers, body, requestTime, responseTime, route.cacheRule(), SurrogateKeys.tags(tags, headers));
    }

    /**
     * The origin failed a cacheable fetch: the stored entry within {@code stale-if-error}, else the failure.
     *
     * @param stored the entry the fetch would have revalidated or replaced, if any
     * @param fetchStatus the {@code Cache-Status} of the decision that led to the fetch ({@link Reuse#cacheStatus})
     * @param detail the failure's reason code ({@code origin-unreachable}, {@code origin-timeout}, ...)
     * @param clientStatus the status the client gets when nothing stored may be used
     * @param forwardStatus the origin's status when it answered with an error; 0 for a transport fault
     */
    public FailurePlan onFailure(Optional<StoredResponse> stored, CacheStatus fetchStatus, String detail, int clientStatus,
                                 int forwardStatus, Instant now) {
        if (stored.isPresent() && Decider.mayServeStaleOnError(stored.get(), cacheRequest.directives(), now)) {
            return new FailurePlan.ServeStale(stored.get(), OriginAnswer.staleIfErrorStatus(stored.get(), fetchStatus, forwardStatus, now));
        }
        CacheStatus failed = forwardStatus > 0 ? fetchStatus.withForwardStatus(forwardStatus) : fetchStatus;
        return new FailurePlan.Fail(clientStatus, failed.withDetail(detail));
    }

    /**
     * The families a pass-through exchange invalidates: after a non-error answer to an unsafe method,
     * the target URI and the {@code Location} / {@code Content-Location} URIs on the same host, each
     * under the key its GET route gives it, in every segment and variant (RFC 9111 §4.4).
     */
    public List<CacheKey> invalidations(Policy policy, int status, Headers responseHeaders) {
        if (!Decider.invalidatesTarget(method, status)) {
            return List.of();
        }
        Headers requestHeaders = cacheRequest.headers();
        String host = client.host();
        List<CacheKey> keys = new ArrayList<>();
        invalidatedKey(policy, host, target, requestHeaders).ifPresent(keys::add);
        for (String field : new String[] {"Location", "Content-Location"}) {
            responseHeaders.first(field).flatMap(value -> SameHostTarget.of(value, host))
                    .flatMap(uri -> invalidatedKey(policy, host, uri, requestHeaders)).ifPresent(keys::add);
        }
        return List.copyOf(keys);
    }

    private static Optional<CacheKey> invalidatedKey(Policy policy, String host, String target, Headers headers) {
        Route getRoute = policy.route(host, "GET", RequestParts.path(target));
        return KeyDerivation.derive(getRoute, policy.segments(), host, target, headers, TokenResult.NONE).key();
    }

    /** True when the request has a body: a {@code Transfer-Encoding}, or a {@code Content-Length} that is not 0. */
    public static boolean hasRequestBody(Headers headers) {
        return headers.contains("Transfer-Encoding") || headers.first("Content-Length").map(RequestPlan::parseLength).orElse(0L) > 0;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
