package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.GenerationCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
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

    @Test
    void theSendStampRoundTripsOnTheSenderField() {
        BusMessage stamped = BusMessage.drop("a1", "f00d").sentAt(1_765_000_000_123_456L);

        assertThat(stamped.encode()).isEqualTo("a1@1765000000123456 d f00d");
        assertThat(BusMessage.parse(stamped.encode())).contains(stamped);
        assertThat(BusMessage.parse("a1@1765000000123456 g 3 3 t:blue").orElseThrow().sender()).isEqualTo("a1");
    }

    @Test
    void aMessageWithoutAStampIsReadAsBeforeAndIsNotTimed() {
        BusMessage old = BusMessage.parse("a1 p soft shop.test/api/").orElseThrow();

        assertThat(old.sentMicros()).isEmpty();
        assertThat(old.subject()).isEqualTo("shop.test/api/");
    }

    @Test
    void anUnreadableStampLosesTheTimingNotThePurge() {
        BusMessage message = BusMessage.parse("a1@soon d f00d").orElseThrow();

        assertThat(message.sender()).isEqualTo("a1");
        assertThat(message.sentMicros()).isEqualTo(OptionalLong.empty());
        assertThat(message.kind()).isEqualTo(BusMessage.Kind.DROP);
    }

    @Test
    void lagIsReceiptMinusPublicationAndNeverNegative() {
        Instant received = Instant.parse("2026-12-08T10:00:00.250Z");
        long sent = BusLag.micros(Instant.parse("2026-12-08T10:00:00.200Z"));

        assertThat(BusLag.lag(sent, received)).isEqualTo(Duration.ofMillis(50));
        assertThat(BusLag.lag(sent + 1_000_000, received)).as("the receiver's clock is behind the sender's").isZero();
        assertThat(BusLag.lag(BusLag.micros(received), received)).isZero();
    }
}
