package dev.tiergate.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cache directives of one field (RFC 9111 §5.2), parsed leniently.
 *
 * <p>Names are case-insensitive; when a directive repeats, the first occurrence wins
 * (§4.2.1). Values may be tokens or quoted strings: "recipients ... should accept both forms"
 * (§5.2). A delta-seconds value that is not a non-negative integer is kept as invalid so that
 * freshness can treat it as stale, as §4.2.1 encourages.
 */
public final class CacheControl {

    /** "the cache MUST consider the value to be 2147483648 (2^31)" for values it cannot represent (§1.2.2). */
    public static final long DELTA_SECONDS_CEILING = 2_147_483_648L;

    /** No directives. */
    public static final CacheControl EMPTY = new CacheControl(Map.of());

    private final Map<String, Optional<String>> directives;

    private CacheControl(Map<String, Optional<String>> directives) {
        this.directives = directives;
    }

    /** Parses one or more combined Cache-Control field values; never fails. */
    public static CacheControl parse(String fieldValue) {
        if (fieldValue == null || fieldValue.isBlank()) {
            return EMPTY;
        }
        Map<String, Optional<String>> directives = new LinkedHashMap<>();
        for (String member : splitOutsideQuotes(fieldValue)) {
            String trimmed = member.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String name = (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Optional<String> value = equals < 0 ? Optional.empty() : Optional.of(unquote(trimmed.substring(equals + 1).trim()));
            directives.putIfAbsent(name, value);
        }
        return directives.isEmpty() ? EMPTY : new CacheControl(Collections.unmodifiableMap(directives));
    }

    /** Directives built from already-validated name/value pairs (used by targeted fields). */
    static CacheControl of(Map<String, Optional<String>> directives) {
        return directives.isEmpty() ? EMPTY : new CacheControl(Collections.unmodifiableMap(new LinkedHashMap<>(directives)));
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    public Optional<String> value(String directive) {
        Optional<String> value = directives.get(directive);
        return value == null ? Optional.empty() : value;
    }

    /**
     * The directive's delta-seconds, or empty when the directive is absent or invalid;
     * see {@link #isInvalidDeltaSeconds}. Values over 2^31 are capped (§1.2.2).
     */
    public OptionalLong deltaSeconds(String directive) {
        Optional<String> value = directives.get(directive);
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        return parseDeltaSeconds(value.get());
    }

    /**
     * A delta-seconds value ({@code 1*DIGIT}), capped at 2^31 (§1.2.2); empty when the text is not one.
     * Leading zeros do not count towards the cap: {@code 000000000060} is 60.
     */
    static OptionalLong parseDeltaSeconds(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 10) {
            return OptionalLong.of(DELTA_SECONDS_CEILING);
        }
        return OptionalLong.of(Math.min(Long.parseLong(significant), DELTA_SECONDS_CEILING));
    }

    /** True when the directive is present but its argument is not a delta-seconds value. */
    public boolean isInvalidDeltaSeconds(String directive) {
        return has(directive) && deltaSeconds(directive).isEmpty();
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    public Map<String, Optional<String>> directives() {
        return directives;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        directives.forEach((name, value) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name);
            // A value that is not a token (a field list such as no-cache="a, b") is written as a quoted string,
            // so that parse(toString()) gives back the same directives.
            value.ifPresent(v -> text.append('=').append(v.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") ? v
                    : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        });
        return text.toString();
    }

    private static Iterable<String> splitOutsideQuotes(String value) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder unquoted = new StringBuilder(value.length());
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                unquoted.append(c);
            }
            return unquoted.toString();
        }
        return value;
    }
}
