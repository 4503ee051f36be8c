package dev.tiergate.originsim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Formats and parses HTTP dates (RFC 9110 section 5.6.7). */
final class HttpDates {

    /** The fixed Last-Modified of every built-in resource, so If-Modified-Since is predictable. */
    static final Instant BUILT_IN_LAST_MODIFIED = Instant.parse("2024-01-01T00:00:00Z");

    // IMF-fixdate; DateTimeFormatter.RFC_1123_DATE_TIME would drop the leading zero of the day.
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    // Obsolete forms a recipient must still accept.
    private static final DateTimeFormatter RFC_850 =
            new DateTimeFormatterBuilder()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private static final List<DateTimeFormatter> ACCEPTED = List.of(IMF_FIXDATE, RFC_850, ASCTIME);

    private HttpDates() {}

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Empty when the text is not a valid HTTP date: callers then ignore the header. */
    static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        for (DateTimeFormatter format : ACCEPTED) {
            try {
                return Optional.of(format.parse(trimmed, Instant::from));
            } catch (DateTimeParseException | ArithmeticException e) {
                // try the next accepted form
            }
        }
        return Optional.empty();
    }
}
