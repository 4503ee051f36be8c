package dev.tiergate.store;

import dev.tiergate.http.CacheControl;
import java.util.Map;
import java.util.Optional;

/**
 * Cache-Control text that {@link CacheControl#parse} reads back to the same directives.
 *
 * <p>{@link CacheControl#toString()} writes values bare, so a value such as the field list of
 * {@code no-cache="set-cookie, x-token"} would come back as two directives. Here a value that is
 * not a plain token is written as a quoted-string (RFC 9110 §5.6.4) instead.
 */
final class DirectivesText {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private DirectivesText() {
    }

    static String format(CacheControl directives) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Optional<String>> directive : directives.directives().entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(directive.getKey());
            directive.getValue().ifPresent(value -> text.append('=').append(isToken(value) ? value : quoted(value)));
        }
        return text.toString();
    }

    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
