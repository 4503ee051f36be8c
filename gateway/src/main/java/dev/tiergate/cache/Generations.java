package dev.tiergate.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The purge generations a stored response was stored under: one counter value per scope that can
 * be purged as a whole. A purge bumps the scope's counter, so every entry that recorded an older
 * value is (lazily) out, without finding or touching the entries themselves.
 *
 * <p>Scopes are named {@code all}, {@code r:<route>}, {@code u:<family hash>} and {@code t:<tag>};
 * the family hash is the entry's key, so it is not repeated here.
 *
 * @param all the global generation
 * @param route the name of the route the entry was stored for; empty when unknown
 * @param routeGeneration the route's generation
 * @param family the URL family's generation
 * @param tags each tag's generation
 */
public record Generations(long all, String route, long routeGeneration, long family, Map<String, Long> tags) {

    /** No stamp: every counter at zero, as for an entry stored before anything was purged. */
    public static final Generations NONE = new Generations(0, "", 0, 0, Map.of());

    /** The scope every entry belongs to. */
    public static final String ALL = "all";

    public Generations {
        // Sorted, so the same stamp always encodes to the same bytes; the shared empty map when there are none.
        tags = tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public static String routeScope(String route) {
        return "r:" + route;
    }

    public static String familyScope(String family) {
        return "u:" + family;
    }

    public static String tagScope(String tag) {
        return "t:" + tag;
    }

    /** Each scope the stamp covers with the generation it recorded, for the entry stored under {@code family}. */
    public Map<String, Long> byScope(String family) {
        Map<String, Long> scopes = new LinkedHashMap<>();
        scopes.put(ALL, all);
        if (!route.isEmpty()) {
            scopes.put(routeScope(route), routeGeneration);
        }
        scopes.put(familyScope(family), this.family);
        tags.forEach((tag, generation) -> scopes.put(tagScope(tag), generation));
        return scopes;
    }

    /**
     * A stamp from scope values, as {@link #byScope} lists them.
     *
     * @param generationOf the value of each scope (absent scopes count as zero)
     */
    public static Generations of(String route, String family, Iterable<String> tags, Map<String, Long> generationOf) {
        Map<String, Long> tagGenerations = new TreeMap<>();
        for (String tag : tags) {
            tagGenerations.put(tag, generationOf.getOrDefault(tagScope(tag), 0L));
        }
        return new Generations(generationOf.getOrDefault(ALL, 0L), route,
                route.isEmpty() ? 0 : generationOf.getOrDefault(routeScope(route), 0L),
                generationOf.getOrDefault(familyScope(family), 0L), tagGenerations);
    }
}
