package dev.tiergate.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which query parameters belong in the cache key: all of them, none, only those listed
 * ({@code include}) or all but those listed ({@code exclude}). Names may end in {@code *}
 * ({@code utm_*}). Parameters left out of the key are also left out of the origin request, so
 * they cannot change a response that is shared across their values.
 *
 * @param mode how {@code names} apply
 * @param names parameter names or prefixes ending in {@code *}
 */
public record QueryRule(Mode mode, List<String> names) {

    /** How the list applies. */
    public enum Mode {
        /** Every parameter is keyed. */
        ALL,
        /** No parameter is keyed. */
        NONE,
        /** Only the listed parameters are keyed. */
        INCLUDE,
        /** Every parameter but the listed ones is keyed. */
        EXCLUDE
    }

    /** Every parameter is part of the key (the default, which is always safe). */
    public static final QueryRule ALL = new QueryRule(Mode.ALL, List.of());

    public QueryRule {
        names = List.copyOf(names);
    }

    /** True when parameter {@code name} is part of the key. */
    public boolean keeps(String name) {
        return switch (mode) {
            case ALL -> true;
            case NONE -> false;
            case INCLUDE -> listed(name);
            case EXCLUDE -> !listed(name);
        };
    }

    private boolean listed(String name) {
        for (String pattern : names) {
            if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** True when a name in a policy is valid: a parameter name, optionally ending in {@code *}. */
    static boolean isValidName(String name) {
        return Pattern.matches("[A-Za-z0-9_.\\-\\[\\]]+\\*?|\\*", name);
    }
}
