package dev.tiergate.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of header fields with case-insensitive lookup.
 *
 * <p>The pure core works on this type instead of a server framework's header map so that
 * decisions can be computed and tested without any I/O library on the class path.
 */
public final class Headers {

    /** No fields at all. */
    public static final Headers EMPTY = new Headers(List.of());

    private final List<Map.Entry<String, String>> fields;

    private Headers(List<Map.Entry<String, String>> fields) {
        this.fields = fields;
    }

    /** Headers from alternating names and values: {@code of("Cache-Control", "max-age=60")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: odd length " + namesAndValues.length + " (expected: name, value pairs)");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Headers copied from name/value entries, in order. */
    public static Headers copyOf(Iterable<Map.Entry<String, String>> entries) {
        Builder builder = builder();
        for (Map.Entry<String, String> entry : entries) {
            builder.add(entry.getKey(), entry.getValue());
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first value of the field, if present. */
    public Optional<String> first(String name) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every value of the field, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    /**
     * All values of a list-based field joined with {@code ", "}, as RFC 9110 §5.3 allows a
     * recipient to combine field lines; empty when the field is absent.
     */
    public Optional<String> combined(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    public List<Map.Entry<String, String>> entries() {
        return fields;
    }

    /** A copy without the named fields. */
    public Headers without(String... names) {
        return filter(name -> {
            for (String removed : names) {
                if (removed.equalsIgnoreCase(name)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * The fields whose name the predicate accepts: these headers themselves when it accepts every one, so that
     * removing a field a request does not carry (the upstream secret, on every request) copies nothing.
     */
    public Headers filter(Predicate<String> keepName) {
        List<Map.Entry<String, String>> kept = null;
        for (int i = 0; i < fields.size(); i++) {
            Map.Entry<String, String> field = fields.get(i);
            if (!keepName.test(field.getKey())) {
                if (kept == null) {
                    kept = new ArrayList<>(fields.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(field);
            }
        }
        if (kept == null) {
            return this;
        }
        return kept.isEmpty() ? EMPTY : new Headers(List.copyOf(kept));
    }

    /** A copy where the named field has exactly this one value. */
    public Headers with(String name, String value) {
        return toBuilder().set(name, value).build();
    }

    public Builder toBuilder() {
        Builder builder = builder();
        fields.forEach(field -> builder.add(field.getKey(), field.getValue()));
        return builder;
    }

    /** Sum of the lengths of names and values, used to weigh stored entries. */
    public int sizeBytes() {
        int size = 0;
        for (Map.Entry<String, String> field : fields) {
            size += field.getKey().length() + field.getValue().length() + 4;
        }
        return size;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Collects fields in order; {@link #set} replaces every earlier value of a name. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> fields = new ArrayList<>();

        public Builder add(String name, String value) {
            fields.add(Map.entry(name, value));
            return this;
        }

        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            fields.removeIf(field -> field.getKey().toLowerCase(Locale.ROOT).equals(lower));
            return this;
        }

        public Headers build() {
            return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
        }
    }
}
