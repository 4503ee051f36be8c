package dev.tiergate.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the cache directives that apply to this cache (RFC 9213).
 *
 * <p>"the cache MUST select the first (in target list order) field with a valid, non-empty
 * value ... and it MUST ignore the Cache-Control and Expires header fields in that response,
 * unless no valid, non-empty value is available from the listed header fields" (§2.2).
 * Targeted fields are Structured Field Dictionaries (RFC 8941); one that does not parse is
 * ignored as a whole.
 */
public final class TargetedCacheControl {

    /** This cache's own targeted field. */
    public static final String TIERGATE_CACHE_CONTROL = "Tiergate-Cache-Control";
    /** The field every CDN cache obeys (RFC 9213 §3.1). */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";
    /** The target list, most specific first. */
    public static final List<String> TARGET_LIST = List.of(TIERGATE_CACHE_CONTROL, CDN_CACHE_CONTROL);

    /** Directives whose argument is delta-seconds, which RFC 9213 §2.1 maps to a non-negative Integer. */
    private static final Set<String> INTEGER_DIRECTIVES =
            Set.of("max-age", "s-maxage", "stale-while-revalidate", "stale-if-error");

    /** Where the effective directives came from. */
    public record Selection(CacheControl directives, Optional<String> targetedField) {
        /** True when a targeted field applies, so that {@code Expires} must be ignored. */
        public boolean isTargeted() {
            return targetedField.isPresent();
        }
    }

    private TargetedCacheControl() {
    }

    /** The directives that govern storing and reusing this response in this cache. */
    public static Selection select(Headers responseHeaders) {
        for (String field : TARGET_LIST) {
            Optional<String> value = responseHeaders.combined(field);
            if (value.isEmpty()) {
                continue;
            }
            // A valid, non-empty value is selected even when none of its members survive (e.g. "no-store=?0"):
            // the field still targets this cache, so Cache-Control and Expires stay ignored.
            Optional<CacheControl> parsed = parseDictionary(value.get());
            if (parsed.isPresent() && !value.get().isBlank()) {
                return new Selection(parsed.get(), Optional.of(field));
            }
        }
        return new Selection(CacheControl.parse(responseHeaders.combined("Cache-Control").orElse(null)), Optional.empty());
    }

    /**
     * Parses a Structured Field Dictionary into directives; empty when the syntax is invalid.
     * Booleans become valueless directives ({@code ?0} removes the member), integers become
     * delta-seconds, strings and tokens keep their text; parameters are ignored. A delta-seconds
     * directive whose value is not a non-negative Integer (a String, a Decimal, a Token) makes the field
     * invalid: "Implementations SHOULD NOT consume values that violate these inferred constraints" (§2.1).
     */
    static Optional<CacheControl> parseDictionary(String fieldValue) {
        Map<String, Optional<String>> directives = new LinkedHashMap<>();
        Parser parser = new Parser(fieldValue);
        parser.skipSpaces();
        if (parser.atEnd()) {
            return Optional.of(CacheControl.EMPTY);
        }
        while (true) {
            String key = parser.key();
            if (key == null) {
                return Optional.empty();
            }
            Optional<String> value;
            boolean present = true;
            boolean nonNegativeInteger = false;
            if (parser.peek() == '=') {
                parser.advance();
                String item = parser.bareItem();
                if (item == null) {
                    return Optional.empty();
                }
                // A String such as "60" has a quote here and a Decimal a dot: neither is an Integer.
                nonNegativeInteger = item.chars().allMatch(c -> c >= '0' && c <= '9')
                        && parser.previous() != '"';
                if (item.equals("?1")) {
                    value = Optional.empty();
                } else if (item.equals("?0")) {
                    value = Optional.empty();
                    present = false;
                } else {
                    value = Optional.of(item);
                }
            } else {
                value = Optional.empty();
            }
            if (INTEGER_DIRECTIVES.contains(key) && !nonNegativeInteger) {
                return Optional.empty();
            }
            if (!parser.skipParameters()) {
                return Optional.empty();
            }
            // In a Structured Field Dictionary the last occurrence of a key wins (RFC 8941 §4.2.2).
            directives.remove(key);
            if (present) {
                directives.put(key, value);
            }
            parser.skipOptionalWhitespace();
            if (parser.atEnd()) {
                return Optional.of(CacheControl.of(directives));
            }
            if (parser.peek() != ',') {
                return Optional.empty();
            }
            parser.advance();
            parser.skipOptionalWhitespace();
            if (parser.atEnd()) {
                return Optional.empty();
            }
        }
    }

    /** A cursor over a field value implementing the subset of RFC 8941 a dictionary needs. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        void advance() {
            position++;
        }

        char previous() {
            return position == 0 ? '\0' : text.charAt(position - 1);
        }

        void skipSpaces() {
            while (!atEnd() && peek() == ' ') {
                position++;
            }
        }

        void skipOptionalWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        String key() {
            char first = peek();
            if (!((first >= 'a' && first <= 'z') || first == '*')) {
                return null;
            }
            int start = position;
            while (!atEnd()) {
                char c = peek();
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                    position++;
                } else {
                    break;
                }
            }
            return text.substring(start, position);
        }

        /** A bare item as text: integers and decimals as written, strings unescaped, booleans as ?0/?1. */
        String bareItem() {
            char first = peek();
            if (first == '-' || (first >= '0' && first <= '9')) {
                return number();
            }
            if (first == '"') {
                return string();
            }
            if (first == '?') {
                advance();
                char bool = peek();
                if (bool == '0' || bool == '1') {
                    advance();
                    return "?" + bool;
                }
                return null;
            }
            if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '*') {
                return token();
            }
            return null;
        }

        private String number() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            int digits = 0;
            boolean decimal = false;
            while (!atEnd()) {
                char c = peek();
                if (c >= '0' && c <= '9') {
                    digits++;
                    position++;
                } else if (c == '.' && !decimal) {
                    decimal = true;
                    position++;
                } else {
                    break;
                }
            }
            if (digits == 0 || digits > 15 || text.charAt(position - 1) == '.') {
                return null;
            }
            return text.substring(start, position);
        }

        private String string() {
            advance();
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = peek();
                advance();
                if (c == '\\') {
                    char escaped = peek();
                    if (escaped != '"' && escaped != '\\') {
                        return null;
                    }
                    value.append(escaped);
                    advance();
                } else if (c == '"') {
                    return value.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    return null;
                } else {
                    value.append(c);
                }
            }
            return null;
        }

        private String token() {
            int start = position;
            while (!atEnd()) {
                char c = peek();
                if (c > 0x20 && c < 0x7f && "\"(),;<=>?@[\\]{}".indexOf(c) < 0 || c == ':' || c == '/') {
                    position++;
                } else {
                    break;
                }
            }
            return text.substring(start, position);
        }

        boolean skipParameters() {
            while (peek() == ';') {
                advance();
                skipSpaces();
                if (key() == null) {
                    return false;
                }
                if (peek() == '=') {
                    advance();
                    if (bareItem() == null) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
