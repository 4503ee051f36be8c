package dev.tiergate.store;

import dev.tiergate.cache.GenerationCounter;
import java.util.Optional;

/**
 * One message on the purge bus, as text: {@code <sender> <kind> <arguments>}. Kinds:
 * <ul>
 *   <li>{@code g <version> <floor> <scope>}: a scope's generation moved (a purge);</li>
 *   <li>{@code d <family>}: drop the family from L1 (an RFC 9111 §4.4 invalidation);</li>
 *   <li>{@code p <hard|soft> <canonical prefix>}: purge the families under the prefix that your L1 holds.</li>
 * </ul>
 * The last argument may contain spaces; the sender and the others never do.
 *
 * @param sender the instance that sent it, so it can skip its own messages
 */
public record BusMessage(String sender, Kind kind, String subject, GenerationCounter counter, boolean hard) {

    /** What the message asks of the receiver. */
    public enum Kind {
        GENERATION("g"), DROP("d"), PREFIX("p");

        private final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    static BusMessage generation(String sender, String scope, GenerationCounter counter) {
        return new BusMessage(sender, Kind.GENERATION, scope, counter, counter.floor() == counter.version());
    }

    static BusMessage drop(String sender, String family) {
        return new BusMessage(sender, Kind.DROP, family, GenerationCounter.ZERO, true);
    }

    static BusMessage prefix(String sender, String canonicalPrefix, boolean hard) {
        return new BusMessage(sender, Kind.PREFIX, canonicalPrefix, GenerationCounter.ZERO, hard);
    }

    String encode() {
        return switch (kind) {
            case GENERATION -> sender + " g " + counter.version() + " " + counter.floor() + " " + subject;
            case DROP -> sender + " d " + subject;
            case PREFIX -> sender + " p " + (hard ? "hard" : "soft") + " " + subject;
        };
    }

    /** The message in {@code text}, or empty for anything malformed (another version's, or garbage). */
    static Optional<BusMessage> parse(String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length < 3) {
            return Optional.empty();
        }
        String sender = parts[0];
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
