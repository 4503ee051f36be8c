package dev.tiergate.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the scalar values of a policy; each reports what it expected at the node. */
final class Scalars {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** POSIX's portable environment variable names, upper case as is the custom. */
    static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");

    private Scalars() {
    }

    static Optional<Duration> duration(YamlNode node) {
        return node.text("a duration such as 30s, 5m or 1h").flatMap(text -> {
            Optional<Duration> duration = Durations.parse(text);
            if (duration.isEmpty()) {
                node.problem("\"" + text + "\" (expected: a positive duration such as 30s, 5m or 1h)");
            }
            return duration;
        });
    }

    static Optional<Duration> positiveDuration(YamlNode node) {
        return duration(node).filter(d -> {
            if (d.isZero()) {
                node.problem("\"0\" (expected: a positive duration)");
            }
            return !d.isZero();
        });
    }

    /** A duration counted in whole seconds (cache lifetimes): {@code 500ms} would silently become 0. */
    static Optional<Long> seconds(YamlNode node) {
        return duration(node).filter(d -> {
            if (d.toNanosPart() != 0) {
                node.problem("\"" + node.text("").orElse("") + "\" (expected: whole seconds, such as 1s or 30s)");
                return false;
            }
            return true;
        }).map(Duration::toSeconds);
    }

    static Optional<Long> positiveSize(YamlNode node) {
        return node.text("a size such as 8MiB").flatMap(text -> {
            Optional<Long> size = ByteSizes.parse(text).filter(bytes -> bytes > 0);
            if (size.isEmpty()) {
                node.problem("\"" + text + "\" (expected: a positive size such as 64KiB, 8MiB or 1GiB)");
            }
            return size;
        });
    }

    static Optional<Long> positiveInteger(YamlNode node) {
        return wholeNumber(node, 1, Long.MAX_VALUE, "a positive whole number");
    }

    /** A count that fits an int, where 0 means "no limit". */
    static Optional<Integer> limit(YamlNode node) {
        return wholeNumber(node, 0, Integer.MAX_VALUE, "a whole number, 0 for no limit").map(Long::intValue);
    }

    private static Optional<Long> wholeNumber(YamlNode node, long min, long max, String expected) {
        return node.text(expected).flatMap(text -> {
            try {
                long value = Long.parseLong(text.trim());
                if (value >= min && value <= max) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: " + expected + ")");
            return Optional.empty();
        });
    }

    static Optional<Integer> port(YamlNode node) {
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

    static Optional<Boolean> bool(YamlNode node) {
        return node.text("true or false").flatMap(text -> switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                node.problem("\"" + text + "\" (expected: true or false)");
                yield Optional.empty();
            }
        });
    }

    /** A name for routes, origins and segments: lower case letters, digits, {@code -} and {@code _}. */
    static Optional<String> name(YamlNode node) {
        return node.text("a name").flatMap(text -> {
            if (NAME.matcher(text).matches()) {
                return Optional.of(text);
            }
            node.problem("\"" + text + "\" (expected: a name of lower-case letters, digits, - and _, starting with a letter)");
            return Optional.empty();
        });
    }

    /** An HTTP field or cookie name (an RFC 9110 token). */
    static Optional<String> fieldName(YamlNode node) {
        return node.text("a header or cookie name").flatMap(text -> {
            if (FIELD_NAME.matcher(text).matches()) {
                return Optional.of(text);
            }
            node.problem("\"" + text + "\" (expected: a header or cookie name)");
            return Optional.empty();
        });
    }

    /** One of the given words, case-insensitive; returns it lower case. */
    static Optional<String> oneOf(YamlNode node, String... words) {
        return node.text("one of " + String.join(", ", words)).flatMap(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (word.equals(lower)) {
                    return Optional.of(word);
                }
            }
            String suggestion = Suggestions.closest(lower, java.util.List.of(words)).map(s -> ", did you mean \"" + s + "\"?").orElse("");
            node.problem("\"" + text + "\" (expected one of: " + String.join(", ", words) + suggestion + ")");
            return Optional.empty();
        });
    }

    /** An origin URL: http or https, a host, no path, query or fragment. */
    /**
     * The name of an environment variable that holds a secret. A value that is no such name is not quoted back:
     * a secret pasted here by mistake must not end up in a log or a CI transcript.
     *
     * @param holds what the variable holds, such as "the API token"
     * @param example a name to suggest
     * @param itself how the problem names the secret, such as "the token"
     */
    static Optional<String> environmentName(YamlNode node, String holds, String example, String itself) {
        return node.text("an environment variable name").flatMap(text -> {
            if (ENVIRONMENT_NAME.matcher(text).matches()) {
                return Optional.of(text);
            }
            node.problem("not an environment variable name (expected: the name of the variable that holds " + holds + ", such as "
                    + example + "; " + itself + " itself never goes in the policy)");
            return Optional.empty();
        });
    }

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

    /** A rate such as {@code 100/1m}: a count per period. */
    static Optional<long[]> rate(YamlNode node) {
        Pattern rate = Pattern.compile("(\\d{1,12})\\s*/\\s*(\\S+)");
        return node.text("a rate such as 100/1s or 1000/1m").flatMap(text -> {
            Matcher matcher = rate.matcher(text.trim());
            if (matcher.matches()) {
                Optional<Duration> period = Durations.parse(matcher.group(2));
                long count = Long.parseLong(matcher.group(1));
                if (period.isPresent() && !period.get().isZero() && count > 0) {
                    return Optional.of(new long[] {count, period.get().toMillis()});
                }
            }
            node.problem("\"" + text + "\" (expected: a rate such as 100/1s or 1000/1m)");
            return Optional.empty();
        });
    }
}
