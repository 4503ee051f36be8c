package dev.tiergate.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Forwarded} request field (RFC 7239): what proxies in front of this one say about the
 * client's request. Only the first element is read, the one the proxy nearest the client added; it is
 * believed only from a trusted upstream, which is where requests enter and so sets the field itself.
 *
 * <p>The parser is strict about syntax and lenient about content: an element that breaks the grammar
 * (an unquoted IPv6 address, a parameter given twice, an unterminated quoted string) is no element at
 * all, while parameters it does not know are skipped.
 */
public final class Forwarded {

    /**
     * One forwarded-element's parameters (RFC 7239 §5), unquoted; each is empty when the element has none.
     *
     * @param forNode {@code for=}: the client that made the request to the proxy
     * @param byNode {@code by=}: the proxy's interface that received it
     * @param host {@code host=}: the Host the client sent
     * @param proto {@code proto=}: the scheme the client used
     */
    public record Element(Optional<String> forNode, Optional<String> byNode, Optional<String> host, Optional<String> proto) {
    }

    private Forwarded() {
    }

    /** The first element of the request's {@code Forwarded} field lines, when they have one and it is well-formed. */
    public static Optional<Element> first(Headers headers) {
        return headers.combined("Forwarded").flatMap(Forwarded::firstElement);
    }

    /** The first element of a {@code Forwarded} field value, when it has one and it is well-formed. */
    public static Optional<Element> firstElement(String value) {
        Parser parser = new Parser(value);
        for (;;) {
            parser.skipOws();
            if (parser.atEnd()) {
                return Optional.empty();
            }
            if (parser.peek() != ',') {
                return parser.element();
            }
            // RFC 9110 §5.6.1: a recipient ignores empty list elements.
            parser.at++;
        }
    }

    /**
     * The IP address a node names (RFC 7239 §6): an IPv4 address, or an IPv6 address in brackets, either with
     * an optional port ({@code 192.0.2.43:47011}, {@code [2001:db8::1]:4711}); IPv6 comes without its brackets.
     * Empty for {@code unknown}, an obfuscated identifier ({@code _hidden}) and anything malformed.
     */
    public static Optional<String> nodeAddress(String node) {
        String address;
        String rest;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            address = node.substring(1, close);
            rest = node.substring(close + 1);
            if (address.indexOf(':') < 0) {
                return Optional.empty();
            }
        } else {
            int colon = node.indexOf(':');
            address = colon < 0 ? node : node.substring(0, colon);
            rest = colon < 0 ? "" : node.substring(colon);
        }
        if (!rest.isEmpty() && (rest.charAt(0) != ':' || !isPort(rest.substring(1)))) {
            return Optional.empty();
        }
        // RFC 7239 §6: IPv6address has no zone; "unknown" and "_obfnode" are no address.
        if (address.indexOf('%') >= 0 || !Cidr.isAddress(address)) {
            return Optional.empty();
        }
        return Optional.of(address);
    }

    /** node-port = port / obfport; port = 1*5DIGIT; obfport = "_" 1*(ALPHA / DIGIT / "." / "_" / "-"). */
    private static boolean isPort(String text) {
        if (text.isEmpty()) {
            return false;
        }
        boolean obfuscated = text.charAt(0) == '_';
        if (obfuscated ? text.length() < 2 : text.length() > 5) {
            return false;
        }
        for (int i = obfuscated ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean obfuscatedChar = digit || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '.' || c == '_' || c == '-';
            if (obfuscated ? !obfuscatedChar : !digit) {
                return false;
            }
        }
        return true;
    }

    /** A cursor over one field value. */
    private static final class Parser {

        /** RFC 9110 §5.6.2 tchar, beside ALPHA and DIGIT. */
        private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        /**
         * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] ), up to the next "," outside a
         * quoted string. OWS around ";" is accepted, as proxies write it; none around "=", which the grammar has none of.
         */
        Optional<Element> element() {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (;;) {
                skipOws();
                if (atEnd() || peek() == ',') {
                    break;
                }
                if (peek() == ';') {
                    at++;
                    continue;
                }
                String name = token().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || atEnd() || peek() != '=') {
                    return Optional.empty();
                }
                at++;
                String value = !atEnd() && peek() == '"' ? quoted() : token();
                // RFC 7239 §4: each parameter MUST NOT occur more than once per forwarded-element.
                if (value == null || value.isEmpty() || pairs.containsKey(name)) {
                    return Optional.empty();
                }
                pairs.put(name, value);
                skipOws();
                if (!atEnd() && peek() != ',' && peek() != ';') {
                    return Optional.empty();
                }
            }
            return Optional.of(new Element(Optional.ofNullable(pairs.get("for")), Optional.ofNullable(pairs.get("by")),
                    Optional.ofNullable(pairs.get("host")), Optional.ofNullable(pairs.get("proto"))));
        }

        /** RFC 9110 §5.6.2 token; empty when none starts here. */
        private String token() {
            int start = at;
            while (!atEnd() && isTchar(peek())) {
                at++;
            }
            return text.substring(start, at);
        }

        /** RFC 9110 §5.6.4 quoted-string, unescaped; null when it is malformed or unterminated. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            at++;
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                    if (atEnd() || !isQuotable(peek())) {
                        return null;
                    }
                    value.append(text.charAt(at++));
                } else if (isQuotable(c)) {
                    value.append(c);
                } else {
                    return null;
                }
            }
            return null;
        }

        private static boolean isTchar(char c) {
            return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || TCHAR_SYMBOLS.indexOf(c) >= 0;
        }

        /** HTAB, SP, VCHAR and obs-text: what a quoted string may hold (the quote and backslash only escaped). */
        private static boolean isQuotable(char c) {
            return c == '\t' || c >= 0x20 && c <= 0x7e || c >= 0x80 && c <= 0xff;
        }
    }
}
