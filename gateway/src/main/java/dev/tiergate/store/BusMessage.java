package dev.tiergate.store;

import dev.tiergate.cache.GenerationCounter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One message on the purge bus, as text: {@code <sender>[@<sent>] <kind> <arguments>}, where {@code <sent>} is when the
 * sender published it, in microseconds since the epoch on the sender's clock (the bus's lag is measured from it).
 * The stamp rides on the sender field so that both sides of a rolling upgrade understand each other: an instance
 * that predates it reads {@code id@stamp} as a sender that is not itself, which is all it asks of a sender, and a
 * message without a stamp is applied as before, only not timed. Kinds:
 * <ul>
 *   <li>{@code g <version> <floor> <scope>}: a scope's generation moved (a purge);</li>
 *   <li>{@code d <family>}: drop the family from L1 (an RFC 9111 §4.4 invalidation);</li>
 *   <li>{@code p <hard|soft> <canonical prefix>}: purge the families under the prefix that your L1 holds.</li>
 * </ul>
 * The last argument may contain spaces; the sender and the others never do.
 *
 * @param sender the instance that sent it, so it can skip its own messages
 * @param sentMicros when it was published (microseconds since the epoch, the sender's clock); empty from a sender
 *     that does not stamp its messages
 */
public record BusMessage(String sender, Kind kind, String subject, GenerationCounter counter, boolean hard, OptionalLong sentMicros) {

    /** What the message asks of the receiver. */
    public enum Kind {
        GENERATION("g"), DROP("d"), PREFIX("p");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The kind's name in metrics. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static BusMessage generation(String sender, String scope, GenerationCounter counter) {
        return new BusMessage(sender, Kind.GENERATION, scope, counter, counter.floor() == counter.version(), OptionalLong.empty());
    }

    static BusMessage drop(String sender, String family) {
        return new BusMessage(sender, Kind.DROP, family, GenerationCounter.ZERO, true, OptionalLong.empty());
    }

    static BusMessage prefix(String sender, String canonicalPrefix, boolean hard) {
        return new BusMessage(sender, Kind.PREFIX, canonicalPrefix, GenerationCounter.ZERO, hard, OptionalLong.empty());
    }

    /** The same message stamped with its publication time. */
    BusMessage sentAt(long micros) {
        return new BusMessage(sender, kind, subject, counter, hard, OptionalLong.of(micros));
    }

    String encode() {
        String from = sentMicros.isPresent() ? sender + "@" + sentMicros.getAsLong() : sender;
        return switch (kind) {
            case GENERATION -> from + " g " + counter.version() + " " + counter.floor() + " " + subject;
            case DROP -> from + " d " + subject;
            case PREFIX -> from + " p " + (hard ? "hard" : "soft") + " " + subject;
        };
    }

    /**
     * The message in {@code text}, or empty for anything malformed (another version's, or garbage). A stamp that is
     * not a number is dropped, not the message: the purge matters more than its timing.
     */
    static Optional<BusMessage> parse(String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        int at = parts[0].indexOf('@');
        String sender = at < 0 ? parts[0] : parts[0].substring(0, at);
        OptionalLong sent = at < 0 ? OptionalLong.empty() : stamp(parts[0].substring(at + 1));
        return body(sender, parts).map(message -> sent.isPresent() ? message.sentAt(sent.getAsLong()) : message);
    }

    private static OptionalLong stamp(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<BusMessage> body(String sender, String[] parts) {
        try {
            switch (parts[1]) {
                case "g" -> {
                    String[] fields = parts[2].split(" ", 3);
                    if (fields.length != 3) {
                        return Optional.empty();
                    }
                    return Optional.of(generation(sender, fields[2], new GenerationCounter(Long.parseLong(fields[0]), Long.parseLong(fields[1]))));
                }
                case "d" -> {
                    return Optional.of(drop(sender, parts[2]));
                }
                case "p" -> {
                    String[] fields = parts[2].split(" ", 2);
                    if (fields.length != 2 || !(fields[0].equals("hard") || fields[0].equals("soft"))) {
                        return Optional.empty();
                    }
                    return Optional.of(prefix(sender, fields[1], fields[0].equals("hard")));
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
