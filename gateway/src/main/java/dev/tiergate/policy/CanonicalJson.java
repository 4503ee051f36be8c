package dev.tiergate.policy;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON canonically: object keys sorted, no insignificant whitespace but one newline at
 * the end, numbers as integers. The same value always gives the same bytes, so that a compiled
 * policy's hash identifies its content.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Values are maps, collections, strings, numbers, booleans or null. */
    static String write(Object value) {
        StringBuilder json = new StringBuilder();
        append(json, value);
        return json.toString();
    }

    @SuppressWarnings("unchecked")
    private static void append(StringBuilder json, Object value) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : new TreeMap<>((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, entry.getKey());
                json.append(':');
                append(json, entry.getValue());
            }
            json.append('}');
        } else if (value instanceof Collection<?> list) {
            json.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                append(json, item);
            }
            json.append(']');
        } else if (value instanceof String text) {
            string(json, text);
        } else if (value instanceof Long || value instanceof Integer) {
            json.append(value);
        } else if (value instanceof Boolean bool) {
            json.append(bool);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
