package dev.tiergate.edge;

import dev.tiergate.policy.RequestParts;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What a purge asks of the edge tier, in the edge's terms.
 *
 * @param kind what the items are
 * @param items the URLs, prefixes or tags, each once, in the order given; none for {@link Kind#EVERYTHING}
 */
public record EdgePurge(Kind kind, List<String> items) {

    /** What an edge purge names. */
    public enum Kind {
        /** Absolute URLs, as clients request them. */
        URLS,
        /** {@code host/path} prefixes: no scheme, no query. */
        PREFIXES,
        /** Cache tags. */
        TAGS,
        /** Everything the zone holds. */
        EVERYTHING
    }

    /** Everything. */
    public static final EdgePurge EVERYTHING = new EdgePurge(Kind.EVERYTHING, List.of());

    public EdgePurge {
        items = List.copyOf(new LinkedHashSet<>(items));
        if ((kind == Kind.EVERYTHING) != items.isEmpty()) {
            throw new IllegalArgumentException(kind + " with " + items.size() + " items");
        }
    }

    public static EdgePurge urls(List<String> urls) {
        return new EdgePurge(Kind.URLS, urls);
    }

    public static EdgePurge tags(List<String> tags) {
        return new EdgePurge(Kind.TAGS, tags);
    }

    /**
     * Prefixes from absolute URLs: the host in lower case, its port unless the scheme's default, then the normalised path.
     * The query is dropped, since edge prefixes cannot carry one: the edge purges more than was asked, never less.
     */
    public static EdgePurge prefixes(List<URI> prefixes) {
        return new EdgePurge(Kind.PREFIXES, prefixes.stream().map(EdgePurge::prefix).toList());
    }

    private static String prefix(URI uri) {
        String authority = uri.getRawAuthority().replaceFirst("^[^@]*@", "").toLowerCase(Locale.ROOT);
        String defaultPort = uri.getScheme().equalsIgnoreCase("https") ? ":443" : ":80";
        String host = authority.endsWith(defaultPort) ? authority.substring(0, authority.length() - defaultPort.length()) : authority;
        return host + RequestParts.normalisePath(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }
}
