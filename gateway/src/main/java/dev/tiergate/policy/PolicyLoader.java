package dev.tiergate.policy;

import dev.tiergate.cache.CacheRule;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a policy file into a {@link Policy}, collecting every problem before failing.
 *
 * <p>The document (version 1):
 * <pre>
 * version: 1
 * origin: { url: http://127.0.0.1:8081, connectTimeout: 2s, firstByteTimeout: 15s, idleTimeout: 30s }
 * server: { host: 127.0.0.1, port: 8080, adminHost: 127.0.0.1, adminPort: 9090 }
 * l1: { maxSize: 256MiB }
 * defaults: { staleWhileRevalidate: 30s, staleIfError: 10m, maxObjectSize: 8MiB, keep: 1h }
 * routes:
 *   - name: products
 *     match: { methods: [GET, HEAD], path: /api/products/{id} }
 *     cache: { ttl: 5m }
 *   - name: account
 *     match: { path: /api/account/** }
 *     cache: bypass
 * </pre>
 */
public final class PolicyLoader {

    private static final Set<String> TOP_LEVEL = Set.of("version", "origin", "server", "l1", "defaults", "routes", "defaultRoute");
    private static final Set<String> ORIGIN = Set.of("url", "connectTimeout", "firstByteTimeout", "idleTimeout");
    private static final Set<String> SERVER = Set.of("host", "port", "adminHost", "adminPort");
    private static final Set<String> L1 = Set.of("maxSize");
    private static final Set<String> RULE = Set.of("ttl", "staleWhileRevalidate", "staleIfError", "maxObjectSize", "keep", "allowSetCookie");
    private static final Set<String> ROUTE = Set.of("name", "match", "cache");
    private static final Set<String> MATCH = Set.of("methods", "path");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private PolicyLoader() {
    }

    /** Loads and validates a policy file. */
    public static Policy load(Path file) throws PolicyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyProblem(file.toString(), 0, "", "cannot be read: " + e.getMessage())));
        }
        return parse(file.toString(), text);
    }

    /** Parses policy text; {@code fileName} appears in problems. */
    public static Policy parse(String fileName, String text) throws PolicyException {
        YamlNode.Problems problems = new YamlNode.Problems(fileName);
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(false).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            throw new PolicyException(List.of(new PolicyProblem(fileName, line, "", "YAML syntax: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new PolicyException(List.of(new PolicyProblem(fileName, 0, "", "YAML syntax: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            throw new PolicyException(List.of(new PolicyProblem(fileName, 0, "", "is empty (expected: a policy document)")));
        }
        Policy policy = read(new YamlNode(root.get(), "", problems), fileName);
        if (!problems.list().isEmpty()) {
            throw new PolicyException(problems.list());
        }
        return policy;
    }

    private static Policy read(YamlNode root, String fileName) {
        Map<String, YamlNode> top = root.mapping(TOP_LEVEL, Set.of("version", "origin"));
        Optional.ofNullable(top.get("version")).flatMap(node -> node.text("1")).ifPresent(version -> {
            if (!version.equals("1")) {
                top.get("version").problem("\"" + version + "\" (expected: 1)");
            }
        });
        OriginSettings origin = Optional.ofNullable(top.get("origin")).map(PolicyLoader::origin)
                .orElse(OriginSettings.at(URI.create("http://127.0.0.1:8081")));
        ServerSettings server = Optional.ofNullable(top.get("server")).map(PolicyLoader::server).orElse(ServerSettings.DEFAULTS);
        long l1MaxBytes = Optional.ofNullable(top.get("l1"))
                .flatMap(node -> optional(node.mapping(L1, Set.of()), "maxSize", PolicyLoader::positiveSize))
                .orElse(Policy.DEFAULT_L1_MAX_BYTES);
        CacheRule defaults = Optional.ofNullable(top.get("defaults"))
                .map(node -> ruleFields(node, CacheRule.RESPECT_ORIGIN)).orElse(CacheRule.RESPECT_ORIGIN);
        List<Route> routes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (top.containsKey("routes")) {
            for (YamlNode routeNode : top.get("routes").list("a list of routes")) {
                route(routeNode, defaults).ifPresent(route -> {
                    if (!names.add(route.name())) {
                        routeNode.problem("route name \"" + route.name() + "\" is used twice (expected: unique names)");
                    }
                    routes.add(route);
                });
            }
        }
        Route defaultRoute = new Route("default", Set.of(), PathPattern.compile("/**"),
                Optional.ofNullable(top.get("defaultRoute")).map(node -> rule(node, defaults)).orElse(defaults));
        return new Policy(fileName, origin, server, l1MaxBytes, routes, defaultRoute);
    }

    private static OriginSettings origin(YamlNode node) {
        if (node.isScalar()) {
            return url(node).map(OriginSettings::at).orElse(OriginSettings.at(URI.create("http://127.0.0.1")));
        }
        Map<String, YamlNode> fields = node.mapping(ORIGIN, Set.of("url"));
        URI url = Optional.ofNullable(fields.get("url")).flatMap(PolicyLoader::url).orElse(URI.create("http://127.0.0.1"));
        return new OriginSettings(url,
                optional(fields, "connectTimeout", PolicyLoader::positiveDuration).orElse(OriginSettings.DEFAULT_CONNECT_TIMEOUT),
                optional(fields, "firstByteTimeout", PolicyLoader::positiveDuration).orElse(OriginSettings.DEFAULT_FIRST_BYTE_TIMEOUT),
                optional(fields, "idleTimeout", PolicyLoader::positiveDuration).orElse(OriginSettings.DEFAULT_IDLE_TIMEOUT));
    }

    /** An origin URL: http or https, a host, no path, query or fragment. */
    static Optional<URI> url(YamlNode node) {
        return node.text("an http:// or https:// URL").flatMap(text -> {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                        && uri.getRawQuery() == null && uri.getRawFragment() == null;
                if (valid) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: an http:// or https:// URL with a host and no path)");
            return Optional.empty();
        });
    }

    private static ServerSettings server(YamlNode node) {
        Map<String, YamlNode> fields = node.mapping(SERVER, Set.of());
        return new ServerSettings(
                optional(fields, "host", n -> n.text("an address")).orElse(ServerSettings.DEFAULT_HOST),
                optional(fields, "port", PolicyLoader::port).orElse(ServerSettings.DEFAULT_PORT),
                optional(fields, "adminHost", n -> n.text("an address")).orElse(ServerSettings.DEFAULT_HOST),
                optional(fields, "adminPort", PolicyLoader::port).orElse(ServerSettings.DEFAULT_ADMIN_PORT));
    }

    private static Optional<Route> route(YamlNode node, CacheRule defaults) {
        Map<String, YamlNode> fields = node.mapping(ROUTE, Set.of("name", "match"));
        Optional<String> name = optional(fields, "name", n -> n.text("a name"));
        Set<String> methods = new LinkedHashSet<>();
        PathPattern path = null;
        if (fields.containsKey("match")) {
            Map<String, YamlNode> match = fields.get("match").mapping(MATCH, Set.of("path"));
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
            path = optional(match, "path", PolicyLoader::pathPattern).orElse(null);
        }
        CacheRule rule = fields.containsKey("cache") ? rule(fields.get("cache"), defaults) : defaults;
        if (name.isEmpty() || path == null) {
            return Optional.empty();
        }
        return Optional.of(new Route(name.get(), Set.copyOf(methods), path, rule));
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

    /** {@code bypass}, {@code respect} (the defaults as they are) or a mapping of rule fields. */
    private static CacheRule rule(YamlNode node, CacheRule defaults) {
        if (node.isScalar()) {
            String text = node.text("bypass or respect").orElse("");
            switch (text) {
                case "bypass":
                    return new CacheRule(true, defaults.ttlSeconds(), defaults.staleWhileRevalidateSeconds(), defaults.staleIfErrorSeconds(),
                            defaults.maxObjectBytes(), defaults.allowSetCookie(), defaults.keepSeconds());
                case "respect":
                    return defaults;
                default:
                    node.problem("\"" + text + "\" (expected: bypass, respect, or a mapping with keys "
                            + String.join(", ", RULE.stream().sorted().toList()) + ")");
                    return defaults;
            }
        }
        return ruleFields(node, defaults);
    }

    private static CacheRule ruleFields(YamlNode node, CacheRule defaults) {
        Map<String, YamlNode> fields = node.mapping(RULE, Set.of());
        return new CacheRule(false,
                orElse(seconds(fields, "ttl"), defaults.ttlSeconds()),
                orElse(seconds(fields, "staleWhileRevalidate"), defaults.staleWhileRevalidateSeconds()),
                orElse(seconds(fields, "staleIfError"), defaults.staleIfErrorSeconds()),
                optional(fields, "maxObjectSize", PolicyLoader::positiveSize).orElse(defaults.maxObjectBytes()),
                optional(fields, "allowSetCookie", PolicyLoader::bool).orElse(defaults.allowSetCookie()),
                seconds(fields, "keep").orElse(defaults.keepSeconds()));
    }

    private static OptionalLong orElse(OptionalLong value, OptionalLong fallback) {
        return value.isPresent() ? value : fallback;
    }

    private static OptionalLong seconds(Map<String, YamlNode> fields, String key) {
        return optional(fields, key, PolicyLoader::duration).map(d -> OptionalLong.of(d.toSeconds())).orElse(OptionalLong.empty());
    }

    private static <T> Optional<T> optional(Map<String, YamlNode> fields, String key, Function<YamlNode, Optional<T>> reader) {
        YamlNode node = fields.get(key);
        return node == null ? Optional.empty() : reader.apply(node);
    }

    private static Optional<Duration> duration(YamlNode node) {
        return node.text("a duration such as 30s, 5m or 1h").flatMap(text -> {
            Optional<Duration> duration = Durations.parse(text);
            if (duration.isEmpty()) {
                node.problem("\"" + text + "\" (expected: a positive duration such as 30s, 5m or 1h)");
            }
            return duration;
        });
    }

    private static Optional<Duration> positiveDuration(YamlNode node) {
        return duration(node).filter(d -> {
            if (d.isZero()) {
                node.problem("\"0\" (expected: a positive duration)");
            }
            return !d.isZero();
        });
    }

    private static Optional<Long> positiveSize(YamlNode node) {
        return node.text("a size such as 8MiB").flatMap(text -> {
            Optional<Long> size = ByteSizes.parse(text).filter(bytes -> bytes > 0);
            if (size.isEmpty()) {
                node.problem("\"" + text + "\" (expected: a positive size such as 64KiB, 8MiB or 1GiB)");
            }
            return size;
        });
    }

    private static Optional<Integer> port(YamlNode node) {
        return node.text("a port").flatMap(text -> {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return Optional.of(port);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: a port from 0 to 65535)");
            return Optional.empty();
        });
    }

    private static Optional<Boolean> bool(YamlNode node) {
        return node.text("true or false").flatMap(text -> switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                node.problem("\"" + text + "\" (expected: true or false)");
                yield Optional.empty();
            }
        });
    }
}
