package dev.tiergate.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the {@code POST /zones/{zone_id}/purge_cache} calls that carry one purge: {@code files} for URLs,
 * {@code prefixes}, {@code tags}, or {@code purge_everything}. Cloudflare caps the items of one call, so a larger
 * purge is split into calls of at most {@code batchSize} items.
 */
final class CloudflareBodies {

    private CloudflareBodies() {
    }

    /** One body a call, as field-to-value maps the sender encodes as JSON. */
    static List<Map<String, Object>> of(EdgePurge purge, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize " + batchSize);
        }
        String field = switch (purge.kind()) {
            case URLS -> "files";
            case PREFIXES -> "prefixes";
            case TAGS -> "tags";
            case EVERYTHING -> "purge_everything";
        };
        if (purge.kind() == EdgePurge.Kind.EVERYTHING) {
            return List.of(Map.of(field, true));
        }
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<String> items = purge.items();
        for (int from = 0; from < items.size(); from += batchSize) {
            bodies.add(Map.of(field, items.subList(from, Math.min(from + batchSize, items.size()))));
        }
        return bodies;
    }
}
