package dev.tiergate.originsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The languages product names are available in, and Accept-Language negotiation among them. */
enum Language {
    EN("en"),
    FR("fr"),
    DE("de");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    /** Picks the client's most preferred supported language, English when nothing fits. */
    static Language negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return EN;
        }
        List<Preference> preferences = new ArrayList<>();
        String[] ranges = acceptLanguage.split(",");
        for (int i = 0; i < ranges.length; i++) {
            Preference preference = Preference.parse(ranges[i], i);
            if (preference != null && preference.quality > 0) {
                preferences.add(preference);
            }
        }
        // Stable on the original position so equal weights keep the client's order.
        preferences.sort(
                Comparator.comparingDouble((Preference p) -> -p.quality).thenComparingInt(p -> p.position));
        for (Preference preference : preferences) {
            if ("*".equals(preference.primaryTag)) {
                return EN;
            }
            for (Language language : values()) {
                if (language.tag.equals(preference.primaryTag)) {
                    return language;
                }
            }
        }
        return EN;
    }

    private static final class Preference {
        final String primaryTag;
        final double quality;
        final int position;

        private Preference(String primaryTag, double quality, int position) {
            this.primaryTag = primaryTag;
            this.quality = quality;
            this.position = position;
        }

        static Preference parse(String range, int position) {
            String[] parts = range.split(";");
            String tag = parts[0].trim().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                return null;
            }
            int dash = tag.indexOf('-');
            String primary = dash < 0 ? tag : tag.substring(0, dash);
            double quality = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0; // a malformed weight disqualifies only this range
                    }
                }
            }
            return new Preference(primary, quality, position);
        }
    }
}
