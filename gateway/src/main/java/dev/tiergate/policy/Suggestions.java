package dev.tiergate.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for near-miss keys: the closest candidate within a small edit distance. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // More than a third of the word changed is a different word, not a typo.
        return best != null && bestDistance <= Math.max(1, typed.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, counting a swap of adjacent letters as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        int[] beforePrevious = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
                // Two swapped letters ("tire", "RS265") are one typo, not two.
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] swap = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
