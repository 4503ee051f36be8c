package dev.tiergate.policy;

import java.util.List;

/**
 * A segment: a bounded set of audiences that get separate cache entries.
 *
 * @param name the segment's name in the policy
 * @param source where the raw value comes from
 * @param field the claim, header, cookie or query parameter name
 * @param values the allowed values; anything else maps to {@code defaultValue}
 * @param defaultValue the segment for missing or unlisted values (and, on routes that allow it, invalid tokens)
 */
public record SegmentDefinition(String name, Source source, String field, List<String> values, String defaultValue) {

    /** Where a segment's raw value comes from. */
    public enum Source {
        /** A claim of a verified JWT. */
        JWT,
        /** A request header. */
        HEADER,
        /** A cookie. */
        COOKIE,
        /** A query parameter. */
        QUERY;

        /** The policy spelling. */
        public String spelling() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SegmentDefinition {
        values = List.copyOf(values);
    }

    /** The segment for a raw value: itself when allowed, else the default. */
    public String resolve(java.util.Optional<String> raw) {
        return raw.filter(values::contains).orElse(defaultValue);
    }
}
