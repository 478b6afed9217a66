package dev.grove.patina.dump;

import java.util.Locale;

/**
 * Follows a dump's own transaction statements (RELIABILITY 29). Restore runs everything in one transaction of its
 * own and skips them, but they say whether the file is whole: a {@code BEGIN} never committed means the file was cut
 * (the sqlite3 shell restores nothing from it), and a {@code ROLLBACK} means the dump undoes itself (the shell ends
 * {@code .dump} with {@code ROLLBACK; -- due to errors} when reading the database failed). A dump with no
 * transaction at all — {@code wrangler d1 export}, Patina's d1 dialect — is not unterminated.
 */
final class TransactionCheck {
    private SqlStatement openedBy;
    private SqlStatement last;

    /**
     * Takes the next statement.
     *
     * @throws DumpException on a {@code ROLLBACK} of the whole transaction
     */
    void accept(SqlStatement st, StatementInfo info) {
        last = st;
        if (info.kind() != StatementKind.TRANSACTION_CONTROL) {
            return;
        }
        String word = firstWord(st.sql());
        switch (word) {
            case "BEGIN" -> {
                if (openedBy == null) {
                    openedBy = st;
                }
            }
            case "COMMIT", "END" -> openedBy = null;
            case "ROLLBACK" -> throw new DumpException("statement " + st.number() + " (line " + st.line()
                    + ") is ROLLBACK: the dump takes back its own transaction (the sqlite3 shell writes that when "
                    + "its .dump failed), so it holds nothing to restore — the dump is incomplete; take the dump again, or use an earlier backup");
            default -> {
                // SAVEPOINT and RELEASE leave the outer transaction as it is
            }
        }
    }

    /** Why the dump is incomplete, or null when every transaction it opened was committed. */
    String unterminated() {
        if (openedBy == null) {
            return null;
        }
        return "the dump opens a transaction (BEGIN at statement " + openedBy.number() + " (line " + openedBy.line()
                + ")) and never commits it: the file is incomplete — it ends after statement " + last.number()
                + " (line " + last.line() + ") without COMMIT, as a cut or interrupted dump does; take the dump again, "
                + "or use an earlier backup";
    }

    private static String firstWord(String sql) {
        int i = 0;
        while (i < sql.length() && !Character.isLetter(sql.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
