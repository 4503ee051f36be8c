package dev.tiergate.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accept-Encoding (RFC 9110 §12.5.3) reduced to what the cache can tell apart.
 *
 * <p>Clients spell the field in countless ways ({@code gzip, deflate, br}, {@code br;q=1.0, gzip;q=0.8},
 * {@code *}, ...). Keyed or varied on as written, each spelling would make its own entry. The cache
 * distinguishes only the coding a client would prefer among {@link #BR} and {@link #GZIP}, or
 * {@link #IDENTITY} when it accepts neither, so every request falls into one of three classes. The
 * responses stored for a class are checked again when served ({@link #accepts}), so a class never hands
 * a client a coding it refused.
 */
public final class AcceptEncoding {

    /** Brotli (RFC 7932). */
    public static final String BR = "br";
    /** gzip (RFC 9110 §8.4.1.3). */
    public static final String GZIP = "gzip";
    /** No content coding. */
    public static final String IDENTITY = "identity";
    /** A weight in thousandths: qvalues have at most three decimals. */
    static final int FULL_WEIGHT = 1000;

    /** RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
    /** RFC 9110 §5.6.2 token characters. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final Pattern OWS_EDGES = Pattern.compile("^[ \\t]+|[ \\t]+$");

    private AcceptEncoding() {
    }

    /**
     * The class a request's Accept-Encoding falls into: {@code br} or {@code gzip}, whichever has the
     * higher weight ({@code br} on a tie), or {@code identity} when neither is acceptable.
     *
     * <p>Deliberate deviation: RFC 9110 §12.5.3 says a request without the field accepts any coding; the
     * cache treats it as identity, since clients that send no Accept-Encoding rarely decode one.
     */
    public static String normalise(Optional<String> value) {
        Map<String, Integer> weights = weights(value);
        int br = weight(weights, BR);
        int gzip = weight(weights, GZIP);
        if (br == 0 && gzip == 0) {
            return IDENTITY;
        }
        return br >= gzip ? BR : GZIP;
    }

    /**
     * Whether a client with this Accept-Encoding can take a response with this Content-Encoding: every
     * coding applied must be acceptable. A response without codings is always served (a cache does not
     * answer 406).
     */
    public static boolean accepts(Optional<String> acceptEncoding, Optional<String> contentEncoding) {
        if (contentEncoding.isEmpty()) {
            return true;
        }
        Map<String, Integer> weights = weights(acceptEncoding);
        for (String member : contentEncoding.get().split(",")) {
            String coding = canonicalCoding(trimOws(member));
            if (!coding.isEmpty() && !coding.equals(IDENTITY) && weight(weights, coding) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The weight of a coding in thousandths, from the weights {@link #weights} read.
     *
     * <p>RFC 9110 §12.5.3: a listed coding has its own weight; "An asterisk "*" symbol in an
     * Accept-Encoding field matches any available content coding not explicitly listed"; identity "is
     * acceptable by default unless specifically excluded by ... "identity;q=0" or "*;q=0" without a more
     * specific entry for "identity"."
     */
    static int weight(Map<String, Integer> weights, String coding) {
        Integer listed = weights.get(coding);
        if (listed != null) {
            return listed;
        }
        Integer any = weights.get("*");
        if (coding.equals(IDENTITY)) {
            return any != null && any == 0 ? 0 : FULL_WEIGHT;
        }
        return any == null ? 0 : any;
    }

    /**
     * The weight of each coding listed, lower-cased, {@code x-gzip} read as {@code gzip}; the first
     * mention of a coding counts. A member that is not a token, or whose weight is not a qvalue, is
     * ignored rather than guessed at. An absent field lists nothing (identity only).
     */
    static Map<String, Integer> weights(Optional<String> value) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return weights;
        }
        for (String member : value.get().split(",")) {
            String[] parts = member.split(";", -1);
            String coding = trimOws(parts[0]);
            if (!TOKEN.matcher(coding).matches()) {
                continue;
            }
            int weight = FULL_WEIGHT;
            boolean valid = true;
            for (int i = 1; i < parts.length; i++) {
                String parameter = trimOws(parts[i]);
                if (parameter.length() >= 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q') && parameter.charAt(1) == '=') {
                    String qvalue = parameter.substring(2);
                    valid = QVALUE.matcher(qvalue).matches();
                    weight = valid ? thousandths(qvalue) : 0;
                    break;
                }
            }
            if (valid) {
                weights.putIfAbsent(canonicalCoding(coding), weight);
            }
        }
        return weights;
    }

    /** A qvalue the pattern accepted, in thousandths. */
    private static int thousandths(String qvalue) {
        if (qvalue.charAt(0) == '1') {
            return FULL_WEIGHT;
        }
        String decimals = qvalue.length() > 2 ? qvalue.substring(2) : "";
        return decimals.isEmpty() ? 0 : Integer.parseInt((decimals + "00").substring(0, 3));
    }

    /** RFC 9110 §8.4.1.3: "A recipient SHOULD consider "x-gzip" to be equivalent to "gzip"." Codings are case-insensitive. */
    static String canonicalCoding(String coding) {
        String lower = asciiLowerCase(coding);
        return lower.equals("x-gzip") ? GZIP : lower;
    }

    /** Lower-cases ASCII letters only: a coding is an ASCII token, and a locale must not change it. */
    private static String asciiLowerCase(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return lower.toString();
    }

    /** RFC 9110 OWS: spaces and tabs only (trim() would also drop control characters). */
    private static String trimOws(String text) {
        return OWS_EDGES.matcher(text).replaceAll("");
    }
}
