package dev.tiergate.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The purge bus seen from a receiver: {@code tiergate_purge_bus_messages_total{kind}} counts the messages other
 * instances sent, and {@code tiergate_purge_bus_lag_seconds} times each stamped one from its publication on the
 * sender to its receipt here, which is how long this instance went on serving what another had already purged:
 * the gateway's replication lag. Both ends read their own wall clock, so the figure includes the skew between the
 * hosts' clocks; a receipt that seems to precede the publication (a receiver whose clock is behind) counts as no lag
 * rather than a negative one.
 */
final class BusLag {

    /** The lag histogram's fixed buckets, besides the percentile histogram's own. */
    static final Duration[] LAG_SLOS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final Timer lag;
    private final Map<BusMessage.Kind, Counter> received = new EnumMap<>(BusMessage.Kind.class);

    BusLag(MeterRegistry registry) {
        this.lag = Timer.builder("tiergate.purge.bus.lag")
                .description("Time from a purge bus message's publication on another instance to its receipt here")
                .publishPercentileHistogram()
                .serviceLevelObjectives(LAG_SLOS)
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (BusMessage.Kind kind : BusMessage.Kind.values()) {
            received.put(kind, Counter.builder("tiergate.purge.bus.messages")
                    .description("Purge bus messages received from other instances, by kind").tag("kind", kind.tag()).register(registry));
        }
    }

    /** Counts a message from another instance received at {@code now} (the wall clock), timing it when it is stamped. */
    void received(BusMessage message, Instant now) {
        received.get(message.kind()).increment();
        message.sentMicros().ifPresent(sent -> lag.record(lag(sent, now)));
    }

    /** From publication to receipt, never negative: a receiver's clock behind the sender's makes the difference so. */
    static Duration lag(long sentMicros, Instant receivedAt) {
        long micros = micros(receivedAt) - sentMicros;
        return micros <= 0 ? Duration.ZERO : Duration.ofNanos(Math.multiplyExact(micros, 1_000L));
    }

    /** {@code now} in microseconds since the epoch, the bus's stamp. */
    static long micros(Instant now) {
        return Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1_000;
    }
}
