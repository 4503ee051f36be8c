package dev.tiergate.guard;

import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Bucket4j's clock read from the gateway's {@link InstantSource}, so refills follow the injected clock (tests move
 * it instead of sleeping). Wall-clock based: the shared buckets are refilled by whichever instance touches them
 * next, so the instances' clocks must agree, which epoch time does and {@code System.nanoTime} does not.
 */
record ClockTimeMeter(InstantSource clock) implements TimeMeter {

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        // A long holds nanoseconds since the epoch until the year 2262.
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
