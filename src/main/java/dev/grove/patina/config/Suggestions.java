package dev.grove.patina.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …": the known word closest to a misspelt one, when it is close enough. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code word}: the same word in another case or with {@code -}/{@code _} instead of
     * nothing ({@code accessKeyId} → {@code access_key_id}), else within an edit distance of 1 for short words and
     * up to 3 for long ones.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        String w = normalize(word);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = normalize(candidate);
            int d = c.equals(w) ? 0 : distance(w, c);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.min(3, Math.max(1, w.length() / 4));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean X?)"} or the empty string. */
    static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
