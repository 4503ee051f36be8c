package dev.tiergate.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's path pattern: literal segments, {@code {name}} for one segment captured as a
 * parameter, {@code *} for one segment, and a trailing {@code **} for any remainder.
 */
public final class PathPattern {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private final String source;
    private final Pattern regex;
    private final List<String> parameterNames;

    private PathPattern(String source, Pattern regex, List<String> parameterNames) {
        this.source = source;
        this.regex = regex;
        this.parameterNames = parameterNames;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException with the reason when the pattern is malformed
     */
    public static PathPattern compile(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("must start with \"/\"");
        }
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        String[] segments = pattern.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("**")) {
                if (i != segments.length - 1) {
                    throw new IllegalArgumentException("\"**\" is allowed only as the last segment");
                }
                // "/static/**" matches "/static" and everything below it.
                regex.append("(?:/.*)?");
                continue;
            }
            regex.append('/');
            if (segment.equals("*")) {
                regex.append("[^/]+");
                continue;
            }
            Matcher parameter = PARAMETER.matcher(segment);
            if (parameter.matches()) {
                String name = parameter.group(1);
                if (names.contains(name)) {
                    throw new IllegalArgumentException("parameter {" + name + "} appears twice");
                }
                names.add(name);
                regex.append("([^/]+)");
                continue;
            }
            if (segment.contains("{") || segment.contains("}") || segment.contains("*")) {
                throw new IllegalArgumentException("segment \"" + segment + "\" mixes text with a wildcard or parameter");
            }
            regex.append(Pattern.quote(segment));
        }
        return new PathPattern(pattern, Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** The named parameters when the path matches. */
    public Optional<Map<String, String>> match(String path) {
        Matcher matcher = regex.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parameterNames.size(); i++) {
            parameters.put(parameterNames.get(i), matcher.group(i + 1));
        }
        return Optional.of(parameters);
    }

    /** The names of the {@code {parameters}}, in order. */
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public String toString() {
        return source;
    }
}
