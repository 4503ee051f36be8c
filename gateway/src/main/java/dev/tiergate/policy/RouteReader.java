package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code routes} list and {@code defaultRoute} of a policy. */
final class RouteReader {

    static final Set<String> ROUTE = Set.of("name", "match", "origin", "cache", "auth", "rateLimit", "bulkhead");
    static final Set<String> DEFAULT_ROUTE = Set.of("origin", "cache", "auth", "rateLimit", "bulkhead");
    static final Set<String> BULKHEAD = Set.of("maxConcurrent");
    static final Set<String> MATCH = Set.of("host", "methods", "path");
    static final Set<String> CACHE_EXTRA = Set.of("key", "tags", "tiers", "forwardHeaders");
    static final Set<String> KEY = Set.of("query", "headers", "cookies", "segment");
    static final Set<String> QUERY = Set.of("include", "exclude");
    static final Set<String> AUTH = Set.of("invalidToken");
    static final Set<String> RATE_LIMIT = Set.of("rate", "burst", "by", "header", "shared");
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Headers that are part of every key already or would defeat caching if keyed. */
    static final Set<String> UNKEYABLE_HEADERS = Set.of("host", "authorization", "cookie", "connection", "content-length");

    private final CacheRule defaults;
    private final Set<String> originNames;
    private final Map<String, SegmentDefinition> segments;
    private final boolean jwtConfigured;
    private final boolean l2Configured;

    RouteReader(CacheRule defaults, Set<String> originNames, Map<String, SegmentDefinition> segments, boolean jwtConfigured) {
        this(defaults, originNames, segments, jwtConfigured, true);
    }

    RouteReader(CacheRule defaults, Set<String> originNames, Map<String, SegmentDefinition> segments, boolean jwtConfigured,
                boolean l2Configured) {
        this.l2Configured = l2Configured;
        this.defaults = defaults;
        this.originNames = originNames;
        this.segments = segments;
        this.jwtConfigured = jwtConfigured;
    }

    List<Route> routes(YamlNode node) {
        List<Route> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode routeNode : node.list("a list of routes")) {
            route(routeNode).ifPresent(route -> {
                if (!names.add(route.name())) {
                    routeNode.problem("route name \"" + route.name() + "\" is used twice (expected: unique names)");
                }
                routes.add(route);
            });
        }
        return routes;
    }

    /** The default route when the policy declares none: the defaults, any host, any method, the default origin. */
    Route defaultRoute() {
        return new Route("default", HostPattern.ANY, Set.of(), PathPattern.compile("/**"), firstOrigin(), defaults, KeySpec.DEFAULT,
                List.of(), Route.ALL_TIERS, Route.InvalidToken.ANONYMOUS, Optional.empty());
    }

    Route defaultRoute(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(DEFAULT_ROUTE, Set.of());
        return build(fields, "default", HostPattern.ANY, Set.of(), PathPattern.compile("/**"));
    }

    private Optional<Route> route(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(ROUTE, Set.of("name", "match"));
        Optional<String> name = PolicyLoader.optional(fields, "name", Scalars::name);
        Set<String> methods = new LinkedHashSet<>();
        HostPattern host = HostPattern.ANY;
        PathPattern path = null;
        if (fields.containsKey("match")) {
            Map<String, YamlNode> match = fields.get("match").mapping(MATCH, Set.of("path"));
            host = PolicyLoader.optional(match, "host", RouteReader::hostPattern).orElse(HostPattern.ANY);
            if (match.containsKey("methods")) {
                for (YamlNode method : match.get("methods").list("a list of methods")) {
                    method.text("a method").map(m -> m.toUpperCase(Locale.ROOT)).ifPresent(m -> {
                        if (METHODS.contains(m)) {
                            methods.add(m);
                        } else {
                            method.problem("\"" + m + "\" (expected one of: " + String.join(", ", METHODS.stream().sorted().toList()) + ")");
                        }
                    });
                }
            }
            path = PolicyLoader.optional(match, "path", RouteReader::pathPattern).orElse(null);
        }
        Route route = build(fields, name.orElse("?"), host, methods, path == null ? PathPattern.compile("/**") : path);
        return name.isPresent() && path != null ? Optional.of(route) : Optional.empty();
    }

    private Route build(Map<String, YamlNode> fields, String name, HostPattern host, Set<String> methods, PathPattern path) {
        String origin = PolicyLoader.optional(fields, "origin", node -> Scalars.name(node).filter(o -> {
            if (!originNames.contains(o)) {
                String suggestion = Suggestions.closest(o, originNames).map(s -> ", did you mean \"" + s + "\"?").orElse("");
                node.problem("\"" + o + "\" is not a declared origin (expected one of: " + String.join(", ", originNames) + suggestion + ")");
                return false;
            }
            return true;
        })).orElse(firstOrigin());
        CacheRule rule = defaults;
        KeySpec key = KeySpec.DEFAULT;
        List<String> tags = List.of();
        Set<String> tiers = Route.ALL_TIERS;
        List<String> forwardHeaders = List.of();
        if (fields.containsKey("cache")) {
            YamlNode cache = fields.get("cache");
            if (cache.isScalar()) {
                rule = Scalars.oneOf(cache, "bypass", "respect").map(word -> word.equals("bypass") ? defaults.asBypass() : defaults)
                        .orElse(defaults);
            } else {
                Set<String> allowed = new HashSet<>(PolicyLoader.RULE);
                allowed.addAll(CACHE_EXTRA);
                Map<String, YamlNode> cacheFields = cache.mapping(allowed, Set.of());
                rule = PolicyLoader.ruleFields(cache.only(PolicyLoader.RULE), defaults);
                key = PolicyLoader.optional(cacheFields, "key", node -> Optional.of(key(node, path))).orElse(KeySpec.DEFAULT);
                tags = PolicyLoader.optional(cacheFields, "tags", node -> Optional.of(tags(node, path))).orElse(List.of());
                tiers = PolicyLoader.optional(cacheFields, "tiers", node -> Optional.of(tiers(node))).orElse(Route.ALL_TIERS);
                forwardHeaders = PolicyLoader.optional(cacheFields, "forwardHeaders", n -> Optional.of(n.list("a list of header names")
                        .stream().map(h -> h.isScalar() && "*".equals(h.text("").orElse("")) ? Optional.of("*") : Scalars.fieldName(h)).flatMap(Optional::stream).map(h -> h.toLowerCase(Locale.ROOT)).distinct().toList()))
                        .orElse(List.of());
            }
        }
        Route.InvalidToken invalidToken = PolicyLoader.optional(fields, "auth", node -> PolicyLoader.optional(
                        node.mapping(AUTH, Set.of("invalidToken")), "invalidToken", n -> Scalars.oneOf(n, "anonymous", "reject")))
                .map(word -> word.equals("reject") ? Route.InvalidToken.REJECT : Route.InvalidToken.ANONYMOUS)
                .orElse(Route.InvalidToken.ANONYMOUS);
        Optional<RateLimitSpec> rateLimit = PolicyLoader.optional(fields, "rateLimit", this::rateLimit);
        Optional<Route.BulkheadLimit> bulkhead = PolicyLoader.optional(fields, "bulkhead", RouteReader::bulkhead);
        return new Route(name, host, methods, path, origin, rule, key, tags, tiers, invalidToken, rateLimit, forwardHeaders, bulkhead);
    }

    private KeySpec key(YamlNode node, PathPattern path) {
        Map<String, YamlNode> fields = node.mapping(KEY, Set.of());
        QueryRule query = PolicyLoader.optional(fields, "query", RouteReader::queryRule).orElse(QueryRule.ALL);
        List<String> headers = PolicyLoader.optional(fields, "headers", n -> Optional.of(n.list("a list of header names").stream()
                .map(h -> Scalars.fieldName(h).map(v -> v.toLowerCase(Locale.ROOT)).filter(v -> {
                    if (UNKEYABLE_HEADERS.contains(v)) {
                        h.problem("\"" + v + "\" cannot be keyed (expected: a request header other than "
                                + String.join(", ", UNKEYABLE_HEADERS.stream().sorted().toList()) + "; use cookies or a segment instead)");
                        return false;
                    }
                    return true;
                })).flatMap(Optional::stream).distinct().toList())).orElse(List.of());
        List<String> cookies = PolicyLoader.optional(fields, "cookies", n -> Optional.of(n.list("a list of cookie names").stream()
                .map(Scalars::fieldName).flatMap(Optional::stream).distinct().toList())).orElse(List.of());
        Optional<String> segment = PolicyLoader.optional(fields, "segment", n -> n.text("a segment name").filter(s -> {
            if (!segments.containsKey(s)) {
                String suggestion = Suggestions.closest(s, segments.keySet()).map(x -> ", did you mean \"" + x + "\"?").orElse("");
                n.problem("\"" + s + "\" is not a declared segment (expected one of: " + String.join(", ", segments.keySet()) + suggestion + ")");
                return false;
            }
            if (segments.get(s).source() == SegmentDefinition.Source.JWT && !jwtConfigured) {
                n.problem("segment \"" + s + "\" comes from a JWT but the policy has no \"jwt\" section (expected: jwt.jwks)");
                return false;
            }
            return true;
        }));
        return new KeySpec(query, headers, cookies, segment);
    }

    private static Optional<QueryRule> queryRule(YamlNode node) {
        if (node.isScalar()) {
            return Scalars.oneOf(node, "all", "none").map(word -> word.equals("all") ? QueryRule.ALL : new QueryRule(QueryRule.Mode.NONE, List.of()));
        }
        Map<String, YamlNode> fields = node.mapping(QUERY, Set.of());
        if (fields.size() != 1) {
            node.problem("expected exactly one of \"include\" or \"exclude\"");
            return Optional.empty();
        }
        String mode = fields.keySet().iterator().next();
        List<String> names = fields.get(mode).list("a list of parameter names").stream()
                .map(n -> n.text("a parameter name").filter(name -> {
                    if (!QueryRule.isValidName(name)) {
                        n.problem("\"" + name + "\" (expected: a query parameter name, optionally ending in *)");
                        return false;
                    }
                    return true;
                })).flatMap(Optional::stream).toList();
        return Optional.of(new QueryRule(mode.equals("include") ? QueryRule.Mode.INCLUDE : QueryRule.Mode.EXCLUDE, names));
    }

    private static List<String> tags(YamlNode node, PathPattern path) {
        List<String> tags = new ArrayList<>();
        for (YamlNode tag : node.list("a list of tags")) {
            tag.text("a tag").ifPresent(text -> {
                if (!text.matches("[A-Za-z0-9_.:\\-{}]{1,128}")) {
                    tag.problem("\"" + text + "\" (expected: up to 128 letters, digits, '.', ':', '-', '_' and {parameters})");
                    return;
                }
                java.util.regex.Matcher parameter = java.util.regex.Pattern.compile("\\{([^}]*)}").matcher(text);
                while (parameter.find()) {
                    if (!path.parameterNames().contains(parameter.group(1))) {
                        tag.problem("\"" + text + "\" uses {" + parameter.group(1) + "} (expected: a parameter of the path "
                                + path + (path.parameterNames().isEmpty() ? ", which has none" : ": " + path.parameterNames()) + ")");
                        return;
                    }
                }
                tags.add(text);
            });
        }
        return tags;
    }

    private static Set<String> tiers(YamlNode node) {
        Set<String> tiers = new LinkedHashSet<>();
        for (YamlNode tier : node.list("a list of tiers")) {
            Scalars.oneOf(tier, "l1", "l2", "edge").ifPresent(tiers::add);
        }
        return tiers;
    }

    private Optional<RateLimitSpec> rateLimit(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(RATE_LIMIT, Set.of("rate"));
        Optional<long[]> rate = PolicyLoader.optional(fields, "rate", Scalars::rate);
        Optional<String> by = PolicyLoader.optional(fields, "by", n -> Scalars.oneOf(n, "client-ip", "jwt-subject", "header"));
        Optional<String> header = PolicyLoader.optional(fields, "header", Scalars::fieldName);
        if (by.filter("header"::equals).isPresent() && header.isEmpty()) {
            node.problem("by: header needs \"header\" (expected: the header that identifies a client)");
        }
        if (header.isPresent() && !by.filter("header"::equals).isPresent()) {
            fields.get("header").problem("applies only with by: header");
        }
        if (by.filter("jwt-subject"::equals).isPresent() && !jwtConfigured) {
            fields.get("by").problem("jwt-subject needs the policy's \"jwt\" section (expected: jwt.jwks)");
        }
        // Read before the rate check so that a bad value is reported along with a bad rate. That shared limits need
        // the l2 section is not checked here: this reader does not see the rest of the policy.
        boolean shared = PolicyLoader.optional(fields, "shared", Scalars::bool).orElse(false);
        if (shared && !l2Configured) {
            fields.get("shared").problem("shared rate limits need the l2 section (expected: l2.url, or share nothing)");
        }
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        long burst = PolicyLoader.optional(fields, "burst", Scalars::positiveInteger).orElse(rate.get()[0]);
        if (burst < rate.get()[0]) {
            fields.get("burst").problem(burst + " is below the rate's " + rate.get()[0] + " (expected: burst >= requests per period)");
        }
        RateLimitSpec.By mode = by.map(word -> switch (word) {
            case "jwt-subject" -> RateLimitSpec.By.JWT_SUBJECT;
            case "header" -> RateLimitSpec.By.HEADER;
            default -> RateLimitSpec.By.CLIENT_IP;
        }).orElse(RateLimitSpec.By.CLIENT_IP);
        return Optional.of(new RateLimitSpec(rate.get()[0], Duration.ofMillis(rate.get()[1]), Math.max(burst, rate.get()[0]), mode,
                header.orElse(""), shared));
    }

    /** {@code bulkhead: { maxConcurrent: 100 }}. */
    private static Optional<Route.BulkheadLimit> bulkhead(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(BULKHEAD, Set.of("maxConcurrent"));
        return PolicyLoader.optional(fields, "maxConcurrent", n -> PolicyLoader.wholeNumber(n, 1, Integer.MAX_VALUE))
                .map(Route.BulkheadLimit::new);
    }

    private static Optional<HostPattern> hostPattern(YamlNode node) {
        return node.text("a host").flatMap(text -> {
            try {
                return Optional.of(new HostPattern(text));
            } catch (IllegalArgumentException e) {
                node.problem(e.getMessage() + " (expected: api.example.com, *.example.com or *)");
                return Optional.empty();
            }
        });
    }

    private static Optional<PathPattern> pathPattern(YamlNode node) {
        return node.text("a path pattern").flatMap(text -> {
            try {
                return Optional.of(PathPattern.compile(text));
            } catch (IllegalArgumentException e) {
                node.problem("\"" + text + "\" " + e.getMessage() + " (expected: a path pattern such as /api/products/{id} or /static/**)");
                return Optional.empty();
            }
        });
    }

    private String firstOrigin() {
        return originNames.contains(Policy.DEFAULT_ORIGIN) || originNames.isEmpty() ? Policy.DEFAULT_ORIGIN : originNames.iterator().next();
    }
}
