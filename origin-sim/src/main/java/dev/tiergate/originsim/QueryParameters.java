package dev.tiergate.originsim;

import io.vertx.core.MultiMap;
import java.util.List;

/** Typed, bounds-checked access to query parameters; bad input becomes a readable 400. */
final class QueryParameters {

    private final MultiMap params;

    QueryParameters(MultiMap params) {
        this.params = params;
    }

    String string(String name) {
        return params.get(name);
    }

    List<String> all(String name) {
        return params.getAll(name);
    }

    long number(String name, long defaultValue, long min, long max) {
        String raw = params.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name + " must be a whole number; got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new InvalidParameterException(
                    name + " must be between " + min + " and " + max + "; got " + value);
        }
        return value;
    }

    boolean flag(String name) {
        String raw = params.get(name);
        return raw != null && (raw.isEmpty() || raw.equalsIgnoreCase("true") || raw.equals("1"));
    }
}
