package dev.tiergate.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as policies write them: {@code 512}, {@code 64KiB}, {@code 8MiB}, {@code 1GiB} (also KB, MB, GB as powers of 1000). */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");

    private ByteSizes() {
    }

    /** The number of bytes, or empty when the text is not a size. */
    public static Optional<Long> parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long multiplier = switch (unit) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
        try {
            return Optional.of(Math.multiplyExact(amount, multiplier));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
