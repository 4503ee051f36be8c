package dev.tiergate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Meters held by tag values: registered once per combination, and never more held than the bound. */
class MeterHandlesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger registrations = new AtomicInteger();

    private MeterHandles<Counter> counters(int max) {
        return new MeterHandles<>((route, segment, result) -> {
            registrations.incrementAndGet();
            return Counter.builder("requests").tag("route", route).tag("segment", segment).tag("result", result).register(registry);
        }, max);
    }

    @Test
    void aCombinationIsRegisteredOnceAndFoundAfterwards() {
        MeterHandles<Counter> counters = counters(10);

        counters.get("product", "pro", "hit").increment();
        counters.get("product", "pro", "hit").increment();
        counters.get("product", "free", "hit").increment();

        assertThat(registrations).hasValue(2);
        assertThat(registry.get("requests").tag("segment", "pro").counter().count()).isEqualTo(2);
        assertThat(counters.size()).isEqualTo(2);
    }

    @Test
    void pastTheBoundMetersAreStillCountedButNotHeld() {
        MeterHandles<Counter> counters = counters(2);
        for (int i = 0; i < 5; i++) {
            counters.get("route-" + i, "", "hit").increment();
        }
        counters.get("route-4", "", "hit").increment();

        assertThat(counters.size()).isEqualTo(2);
        assertThat(registry.get("requests").tag("route", "route-4").counter().count()).isEqualTo(2);
        assertThat(registrations).as("an unheld meter is looked up in the registry each time").hasValue(6);
    }
}
