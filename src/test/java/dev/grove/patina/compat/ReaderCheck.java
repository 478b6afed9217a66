package dev.grove.patina.compat;

import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The suite's one notion of "loads identically": every value's typeof and bytes, the schema text, rowids,
 * {@code sqlite_sequence}, FTS5 index and MATCH results; {@code user_version}/{@code application_id} only when the
 * reader can set them. {@code knownLoss} names what a source holds that no dump can carry (said in the dump's
 * header warnings, e.g. a contentless FTS5 index): differences it matches are left out.
 */
public record ReaderCheck(boolean pragmas, boolean realsWithinOneUlp, Predicate<String> knownLoss) {
    private static final Set<String> HEADER_PRAGMAS = Set.of("user_version", "application_id");

    /** Everything compared, header pragmas included. */
    public static ReaderCheck everything() {
        return new ReaderCheck(true, false, d -> false);
    }

    /** Everything but {@code user_version}/{@code application_id} (D1, or the shell loading a d1-dialect dump). */
    public static ReaderCheck withoutHeaderPragmas() {
        return new ReaderCheck(false, false, d -> false);
    }

    public ReaderCheck ignoring(Predicate<String> loss) {
        return new ReaderCheck(pragmas, realsWithinOneUlp, knownLoss.or(loss));
    }

    /**
     * For a sqlite3 shell whose text-to-double conversion is not correctly rounded (3.40.1 reads about 1 in 400
     * arbitrary shortest-form REAL literals one unit in the last place off; see
     * DumpReadersCompatTest#theOldShellMisreadsSomeRealLiteralsByOneUnitInTheLastPlace): a REAL one ULP away counts
     * as equal. Every other value, and every other reader, is compared exactly.
     */
    public ReaderCheck withOldShellReals(boolean oldShell) {
        return new ReaderCheck(pragmas, oldShell, knownLoss);
    }

    public List<String> differences(Path expected, Path actual) {
        return DatabaseComparator.differences(expected, actual, pragmas ? Set.of() : HEADER_PRAGMAS,
                        realsWithinOneUlp).stream()
                .filter(knownLoss.negate()).toList();
    }

    /** Fails naming the reader and the first differences unless {@code actual} holds what {@code expected} does. */
    public void assertIdentical(String reader, Path expected, Path actual) {
        List<String> d = differences(expected, actual);
        if (!d.isEmpty()) {
            throw new AssertionError(reader + " did not load the dump identically (" + d.size() + " difference(s)):\n  "
                    + String.join("\n  ", d.subList(0, Math.min(d.size(), 12))));
        }
    }
}
