package dev.tiergate.policy;

import dev.tiergate.cache.AdaptiveTtlRule;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a cache rule's {@code adaptiveTtl: { min: 10s, max: 1h, fraction: 0.5 }}, or {@code adaptiveTtl: off}, which turns
 * off one the defaults set.
 */
final class AdaptiveTtlReader {

    static final String FIELD = "adaptiveTtl";
    static final Set<String> FIELDS = Set.of("min", "max", "fraction");

    private AdaptiveTtlReader() {
    }

    /** The rule's adaptive TTL: the one in {@code fields}, else {@code defaults}. */
    static Optional<AdaptiveTtlRule> read(Map<String, YamlNode> fields, Optional<AdaptiveTtlRule> defaults) {
        YamlNode node = fields.get(FIELD);
        if (node == null) {
            return defaults;
        }
        if (node.isScalar()) {
            Scalars.oneOf(node, "off");
            return Optional.empty();
        }
        Map<String, YamlNode> adaptive = node.mapping(FIELDS, Set.of("min", "max"));
        Optional<Long> min = PolicyLoader.optional(adaptive, "min", AdaptiveTtlReader::positiveSeconds);
        Optional<Long> max = PolicyLoader.optional(adaptive, "max", AdaptiveTtlReader::positiveSeconds);
        double fraction = PolicyLoader.optional(adaptive, "fraction", AdaptiveTtlReader::fraction).orElse(AdaptiveTtlRule.DEFAULT_FRACTION);
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        if (max.get() < min.get()) {
            adaptive.get("max").problem("max " + max.get() + "s is less than min " + min.get() + "s (expected: max >= min)");
            return Optional.empty();
        }
        return Optional.of(new AdaptiveTtlRule(min.get(), max.get(), fraction));
    }

    private static Optional<Long> positiveSeconds(YamlNode node) {
        return Scalars.seconds(node).filter(seconds -> {
            if (seconds == 0) {
                node.problem("\"0\" (expected: a positive duration such as 10s)");
            }
            return seconds > 0;
        });
    }

    private static Optional<Double> fraction(YamlNode node) {
        return node.text("a number").flatMap(text -> {
            try {
                double value = Double.parseDouble(text.trim());
                if (value > 0 && value <= 1) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            node.problem("\"" + text + "\" (expected: a number greater than 0 and at most 1, such as 0.5)");
            return Optional.empty();
        });
    }
}
