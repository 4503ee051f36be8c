package dev.tiergate.proxy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Everything else is removed first: string literals, label matchers
 * ({@code {...}}), range and subquery selectors ({@code [...]}), the label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, Grafana's variables ({@code $route},
 * {@code ${route}}), then function names (an identifier before {@code (}), keywords and numbers.
 */
final class PromqlNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "atan2", "start", "end");

    private PromqlNames() {
    }

    /** The metric names {@code expression} reads, in order of first use. */
    static Set<String> of(String expression) {
        String text = STRINGS.matcher(expression).replaceAll(" ");
        // Grafana's variables first: ${route} would otherwise read as a label matcher.
        text = VARIABLES.matcher(text).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGES.matcher(text).replaceAll(" ");
        text = LABEL_LISTS.matcher(text).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = IDENTIFIER.matcher(text);
        while (identifiers.find()) {
            String name = identifiers.group(1);
            boolean function = identifiers.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
