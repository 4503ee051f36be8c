package dev.tiergate.store;

import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each header name across the entries L1 holds. Every response arrives with its own
 * copies of {@code content-type}, {@code date} and the rest, which would otherwise stay in memory once
 * per entry (about 50 bytes a field). The table is bounded, so an origin that invents names cannot
 * grow it: past the bound, new names simply stay per entry.
 */
final class SharedNames {

    /** Names enough for every field real origins send, few enough to cost nothing (about 64 KiB when full). */
    static final int DEFAULT_MAX_NAMES = 1024;

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final int maxNames;

    SharedNames(int maxNames) {
        this.maxNames = maxNames;
    }

    /** The shared instance of {@code name}, or {@code name} itself once the table is full. */
    String share(String name) {
        String shared = names.get(name);
        if (shared != null) {
            return shared;
        }
        if (names.size() >= maxNames) {
            return name;
        }
        shared = names.putIfAbsent(name, name);
        return shared == null ? name : shared;
    }

    /** True when {@code name} is the shared instance itself, so an entry does not pay for it. */
    boolean isShared(String name) {
        return names.get(name) == name;
    }

    /** The same variants with shared header names; the same object when every name already is. */
    VariantSet compact(VariantSet variants) {
        if (variants.variants().stream().allMatch(this::namesShared)) {
            return variants;
        }
        List<StoredResponse> compacted = new ArrayList<>(variants.variants().size());
        for (StoredResponse variant : variants.variants()) {
            compacted.add(namesShared(variant) ? variant : withSharedNames(variant));
        }
        return new VariantSet(compacted);
    }

    private boolean namesShared(StoredResponse variant) {
        for (Map.Entry<String, String> field : variant.headers().entries()) {
            if (!isShared(field.getKey()) && names.size() < maxNames) {
                return false;
            }
        }
        return true;
    }

    private StoredResponse withSharedNames(StoredResponse variant) {
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, String> field : variant.headers().entries()) {
            headers.add(share(field.getKey()), field.getValue());
        }
        return new StoredResponse(variant.status(), headers.build(), variant.body(), variant.responseTime(),
                variant.initialAgeSeconds(), variant.lifetimeSeconds(), variant.staleWhileRevalidateSeconds(),
                variant.staleIfErrorSeconds(), variant.directives(), variant.varyFields(), variant.secondaryKey(), variant.tags(),
                variant.generations(), variant.fetchMillis());
    }
}
