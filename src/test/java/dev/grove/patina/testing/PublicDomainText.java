package dev.grove.patina.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Public-domain text (Shakespeare's Sonnet 18 and the opening of Hamlet's soliloquy, 1609/1603) and
 * deterministic lines recombined from their words, plus a few non-Latin lines, for the FTS5 tables.
 */
final class PublicDomainText {

    static final List<String> SONNET_18 = List.of(
            "Shall I compare thee to a summer’s day?",
            "Thou art more lovely and more temperate:",
            "Rough winds do shake the darling buds of May,",
            "And summer’s lease hath all too short a date;",
            "Sometime too hot the eye of heaven shines,",
            "And often is his gold complexion dimm'd;",
            "And every fair from fair sometime declines,",
            "By chance or nature’s changing course untrimm'd;",
            "But thy eternal summer shall not fade,",
            "Nor lose possession of that fair thou ow’st;",
            "Nor shall death brag thou wander’st in his shade,",
            "When in eternal lines to time thou grow’st:",
            "So long as men can breathe or eyes can see,",
            "So long lives this, and this gives life to thee.");

    private static final List<String> HAMLET = List.of(
            "To be, or not to be, that is the question:",
            "Whether 'tis nobler in the mind to suffer",
            "The slings and arrows of outrageous fortune,",
            "Or to take arms against a sea of troubles",
            "And by opposing end them. To die—to sleep,",
            "No more; and by a sleep to say we end",
            "The heart-ache and the thousand natural shocks",
            "That flesh is heir to: 'tis a consummation",
            "Devoutly to be wish'd. To die, to sleep;",
            "To sleep, perchance to dream—ay, there's the rub:");

    private static final List<String> FOREIGN = List.of(
            "Москва слезам не верит, а лето не вечно",
            "東京 の 夏 は 暑い",
            "naïve café déjà vu — résumé of a summer",
            "Ἐν ἀρχῇ ἦν ὁ λόγος",
            "emoji 😀 in a summer line 🌞",
            "ﬁne ligature and ＦＵＬＬＷＩＤＴＨ letters");

    private static final List<String> WORDS;

    static {
        List<String> words = new ArrayList<>();
        for (String line : concat(SONNET_18, HAMLET)) {
            for (String w : line.toLowerCase(Locale.ROOT).split("[^\\p{L}'’]+")) {
                if (!w.isBlank()) {
                    words.add(w);
                }
            }
        }
        WORDS = List.copyOf(words);
    }

    private PublicDomainText() {
    }

    /** {@code count} lines: the sonnet, the soliloquy, a few non-Latin lines, then recombined lines. */
    static List<String> lines(Random random, int count) {
        List<String> lines = new ArrayList<>(concat(concat(SONNET_18, HAMLET), FOREIGN));
        while (lines.size() < count) {
            String s = sentence(random, 4, 12);
            lines.add(Character.toUpperCase(s.charAt(0)) + s.substring(1) + (random.nextInt(4) == 0 ? "," : "."));
        }
        return List.copyOf(lines.subList(0, count));
    }

    /** Between {@code min} and {@code max} words drawn from the public-domain vocabulary. */
    static String sentence(Random random, int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return b.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
