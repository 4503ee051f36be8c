package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.cache.RefreshRule;
import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Cidr;
import dev.tiergate.http.ForwardingHeaders;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a policy file into a {@link Policy}, collecting every problem before failing. The
 * language is documented in the README and in {@code policies/policy.schema.json}; routes are
 * read by {@link RouteReader}.
 */
public final class PolicyLoader {

    static final Set<String> TOP_LEVEL = Set.of("version", "origin", "origins", "server", "l1", "l2", "defaults", "segments", "jwt",
            "routes", "defaultRoute", "edge", "tracing");
    static final Set<String> ORIGIN = Set.of("url", "connectTimeout", "firstByteTimeout", "idleTimeout", "retries", "breaker",
            "preserveHost", "http2", "ca");
    static final Set<String> RETRIES = Set.of("attempts", "backoff", "maxBackoff");
    static final Set<String> BREAKER = Set.of("failures", "resetTimeout");
    static final Set<String> SERVER = Set.of("host", "port", "adminHost", "adminPort", "cacheStatusName", "drainDelay",
            "drainTimeout", "headerTimeout", "idleTimeout", "bodyTimeout", "maxConnectionsPerClient", "trustedUpstreams", "accessLog",
            "tls", "http2", "h2c", "maxConcurrentStreams", "redirectHttp", "adminTls");
    static final Set<String> TRUSTED_UPSTREAMS = Set.of("cidrs", "secretEnv");
    static final Set<String> ACCESS_LOG = Set.of("enabled", "target", "sample", "subjectKeyEnv");
    static final Set<String> L1 = Set.of("maxSize");
    static final Set<String> RULE = Set.of("ttl", "minTtl", "maxTtl", "negativeTtl", "staleWhileRevalidate", "staleIfError",
            "maxObjectSize", "keep", "allowSetCookie", "earlyRefresh", "refreshAhead", AdaptiveTtlReader.FIELD);
    static final Set<String> EARLY_REFRESH = Set.of("beta");
    static final Set<String> REFRESH_AHEAD = Set.of("when", "minHits");
    static final Set<String> SEGMENT = Set.of("from", "claim", "header", "cookie", "query", "values", "default");
    static final Set<String> JWT = Set.of("jwks", "algorithms", "issuer", "audience", "clockSkew");
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "HS256", "HS384", "HS512", "EdDSA");

    private PolicyLoader() {
    }

    /** Loads and validates a policy file. */
    public static Policy load(Path file) throws PolicyException {
        return load(file, name -> null);
    }

    /**
     * Loads and validates a policy file, with the {@code TIERGATE_*} variables set in {@code environment} in place
     * of the file's settings ({@link EnvironmentVariable#ALL}).
     *
     * @param environment a variable's value, or null when it is unset ({@code System::getenv} outside tests)
     */
    public static Policy load(Path file, UnaryOperator<String> environment) throws PolicyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyProblem(file.toString(), 0, "", "cannot be read: " + e.getMessage())));
        }
        return parse(file.toString(), text, environment);
    }

    /** Parses policy text; {@code fileName} appears in problems. */
    public static Policy parse(String fileName, String text) throws PolicyException {
        return parse(fileName, text, name -> null);
    }

    /** Parses policy text, with the policy variables set in {@code environment} in place of the text's settings. */
    public static Policy parse(String fileName, String text, UnaryOperator<String> environment) throws PolicyException {
        YamlNode.Problems problems = new YamlNode.Problems(fileName);
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(false).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            throw new PolicyException(List.of(new PolicyProblem(fileName, line, "", "YAML syntax: " + e.getProblem()
                    + quotingHint(text, line))));
        } catch (YamlEngineException e) {
            throw new PolicyException(List.of(new PolicyProblem(fileName, 0, "", "YAML syntax: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            throw new PolicyException(List.of(new PolicyProblem(fileName, 0, "", "is empty (expected: a policy document)")));
        }
        EnvironmentOverlay overlay = EnvironmentOverlay.apply(root.get(), environment);
        Policy policy = read(new YamlNode(root.get(), "", problems), fileName);
        if (!problems.list().isEmpty()) {
            throw new PolicyException(problems.list().stream().map(overlay::attribute).toList());
        }
        return policy;
    }

    /**
     * The most common YAML mistake in a policy: an unquoted pattern. A leading {@code *} reads as an alias
     * and {@code {id}} inside a flow mapping as a nested mapping; both fail far from the cause.
     */
    static String quotingHint(String text, int line) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        String source = lines[line - 1];
        boolean unquotedStar = source.matches(".*:\\s*\\*.*") && !source.matches(".*:\\s*[\"'].*");
        boolean braceInFlow = source.contains("{") && source.matches(".*[^\"'\\s]\\{[A-Za-z].*");
        return unquotedStar || braceInFlow ? " (hint: quote values that contain * or {}, e.g. host: \"*.example.com\", "
                + "path: \"/api/products/{id}\")" : "";
    }

    /** The directory a policy's relative file paths resolve against: the file's own, or the working directory. */
    private static Path directoryOf(String fileName) {
        try {
            Path parent = Path.of(fileName).toAbsolutePath().getParent();
            return parent != null ? parent : Path.of("").toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static Policy read(YamlNode root, String fileName) {
        Map<String, YamlNode> top = root.mapping(TOP_LEVEL, Set.of("version"));
        Optional.ofNullable(top.get("version")).flatMap(node -> node.text("1")).ifPresent(version -> {
            if (!version.equals("1")) {
                top.get("version").problem("\"" + version + "\" (expected: 1)");
            }
        });
        Map<String, OriginSettings> origins = origins(root, top, directoryOf(fileName));
        ServerSettings server = Optional.ofNullable(top.get("server")).map(node -> server(node, directoryOf(fileName))).orElse(ServerSettings.DEFAULTS);
        long l1MaxBytes = Optional.ofNullable(top.get("l1"))
                .flatMap(node -> optional(node.mapping(L1, Set.of()), "maxSize", Scalars::positiveSize))
                .orElse(Policy.DEFAULT_L1_MAX_BYTES);
        Optional<L2Settings> l2 = Optional.ofNullable(top.get("l2")).flatMap(node -> L2Reader.l2(node, directoryOf(fileName)));
        CacheRule defaults = Optional.ofNullable(top.get("defaults"))
                .map(node -> ruleFields(node, CacheRule.RESPECT_ORIGIN)).orElse(CacheRule.RESPECT_ORIGIN);
        Map<String, SegmentDefinition> segments = new LinkedHashMap<>();
        Optional.ofNullable(top.get("segments")).ifPresent(node -> segments(node, segments));
        Optional<JwtSettings> jwt = Optional.ofNullable(top.get("jwt")).flatMap(PolicyLoader::jwt);
        Optional<CloudflareSettings> edge = Optional.ofNullable(top.get("edge")).flatMap(EdgeReader::edge);
        Optional<TracingSettings> tracing = Optional.ofNullable(top.get("tracing")).flatMap(TracingReader::tracing);
        RouteReader routes = new RouteReader(defaults, origins.keySet(), segments, jwt.isPresent(), top.containsKey("l2"));
        List<Route> routeList = top.containsKey("routes") ? routes.routes(top.get("routes")) : List.of();
        Route defaultRoute = top.containsKey("defaultRoute") ? routes.defaultRoute(top.get("defaultRoute")) : routes.defaultRoute();
        return new Policy(fileName, origins, server, l1MaxBytes, l2, segments, jwt, routeList, defaultRoute, edge, tracing);
    }

    /** {@code origin: URL-or-mapping} for one origin, or {@code origins: {name: URL-or-mapping}} for several. */
    private static Map<String, OriginSettings> origins(YamlNode root, Map<String, YamlNode> top, Path policyDirectory) {
        Map<String, OriginSettings> origins = new LinkedHashMap<>();
        if (top.containsKey("origin") && top.containsKey("origins")) {
            top.get("origins").problem("both \"origin\" and \"origins\" are set (expected: one of them)");
        }
        if (top.containsKey("origin")) {
            origins.put(Policy.DEFAULT_ORIGIN, origin(top.get("origin"), policyDirectory));
        } else if (top.containsKey("origins")) {
            YamlNode node = top.get("origins");
            if (node.isMapping()) {
                node.entries().forEach((name, value) -> {
                    if (Scalars.name(value.keyNode()).isPresent()) {
                        origins.put(name, origin(value, policyDirectory));
                    }
                });
            } else {
                node.problem("a " + node.kind() + " (expected: a mapping of origin names to URLs)");
            }
            if (origins.isEmpty()) {
                node.problem("no origins (expected: at least one)");
            }
        } else {
            root.problem("missing \"origin\" (expected: the origin's URL, or \"origins\" with several)");
        }
        if (origins.isEmpty()) {
            origins.put(Policy.DEFAULT_ORIGIN, OriginSettings.at(URI.create("http://127.0.0.1")));
        }
        return origins;
    }

    private static OriginSettings origin(YamlNode node, Path policyDirectory) {
        if (node.isScalar()) {
            return Scalars.url(node).map(OriginSettings::at).orElse(OriginSettings.at(URI.create("http://127.0.0.1")));
        }
        Map<String, YamlNode> fields = node.mapping(ORIGIN, Set.of("url"));
        URI url = Optional.ofNullable(fields.get("url")).flatMap(Scalars::url).orElse(URI.create("http://127.0.0.1"));
        Optional<Path> ca = optional(fields, "ca", n -> L2Reader.pemFile(n, policyDirectory, "CERTIFICATE"));
        if (fields.containsKey("ca") && !url.getScheme().equalsIgnoreCase("https")) {
            // A setting that would silently never apply: the connection is plain text.
            fields.get("ca").problem("set for an http:// url (expected: url https://..., or no ca)");
        }
        return new OriginSettings(url,
                optional(fields, "connectTimeout", Scalars::positiveDuration).orElse(OriginSettings.DEFAULT_CONNECT_TIMEOUT),
                optional(fields, "firstByteTimeout", Scalars::positiveDuration).orElse(OriginSettings.DEFAULT_FIRST_BYTE_TIMEOUT),
                optional(fields, "idleTimeout", Scalars::positiveDuration).orElse(OriginSettings.DEFAULT_IDLE_TIMEOUT),
                optional(fields, "retries", n -> retries(n, OriginSettings.Retries.DEFAULT)).orElse(OriginSettings.Retries.DEFAULT),
                optional(fields, "breaker", PolicyLoader::breaker).orElse(OriginSettings.Breaker.DEFAULT),
                optional(fields, "preserveHost", Scalars::bool).orElse(false),
                new OriginTransport(optional(fields, "http2", Scalars::bool).orElse(false), ca));
    }

    /** {@code retries: { attempts: 2, backoff: 50ms, maxBackoff: 1s }}; omitted fields keep {@code defaults}. */
    static Optional<OriginSettings.Retries> retries(YamlNode node, OriginSettings.Retries defaults) {
        Map<String, YamlNode> fields = node.mapping(RETRIES, Set.of());
        int attempts = optional(fields, "attempts", n -> wholeNumber(n, 0, OriginSettings.Retries.MAX_ATTEMPTS)).orElse(defaults.attempts());
        Optional<java.time.Duration> backoff = optional(fields, "backoff", n -> durationAtMost(n, OriginSettings.Retries.MAX_BACKOFF, "1m"));
        Optional<java.time.Duration> maxBackoff = optional(fields, "maxBackoff",
                n -> durationAtMost(n, OriginSettings.Retries.MAX_BACKOFF, "1m"));
        if (backoff.isPresent() && maxBackoff.isPresent() && maxBackoff.get().compareTo(backoff.get()) < 0) {
            fields.get("maxBackoff").problem("\"" + fields.get("maxBackoff").text("").orElse("") + "\" is below backoff \""
                    + fields.get("backoff").text("").orElse("") + "\" (expected: maxBackoff >= backoff)");
            return Optional.empty();
        }
        // A default never contradicts the value written next to it: the default backoff shrinks to a smaller
        // maxBackoff, and the default maxBackoff grows to a larger backoff.
        java.time.Duration ceiling = maxBackoff.orElse(max(defaults.maxBackoff(), backoff.orElse(defaults.backoff())));
        java.time.Duration base = backoff.orElse(min(defaults.backoff(), ceiling));
        return Optional.of(new OriginSettings.Retries(attempts, base, ceiling));
    }

    /** {@code breaker: { failures: 5, resetTimeout: 10s }}; omitted fields keep their defaults. */
    private static Optional<OriginSettings.Breaker> breaker(YamlNode node) {
        OriginSettings.Breaker defaults = OriginSettings.Breaker.DEFAULT;
        Map<String, YamlNode> fields = node.mapping(BREAKER, Set.of());
        int failures = optional(fields, "failures", n -> wholeNumber(n, 1, 1_000_000)).orElse(defaults.failures());
        java.time.Duration resetTimeout = optional(fields, "resetTimeout", n -> Scalars.positiveDuration(n).flatMap(d ->
                durationAtMost(n, OriginSettings.Breaker.MAX_RESET_TIMEOUT, "1h"))).orElse(defaults.resetTimeout());
        return Optional.of(new OriginSettings.Breaker(failures, resetTimeout));
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A whole number from {@code min} to {@code max}. */
    static Optional<Integer> wholeNumber(YamlNode node, int min, int max) {
        return node.text("a whole number").flatMap(text -> {
            try {
                long value = Long.parseLong(text.trim());
                if (value >= min && value <= max) {
                    return Optional.of((int) value);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: a whole number from " + min + " to " + max + ")");
            return Optional.empty();
        });
    }

    /** A duration no longer than {@code max}: limits that keep timers sane and millisecond counts from overflowing. */
    static Optional<java.time.Duration> durationAtMost(YamlNode node, java.time.Duration max, String maxText) {
        return Scalars.duration(node).filter(d -> {
            if (d.compareTo(max) > 0) {
                node.problem("\"" + node.text("").orElse("") + "\" (expected: a duration of at most " + maxText + ")");
                return false;
            }
            return true;
        });
    }

    private static ServerSettings server(YamlNode node, Path policyDirectory) {
        Map<String, YamlNode> fields = node.mapping(SERVER, Set.of());
        int port = optional(fields, "port", Scalars::port).orElse(ServerSettings.DEFAULT_PORT);
        return new ServerSettings(
                optional(fields, "host", n -> n.text("an address")).orElse(ServerSettings.DEFAULT_HOST),
                port,
                optional(fields, "adminHost", n -> n.text("an address")).orElse(ServerSettings.DEFAULT_HOST),
                optional(fields, "adminPort", Scalars::port).orElse(ServerSettings.DEFAULT_ADMIN_PORT),
                optional(fields, "cacheStatusName", PolicyLoader::cacheStatusName).orElse(ServerSettings.DEFAULT_CACHE_STATUS_NAME),
                // A delay of 0 closes the listeners at once (nothing routes to the instance by readiness); a timeout
                // of 0 would cut every request in flight, which is what a second signal is for.
                optional(fields, "drainDelay", Scalars::duration).orElse(ServerSettings.DEFAULT_DRAIN_DELAY),
                optional(fields, "drainTimeout", Scalars::positiveDuration).orElse(ServerSettings.DEFAULT_DRAIN_TIMEOUT),
                new ServerSettings.ClientLimits(
                        optional(fields, "headerTimeout", Scalars::positiveDuration).orElse(ServerSettings.ClientLimits.DEFAULT_HEADER_TIMEOUT),
                        optional(fields, "idleTimeout", Scalars::positiveDuration).orElse(ServerSettings.ClientLimits.DEFAULT_IDLE_TIMEOUT),
                        optional(fields, "bodyTimeout", Scalars::positiveDuration).orElse(ServerSettings.ClientLimits.DEFAULT_BODY_TIMEOUT),
                        optional(fields, "maxConnectionsPerClient", Scalars::limit)
                                .orElse(ServerSettings.ClientLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT)),
                optional(fields, "trustedUpstreams", PolicyLoader::trustedUpstreams).orElse(TrustedUpstreams.NONE),
                optional(fields, "accessLog", PolicyLoader::accessLog).orElse(AccessLogSettings.DISABLED),
                TransportReader.transport(fields, policyDirectory, port));
    }

    /** {@code accessLog: { enabled: true, target: stdout, sample: 0.1, subjectKeyEnv: TIERGATE_ACCESS_LOG_KEY }}: all optional. */
    private static Optional<AccessLogSettings> accessLog(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(ACCESS_LOG, Set.of());
        boolean enabled = optional(fields, "enabled", Scalars::bool).orElse(true);
        String target = optional(fields, "target", n -> n.text("stdout or a file path").filter(text -> {
            if (text.isBlank()) {
                n.problem("\"\" (expected: stdout or a file path)");
            }
            return !text.isBlank();
        })).orElse(AccessLogSettings.STDOUT);
        double sample = optional(fields, "sample", PolicyLoader::share).orElse(AccessLogSettings.DEFAULT_SAMPLE);
        Optional<String> keyEnv = optional(fields, "subjectKeyEnv", n -> Scalars.environmentName(n, "the key JWT subjects are hashed with",
                AccessLogSettings.EXAMPLE_KEY_ENV, "the key"));
        return Optional.of(new AccessLogSettings(enabled, target, sample, keyEnv));
    }

    /** A share of requests: a number from 0 to 1. */
    static Optional<Double> share(YamlNode node) {
        return node.text("a number from 0 to 1").flatMap(text -> {
            try {
                double value = Double.parseDouble(text);
                if (value >= 0.0 && value <= 1.0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: a number from 0 to 1, such as 0.1 for one request in ten)");
            return Optional.empty();
        });
    }

    /**
     * The gateway's member name in Cache-Status: an RFC 8941 token, so that it can stand unquoted at the
     * start of a member (RFC 9211 §2), and so that no policy can add parameters or members to the field.
     */
    private static Optional<String> cacheStatusName(YamlNode node) {
        return node.text("a Cache-Status member name").filter(text -> {
            if (!CacheStatus.isValidName(text)) {
                node.problem("\"" + text + "\" (expected: an RFC 8941 token such as Tiergate or cdn-eu: a letter or *, then letters, "
                        + "digits or !#$%&'*+-.^_`|~:/, no spaces, quotes, ';', ',' or '=')");
                return false;
            }
            return true;
        });
    }

    /** {@code trustedUpstreams: { cidrs: ["10.0.0.0/8"], secretEnv: TIERGATE_EDGE_SECRET }}: either or both. */
    private static Optional<TrustedUpstreams> trustedUpstreams(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(TRUSTED_UPSTREAMS, Set.of());
        if (node.isMapping() && node.entries().isEmpty()) {
            node.problem("no cidrs and no secretEnv (expected: either or both: the address ranges trusted upstreams connect from, "
                    + "the environment variable holding the secret they send)");
        }
        List<Cidr> cidrs = optional(fields, "cidrs", PolicyLoader::cidrs).orElse(List.of());
        Optional<String> secretEnv = optional(fields, "secretEnv", n -> Scalars.environmentName(n, "the secret trusted upstreams send in "
                + ForwardingHeaders.UPSTREAM_SECRET_FIELD, TrustedUpstreams.EXAMPLE_SECRET_ENV, "the secret"));
        return Optional.of(new TrustedUpstreams(cidrs, secretEnv));
    }

    private static Optional<List<Cidr>> cidrs(YamlNode node) {
        List<YamlNode> items = node.list("a list of address ranges such as 10.0.0.0/8");
        if (items.isEmpty() && node.isSequence()) {
            node.problem("no ranges (expected: at least one, such as 10.0.0.0/8; leave cidrs out to trust by the secret alone)");
        }
        return Optional.of(items.stream().map(PolicyLoader::cidr).flatMap(Optional::stream).toList());
    }

    /** An address range; a host name is refused, never resolved. */
    private static Optional<Cidr> cidr(YamlNode node) {
        return node.text("an address range such as 10.0.0.0/8").flatMap(text -> {
            try {
                return Optional.of(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                node.problem("\"" + text + "\" " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static void segments(YamlNode node, Map<String, SegmentDefinition> segments) {
        if (!node.isMapping()) {
            node.problem("a " + node.kind() + " (expected: a mapping of segment names to definitions)");
            return;
        }
        node.entries().forEach((name, definition) -> {
            if (Scalars.name(definition.keyNode()).isEmpty()) {
                return;
            }
            Map<String, YamlNode> fields = definition.mapping(SEGMENT, Set.of("from", "values", "default"));
            Optional<SegmentDefinition.Source> source = optional(fields, "from", n -> Scalars.oneOf(n, "jwt", "header", "cookie", "query"))
                    .map(word -> SegmentDefinition.Source.valueOf(word.toUpperCase(java.util.Locale.ROOT)));
            Optional<String> field = source.flatMap(from -> {
                String key = from == SegmentDefinition.Source.JWT ? "claim" : from.spelling();
                if (!fields.containsKey(key)) {
                    definition.problem("missing \"" + key + "\" (expected: the " + (from == SegmentDefinition.Source.JWT ? "claim"
                            : from.spelling()) + " the segment comes from)");
                    return Optional.empty();
                }
                return Scalars.fieldName(fields.get(key));
            });
            for (String key : List.of("claim", "header", "cookie", "query")) {
                boolean expected = source.map(from -> (from == SegmentDefinition.Source.JWT ? "claim" : from.spelling()).equals(key)).orElse(true);
                if (fields.containsKey(key) && !expected) {
                    fields.get(key).problem("does not apply to a segment from " + source.get().spelling()
                            + " (expected: " + (source.get() == SegmentDefinition.Source.JWT ? "claim" : source.get().spelling()) + ")");
                }
            }
            List<String> values = Optional.ofNullable(fields.get("values"))
                    .map(n -> n.list("a list of allowed values").stream().map(v -> segmentValue(v)).flatMap(Optional::stream).toList())
                    .orElse(List.of());
            Optional<String> defaultValue = optional(fields, "default", PolicyLoader::segmentValue);
            if (fields.containsKey("values") && values.isEmpty()) {
                fields.get("values").problem("no values (expected: at least one allowed value)");
            }
            // An unverified audience must never be served a verified audience's entries: a JWT segment's default
            // is a value of its own. Other sources are claims anyone can make, so folding them into a real value is fine.
            defaultValue.filter(values::contains).filter(d -> source.orElse(null) == SegmentDefinition.Source.JWT)
                    .ifPresent(d -> fields.get("default").problem("\"" + d + "\" is also an allowed value (expected: for a jwt segment, "
                            + "a value of its own, so that requests without a valid token never share entries with verified ones)"));
            if (source.isPresent() && field.isPresent() && defaultValue.isPresent() && !values.isEmpty()) {
                segments.put(name, new SegmentDefinition(name, source.get(), field.get(), values, defaultValue.get()));
            }
        });
    }

    /** Segment values end up in cache keys and headers: short, printable, no separators. */
    private static Optional<String> segmentValue(YamlNode node) {
        return node.text("a segment value").flatMap(text -> {
            if (text.matches("[A-Za-z0-9_.\\-]{1,64}")) {
                return Optional.of(text);
            }
            node.problem("\"" + text + "\" (expected: up to 64 letters, digits, '.', '-' or '_')");
            return Optional.empty();
        });
    }

    private static Optional<JwtSettings> jwt(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(JWT, Set.of("jwks"));
        Optional<String> jwks = optional(fields, "jwks", n -> n.text("a JWKS file path or URL"));
        List<String> algorithms = Optional.ofNullable(fields.get("algorithms"))
                .map(n -> n.list("a list of algorithms").stream().map(a -> a.text("an algorithm").flatMap(text -> {
                    if (ALGORITHMS.contains(text)) {
                        return Optional.of(text);
                    }
                    String suggestion = Suggestions.closest(text, ALGORITHMS).map(s -> ", did you mean \"" + s + "\"?").orElse("");
                    a.problem("\"" + text + "\" (expected one of: " + String.join(", ", ALGORITHMS.stream().sorted().toList()) + suggestion + ")");
                    return Optional.<String>empty();
                })).flatMap(Optional::stream).toList())
                .orElse(List.of("RS256", "ES256"));
        java.time.Duration skew = optional(fields, "clockSkew", Scalars::duration).orElse(JwtSettings.DEFAULT_CLOCK_SKEW);
        if (skew.compareTo(JwtSettings.MAX_CLOCK_SKEW) > 0) {
            fields.get("clockSkew").problem("\"" + skew.toSeconds() + "s\" (expected: at most 5m)");
        }
        return jwks.map(source -> new JwtSettings(source, algorithms, optional(fields, "issuer", n -> n.text("an issuer")),
                optional(fields, "audience", n -> n.text("an audience")), skew));
    }

    /** A cache rule's fields over {@code defaults}. */
    static CacheRule ruleFields(YamlNode node, CacheRule defaults) {
        Map<String, YamlNode> fields = node.mapping(RULE, Set.of());
        OptionalLong minTtl = orElse(seconds(fields, "minTtl"), defaults.minTtlSeconds());
        OptionalLong maxTtl = orElse(seconds(fields, "maxTtl"), defaults.maxTtlSeconds());
        if (minTtl.isPresent() && maxTtl.isPresent() && minTtl.getAsLong() > maxTtl.getAsLong()) {
            Optional.ofNullable(fields.get("minTtl")).orElse(node)
                    .problem("minTtl " + minTtl.getAsLong() + "s is greater than maxTtl " + maxTtl.getAsLong() + "s (expected: minTtl <= maxTtl)");
            minTtl = maxTtl;
        }
        return new CacheRule(false,
                orElse(seconds(fields, "ttl"), defaults.ttlSeconds()),
                orElse(seconds(fields, "staleWhileRevalidate"), defaults.staleWhileRevalidateSeconds()),
                orElse(seconds(fields, "staleIfError"), defaults.staleIfErrorSeconds()),
                optional(fields, "maxObjectSize", Scalars::positiveSize).orElse(defaults.maxObjectBytes()),
                optional(fields, "allowSetCookie", Scalars::bool).orElse(defaults.allowSetCookie()),
                seconds(fields, "keep").orElse(defaults.keepSeconds()),
                minTtl, maxTtl,
                orElse(seconds(fields, "negativeTtl"), defaults.negativeTtlSeconds()),
                refresh(fields, defaults.refresh())).withAdaptiveTtl(AdaptiveTtlReader.read(fields, defaults.adaptiveTtl()));
    }

    /** {@code earlyRefresh: { beta: 1.0 }} and {@code refreshAhead: { when: 10s, minHits: 5 }}, each over the defaults'. */
    private static RefreshRule refresh(Map<String, YamlNode> fields, RefreshRule defaults) {
        RefreshRule refresh = defaults;
        Optional<Double> beta = optional(fields, "earlyRefresh",
                node -> optional(node.mapping(EARLY_REFRESH, Set.of("beta")), "beta", PolicyLoader::beta));
        if (beta.isPresent()) {
            refresh = refresh.withBeta(beta.get());
        }
        if (fields.containsKey("refreshAhead")) {
            Map<String, YamlNode> ahead = fields.get("refreshAhead").mapping(REFRESH_AHEAD, Set.of("when"));
            Optional<Long> when = optional(ahead, "when", node -> Scalars.seconds(node).filter(seconds -> {
                if (seconds == 0) {
                    node.problem("\"0\" (expected: a positive duration such as 10s)");
                }
                return seconds > 0;
            }));
            long minHits = optional(ahead, "minHits", node -> wholeNumber(node, 1, 1_000_000).map(Integer::longValue)).orElse(1L);
            if (when.isPresent()) {
                refresh = refresh.withAhead(when.get(), minHits);
            }
        }
        return refresh;
    }

    /**
     * XFetch's weight: 1 is the paper's choice; above 1 refreshes earlier. At most three decimals, so that the
     * compiled policy can carry it exactly as an integer number of thousandths.
     */
    private static Optional<Double> beta(YamlNode node) {
        return node.text("a number").flatMap(text -> {
            try {
                java.math.BigDecimal value = new java.math.BigDecimal(text.trim());
                if (value.signum() > 0 && value.stripTrailingZeros().scale() <= 3
                        && value.compareTo(java.math.BigDecimal.valueOf(RefreshRule.MAX_BETA)) <= 0) {
                    return Optional.of(value.doubleValue());
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: a number greater than 0 and at most 100, with at most 3 decimals, such as 1.0)");
            return Optional.empty();
        });
    }

    private static OptionalLong orElse(OptionalLong value, OptionalLong fallback) {
        return value.isPresent() ? value : fallback;
    }

    private static OptionalLong seconds(Map<String, YamlNode> fields, String key) {
        return optional(fields, key, Scalars::seconds).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    static <T> Optional<T> optional(Map<String, YamlNode> fields, String key, Function<YamlNode, Optional<T>> reader) {
        YamlNode node = fields.get(key);
        return node == null ? Optional.empty() : reader.apply(node);
    }
}
