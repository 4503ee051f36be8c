package dev.tiergate.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splitting and normalising the parts of a request that go into a cache key: path (RFC 3986
 * §6.2.2 normalisation), query parameters and cookies.
 */
public final class RequestParts {

    private RequestParts() {
    }

    /** One query parameter as it appeared, percent-encoding normalised. */
    public record Parameter(String name, String value, boolean hasValue) {
        String text() {
            return hasValue ? name + "=" + value : name;
        }
    }

    /** The path of a request target (before {@code ?}). */
    public static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The raw query of a request target, empty when it has none. */
    public static String rawQuery(String target) {
        int query = target.indexOf('?');
        return query < 0 ? "" : target.substring(query + 1);
    }

    /**
     * The normalised path: percent-encodings upper-cased, unreserved characters decoded and dot
     * segments removed — changes that do not alter what the path identifies.
     */
    public static String normalisePath(String path) {
        return removeDotSegments(normalisePercentEncoding(path));
    }

    /** Query parameters in order, percent-encoding normalised; empty members dropped. */
    public static List<Parameter> parameters(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String member : rawQuery.split("&")) {
            if (member.isEmpty()) {
                continue;
            }
            int equals = member.indexOf('=');
            String name = normalisePercentEncoding(equals < 0 ? member : member.substring(0, equals));
            String value = equals < 0 ? "" : normalisePercentEncoding(member.substring(equals + 1));
            parameters.add(new Parameter(name, value, equals >= 0));
        }
        return parameters;
    }

    /** Joins parameters back into a query string. */
    public static String join(List<Parameter> parameters) {
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : parameters) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(parameter.text());
        }
        return query.toString();
    }

    /** The decoded value of the first query parameter with this name. */
    public static Optional<String> parameter(List<Parameter> parameters, String name) {
        for (Parameter parameter : parameters) {
            if (decode(parameter.name()).equals(name)) {
                return Optional.of(decode(parameter.value()));
            }
        }
        return Optional.empty();
    }

    /** Cookies of a request's Cookie fields; the first of a repeated name wins. */
    public static Map<String, String> cookies(List<String> cookieFields) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String field : cookieFields) {
            for (String pair : field.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.putIfAbsent(trimOws(pair.substring(0, equals)), unquote(trimOws(pair.substring(equals + 1))));
                }
            }
        }
        return cookies;
    }

    /** Strips spaces and tabs only (RFC 9110 OWS): trim() would also drop control characters and let "a\u0000" pass for "a". */
    public static String trimOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    static String normalisePercentEncoding(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder normalised = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                int decoded = Integer.parseInt(text.substring(i + 1, i + 3), 16);
                if (isUnreserved(decoded)) {
                    normalised.append((char) decoded);
                } else {
                    normalised.append('%').append(Character.toUpperCase(text.charAt(i + 1))).append(Character.toUpperCase(text.charAt(i + 2)));
                }
                i += 2;
            } else {
                normalised.append(c);
            }
        }
        return normalised.toString();
    }

    /** Full percent-decoding (for reading values such as segment parameters). */
    static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 §5.2.4. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        String[] segments = path.split("/", -1);
        List<String> output = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    output.add("");
                }
            } else if (segment.equals("..")) {
                if (output.size() > 1) {
                    output.remove(output.size() - 1);
                }
                if (last) {
                    output.add("");
                }
            } else {
                output.add(segment);
            }
        }
        String result = String.join("/", output);
        return result.startsWith("/") ? result : "/" + result;
    }
}
