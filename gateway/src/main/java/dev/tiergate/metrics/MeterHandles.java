package dev.tiergate.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters held by up to three tag values, so that a request finds its counter or timer with map lookups instead of
 * building a tag list and asking the registry each time. The values are nested map keys, so a lookup allocates
 * nothing. Bounded: past {@code maxHandles} meters a new one is still registered and returned, only not held, so a
 * tag that turns out to be unbounded costs speed, never memory.
 *
 * @param <M> the meter type
 */
public final class MeterHandles<M> {

    /** The meters one gateway holds per family at most: routes × segments × results stay far below it. */
    public static final int DEFAULT_MAX_HANDLES = 4_096;

    /** Registers the meter for three tag values (the registry returns the existing one when it is already there). */
    @FunctionalInterface
    public interface Factory<M> {
        M create(String first, String second, String third);
    }

    private final Factory<M> factory;
    private final int maxHandles;
    private final AtomicInteger held = new AtomicInteger();
    private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, M>>> handles = new ConcurrentHashMap<>();

    public MeterHandles(Factory<M> factory) {
        this(factory, DEFAULT_MAX_HANDLES);
    }

    public MeterHandles(Factory<M> factory, int maxHandles) {
        this.factory = factory;
        this.maxHandles = maxHandles;
    }

    /** The meter for two tag values. */
    public M get(String first, String second) {
        return get(first, second, "");
    }

    /** The meter for three tag values. */
    public M get(String first, String second, String third) {
        ConcurrentMap<String, ConcurrentMap<String, M>> bySecond = handles.get(first);
        if (bySecond != null) {
            ConcurrentMap<String, M> byThird = bySecond.get(second);
            if (byThird != null) {
                M meter = byThird.get(third);
                if (meter != null) {
                    return meter;
                }
            }
        }
        return miss(first, second, third);
    }

    /** How many meters are held. */
    public int size() {
        return held.get();
    }

    private M miss(String first, String second, String third) {
        M meter = factory.create(first, second, third);
        if (held.get() >= maxHandles) {
            return meter;
        }
        M previous = handles.computeIfAbsent(first, ignored -> new ConcurrentHashMap<>())
                .computeIfAbsent(second, ignored -> new ConcurrentHashMap<>())
                .putIfAbsent(third, meter);
        if (previous == null) {
            held.incrementAndGet();
        }
        return meter;
    }
}
