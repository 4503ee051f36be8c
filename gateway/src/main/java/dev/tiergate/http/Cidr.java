package dev.tiergate.http;

import java.util.Arrays;
import java.util.Optional;

/**
 * A range of IP addresses in CIDR notation, IPv4 ({@code 10.0.0.0/8}, RFC 4632 §3.1) or IPv6
 * ({@code fd00::/8}, RFC 4291 §2.3), and the address literals matched against it.
 *
 * <p>Only literals are read: a host name is not an address here and is never resolved, so no decision
 * waits on DNS or changes with it. Every address is held as 16 bytes, an IPv4 address in its IPv4-mapped
 * IPv6 form {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2): {@code 10.0.0.0/8} contains {@code ::ffff:10.1.2.3},
 * the form a dual-stack listener reports an IPv4 peer in, and {@code ::ffff:10.0.0.0/104} contains
 * {@code 10.1.2.3}.
 */
public final class Cidr {

    private static final int ADDRESS_BYTES = 16;
    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    /** An IPv4 prefix counts from the 97th bit of the mapped form. */
    private static final int MAPPED_BITS = IPV6_BITS - IPV4_BITS;

    private final byte[] network;
    private final int prefixBits;
    private final boolean ipv4;

    private Cidr(byte[] network, int prefixBits, boolean ipv4) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.ipv4 = ipv4;
    }

    /**
     * Reads {@code address/length}, or a lone address (a range of one: /32 or /128). An IPv6 address may
     * stand in brackets ({@code [::1]/128}).
     *
     * @throws IllegalArgumentException with the reason, when {@code text} is not a range, or has bits set
     *     past its prefix (the message then names the range that was probably meant)
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = bytes(addressText, false);
        if (address == null) {
            throw new IllegalArgumentException("is not an IPv4 or IPv6 address (expected: a range such as 10.0.0.0/8 or fd00::/8, "
                    + "or one address; host names are not resolved)");
        }
        boolean ipv4 = addressText.indexOf(':') < 0;
        int maxLength = ipv4 ? IPV4_BITS : IPV6_BITS;
        int length = slash < 0 ? maxLength : prefixLength(text.substring(slash + 1), maxLength);
        if (length < 0) {
            throw new IllegalArgumentException("has the prefix length \"" + text.substring(slash + 1) + "\" (expected: a whole number from 0 to "
                    + maxLength + ")");
        }
        int bits = ipv4 ? MAPPED_BITS + length : length;
        byte[] network = masked(address, bits);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("has bits set past its /" + length + " prefix (expected: " + format(network, ipv4) + "/" + length
                    + ")");
        }
        return new Cidr(network, bits, ipv4);
    }

    /**
     * True when {@code address} is an address literal inside the range: IPv4, IPv6, IPv6 in brackets, or
     * IPv6 with a zone ({@code fe80::1%eth0}, the zone ignored). Anything else, a host name included, is
     * not inside any range.
     */
    public boolean contains(String address) {
        byte[] bytes = bytes(address, true);
        return bytes != null && Arrays.equals(masked(bytes, prefixBits), network);
    }

    /** True when {@code text} is an IPv4 or IPv6 address literal (brackets and a zone allowed, as {@link #contains} reads it). */
    public static boolean isAddress(String text) {
        return bytes(text, true) != null;
    }

    /** The range as the compiled policy carries it: {@code 10.0.0.0/8}, {@code fd00::/8} (RFC 5952 text). */
    @Override
    public String toString() {
        return format(network, ipv4) + "/" + (ipv4 ? prefixBits - MAPPED_BITS : prefixBits);
    }

    /** Ranges are equal when they hold the same addresses, however they were written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixBits == that.prefixBits && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    /** A whole number from 0 to {@code max} in plain decimal digits, or -1. */
    private static int prefixLength(String text, int max) {
        if (text.isEmpty() || text.length() > 3 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    /** The 16 bytes of an address literal (IPv4 mapped), or null when {@code text} is none. */
    private static byte[] bytes(String text, boolean allowZone) {
        String literal = text;
        if (literal.length() >= 2 && literal.charAt(0) == '[' && literal.charAt(literal.length() - 1) == ']') {
            literal = literal.substring(1, literal.length() - 1);
            if (literal.indexOf(':') < 0) {
                // Brackets enclose IPv6 only (RFC 3986 §3.2.2).
                return null;
            }
        }
        if (literal.indexOf(':') < 0) {
            byte[] octets = ipv4(literal);
            return octets == null ? null : mapped(octets);
        }
        int percent = literal.indexOf('%');
        if (percent >= 0) {
            // RFC 6874: a zone names the interface; it plays no part in which range an address is in.
            if (!allowZone || percent == literal.length() - 1) {
                return null;
            }
            literal = literal.substring(0, percent);
        }
        return ipv6(literal);
    }

    /** RFC 3986 §3.2.2 dec-octet "." dec-octet "." dec-octet "." dec-octet; no leading zeros, which some read as octal. */
    private static byte[] ipv4(String text) {
        byte[] octets = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == octets.length) {
                    return null;
                }
                octets[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == octets.length ? octets : null;
    }

    /** RFC 4291 §2.2: eight groups of up to four hex digits, one "::" for a run of zero groups, an IPv4 tail. */
    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[ADDRESS_BYTES];
        for (int i = 0; i < head.length; i++) {
            bytes[2 * i] = (byte) (head[i] >> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 8 - tail.length + i;
            bytes[2 * at] = (byte) (tail[i] >> 8);
            bytes[2 * at + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /**
     * The 16-bit groups of one side of a "::" (or of a whole address without one); null when malformed.
     *
     * @param last true for the side that ends the address, where dotted IPv4 may stand for the last two groups
     */
    private static int[] groups(String text, boolean last) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] pieces = text.split(":", -1);
        boolean dotted = last && pieces[pieces.length - 1].indexOf('.') >= 0;
        int[] groups = new int[pieces.length + (dotted ? 1 : 0)];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (dotted && i == pieces.length - 1) {
                byte[] octets = ipv4(piece);
                if (octets == null) {
                    return null;
                }
                groups[i] = (octets[0] & 0xff) << 8 | octets[1] & 0xff;
                groups[i + 1] = (octets[2] & 0xff) << 8 | octets[3] & 0xff;
            } else if (piece.isEmpty() || piece.length() > 4) {
                return null;
            } else {
                int value = 0;
                for (int j = 0; j < piece.length(); j++) {
                    int digit = hexDigit(piece.charAt(j));
                    if (digit < 0) {
                        return null;
                    }
                    value = value * 16 + digit;
                }
                groups[i] = value;
            }
        }
        return groups;
    }

    /** ASCII hex digits only: Character.digit would also take full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] mapped(byte[] octets) {
        byte[] bytes = new byte[ADDRESS_BYTES];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(octets, 0, bytes, 12, 4);
        return bytes;
    }

    /** The address with every bit past the first {@code bits} cleared. */
    private static byte[] masked(byte[] address, int bits) {
        byte[] result = new byte[ADDRESS_BYTES];
        for (int i = 0; i < ADDRESS_BYTES; i++) {
            int keep = Math.min(8, Math.max(0, bits - 8 * i));
            result[i] = (byte) (address[i] & (0xff00 >> keep));
        }
        return result;
    }

    /** Dotted IPv4, or IPv6 as RFC 5952 §4 writes it: lower case, no leading zeros, the longest run of zero groups as "::". */
    private static String format(byte[] address, boolean ipv4) {
        boolean mapped = isMapped(address);
        if (ipv4 || mapped) {
            String dotted = (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "." + (address[15] & 0xff);
            // RFC 5952 §5: an IPv4-mapped address written as IPv6 keeps its IPv4 tail.
            return ipv4 ? dotted : "::ffff:" + dotted;
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    private static boolean isMapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return (address[10] & 0xff) == 0xff && (address[11] & 0xff) == 0xff;
    }
}
