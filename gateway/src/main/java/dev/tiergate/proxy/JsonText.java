package dev.tiergate.proxy;

/**
 * JSON text appended to a {@link StringBuilder}, for the access log's one object per line: strings escaped as RFC 8259
 * §7 requires, without the generator, writer and buffers a general JSON library allocates for each line.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /**
     * {@code value} as a JSON string, or {@code null}. Quotation mark, reverse solidus and the control characters
     * U+0000 to U+001F are escaped (RFC 8259 §7: "All Unicode characters may be placed within the quotation marks,
     * except for the characters that MUST be escaped"); other characters, non-ASCII included, are kept, and the
     * log's UTF-8 encoder writes them. A lone surrogate, which UTF-8 cannot encode, is escaped as {@code \}{@code uXXXX}
     * (§8.2 allows it), so the line keeps exactly what the request sent instead of a replacement character.
     */
    static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int length = value.length();
        int plain = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(value, plain, i);
            escape(out, c);
            plain = i + 1;
        }
        out.append(value, plain, length).append('"');
    }

    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
        }
    }

    /** {@code "name":}, for names the code chooses (plain ASCII, nothing to escape). */
    static StringBuilder name(StringBuilder out, String name) {
        return out.append('"').append(name).append("\":");
    }

    /** {@code micros} as milliseconds with exactly three decimals ({@code 3.412}, {@code 2.000}): no double, no exponent. */
    static void millis(StringBuilder out, long micros) {
        if (micros < 0) {
            out.append('-');
            micros = -micros;
        }
        long fraction = micros % 1000;
        out.append(micros / 1000).append('.');
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction);
    }
}
