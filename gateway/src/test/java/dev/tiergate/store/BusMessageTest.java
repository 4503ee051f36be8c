package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.GenerationCounter;
import org.junit.jupiter.api.Test;

/** Purge bus messages: what is sent is read back the same, and anything else is ignored. */
class BusMessageTest {

    @Test
    void roundTripsEveryKind() {
        BusMessage generation = BusMessage.generation("a1", "t:product 42", new GenerationCounter(7, 7));
        BusMessage drop = BusMessage.drop("a1", "f00d");
        BusMessage prefix = BusMessage.prefix("a1", "shop.test/api/products/", false);

        assertThat(BusMessage.parse(generation.encode())).contains(generation);
        assertThat(BusMessage.parse(drop.encode())).contains(drop);
        assertThat(BusMessage.parse(prefix.encode())).contains(prefix);
        assertThat(generation.hard()).isTrue();
        assertThat(BusMessage.generation("a1", "all", new GenerationCounter(8, 7)).hard()).isFalse();
    }

    @Test
    void malformedMessagesAreIgnored() {
        assertThat(BusMessage.parse("")).isEmpty();
        assertThat(BusMessage.parse("a1 g 1")).isEmpty();
        assertThat(BusMessage.parse("a1 g x 1 all")).isEmpty();
        assertThat(BusMessage.parse("a1 p maybe shop.test/")).isEmpty();
        assertThat(BusMessage.parse("a1 z f00d")).isEmpty();
    }
}
