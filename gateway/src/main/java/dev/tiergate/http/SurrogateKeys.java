package dev.tiergate.http;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tags of a stored response: the route's, plus those the origin names in {@code Surrogate-Key}
 * (space-separated, as Fastly reads it) and {@code Cache-Tag} (comma-separated, as Cloudflare reads it).
 */
public final class SurrogateKeys {

    /** More tags than this on one response are ignored: a purge index must stay bounded. */
    public static final int MAX_TAGS = 64;
    public static final int MAX_TAG_LENGTH = 128;

    private SurrogateKeys() {
    }

    public static Set<String> tags(Set<String> routeTags, Headers responseHeaders) {
        Set<String> tags = new LinkedHashSet<>(routeTags);
        responseHeaders.all("Surrogate-Key").forEach(value -> addAll(tags, value.split("\\s+")));
        responseHeaders.all("Cache-Tag").forEach(value -> addAll(tags, value.split(",")));
        return tags;
    }

    private static void addAll(Set<String> tags, String[] candidates) {
        for (String candidate : candidates) {
            String tag = candidate.trim();
            if (!tag.isEmpty() && tag.length() <= MAX_TAG_LENGTH && tags.size() < MAX_TAGS && tag.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                tags.add(tag);
            }
        }
    }
}
