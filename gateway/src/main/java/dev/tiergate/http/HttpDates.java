package dev.tiergate.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7).
 *
 * <p>Recipients must accept the obsolete RFC 850 and asctime forms as well as IMF-fixdate;
 * anything else is treated as invalid rather than guessed at.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /**
     * Two-digit years are read as 1970..2069 (the pivot RFC 6265 uses for cookie dates), so "94" is 1994,
     * not 2094 (which would also contradict the weekday and fail to parse). RFC 9110 §5.6.7 reads a year
     * "more than 50 years in the future" as the most recent past one; a fixed pivot keeps parsing
     * independent of the clock and, in 2026, differs from that rule only for the years "70".."76".
     */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** The instant an HTTP-date names, or empty when the value is not a valid HTTP-date. */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                return Optional.of(format.parse(trimmed, Instant::from));
            } catch (DateTimeParseException ignored) {
                // try the next accepted form
            }
        }
        return Optional.empty();
    }

    /** The IMF-fixdate form of an instant, truncated to whole seconds. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
