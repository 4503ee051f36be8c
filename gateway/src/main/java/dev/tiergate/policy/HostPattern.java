package dev.tiergate.policy;

import java.util.Locale;

/**
 * A route's host: {@code *} (any), an exact name ({@code api.example.com}) or a wildcard for
 * subdomains ({@code *.example.com}, which does not match {@code example.com} itself). The port
 * of the request's Host is ignored.
 */
public record HostPattern(String pattern) {

    /** Matches every host. */
    public static final HostPattern ANY = new HostPattern("*");

    public HostPattern {
        pattern = pattern.toLowerCase(Locale.ROOT);
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!pattern.equals("*") && !name.matches("[a-z0-9]([a-z0-9\\-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9\\-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("\"" + pattern + "\" is not a host name, \"*.\" followed by one, or \"*\"");
        }
    }

    /** True when {@code host} (a Host field value, possibly with a port) matches. */
    public boolean matches(String host) {
        if (pattern.equals("*")) {
            return true;
        }
        String name = stripPort(host).toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) {
            return name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1;
        }
        return name.equals(pattern);
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
