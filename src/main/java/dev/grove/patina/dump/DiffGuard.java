package dev.grove.patina.dump;

import java.util.Locale;

/**
 * Checks each statement of a differential before Patina applies it (ADR 0016). A differential holds what a dump holds
 * — checked by {@link RestoreGuard} — plus three forms a restore into an empty database never needs, accepted here in
 * exactly the shape {@link SqlDiffWriter} writes them and nothing wider:
 * <ul>
 *   <li>{@code DELETE FROM "t";} and {@code DELETE FROM "t" WHERE key IN (literal, …);} — the key a column name (or
 *       {@code rowid}), or a parenthesised list of them with {@code IN (VALUES (literal, …), …)}; literals are
 *       numbers, strings, blobs, NULL and {@code CAST(X'…' AS TEXT)}: no function, no sub-select, no other table;</li>
 *   <li>{@code DROP TRIGGER IF EXISTS "name";}</li>
 *   <li>{@code DROP TABLE "name";} — the applier then checks the table is virtual.</li>
 * </ul>
 */
final class DiffGuard {
    /** What a differential's own statement does. */
    enum Kind { DELETE_ROWS, DROP_TRIGGER, DROP_TABLE }

    /**
     * A checked statement: a differential's own form (its kind and the table or trigger it names), or one
     * {@link RestoreGuard} let through ({@code kind} null, {@code info} what it is).
     */
    record DiffStatement(Kind kind, String name, StatementInfo info) {
    }

    private final RestoreGuard restoreGuard = new RestoreGuard();

    /**
     * Checks one statement of a differential.
     *
     * @throws HostileStatementException naming the statement and line when Patina must not run it
     */
    DiffStatement check(SqlStatement st) {
        SqlTokenizer tok = new SqlTokenizer(st.sql());
        tok.advance();
        boolean delete = tok.is("DELETE");
        boolean drop = tok.is("DROP");
        if (delete) {
            tok.advance();
            if (!tok.is("FROM")) {
                throw fail(st, "expected FROM after DELETE");
            }
            tok.advance();
            String table = name(st, tok);
            if (table.equalsIgnoreCase("sqlite_sequence")) {
                return new DiffStatement(null, null, restoreGuard.check(st));
            }
            if (table.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                throw fail(st, "a differential deletes no rows of SQLite's own table " + table);
            }
            tok.advance();
            if (tok.is("WHERE")) {
                tok.advance();
                keyList(st, tok);
            }
            end(st, tok);
            return new DiffStatement(Kind.DELETE_ROWS, table, null);
        }
        if (drop) {
            tok.advance();
            if (tok.is("TRIGGER")) {
                tok.advance();
                expect(st, tok, "IF");
                expect(st, tok, "EXISTS");
                String trigger = name(st, tok);
                tok.advance();
                end(st, tok);
                return new DiffStatement(Kind.DROP_TRIGGER, trigger, null);
            }
            if (tok.is("TABLE")) {
                tok.advance();
                String table = name(st, tok);
                tok.advance();
                end(st, tok);
                return new DiffStatement(Kind.DROP_TABLE, table, null);
            }
            throw fail(st, "a differential drops only triggers and virtual tables");
        }
        return new DiffStatement(null, null, restoreGuard.check(st));
    }

    /** {@code key IN (v, …)} or {@code (k1, k2) IN (VALUES (v, v), …)}; the tokenizer stands on its first token. */
    private static void keyList(SqlStatement st, SqlTokenizer tok) {
        int columns = 1;
        if (tok.type == SqlTokenizer.PUNCT && tok.punct() == '(') {
            columns = 0;
            do {
                tok.advance();
                name(st, tok);
                columns++;
                tok.advance();
            } while (tok.type == SqlTokenizer.PUNCT && tok.punct() == ',');
            punct(st, tok, ')');
        } else {
            name(st, tok);
            tok.advance();
        }
        expect(st, tok, "IN");
        punct(st, tok, '(');
        if (columns > 1) {
            expect(st, tok, "VALUES");
            do {
                punct(st, tok, '(');
                values(st, tok, columns);
                punct(st, tok, ')');
            } while (comma(tok));
            punct(st, tok, ')');
        } else {
            do {
                value(st, tok);
            } while (comma(tok));
            punct(st, tok, ')');
        }
    }

    private static void values(SqlStatement st, SqlTokenizer tok, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0 && !comma(tok)) {
                throw fail(st, "expected " + n + " values in a key, found " + tok.excerpt());
            }
            value(st, tok);
        }
    }

    /** One literal; afterwards the tokenizer stands on the token after it. */
    private static void value(SqlStatement st, SqlTokenizer tok) {
        if (tok.type == SqlTokenizer.PUNCT && tok.punct() == '-') {
            tok.advance();
            if (tok.type != SqlTokenizer.NUMBER) {
                throw fail(st, "expected a number after '-', found " + tok.excerpt());
            }
        }
        if (tok.type == SqlTokenizer.NUMBER || tok.type == SqlTokenizer.STRING || tok.type == SqlTokenizer.BLOB
                || tok.is("NULL")) {
            tok.advance();
            return;
        }
        if (tok.is("CAST")) {
            tok.advance();
            punct(st, tok, '(');
            if (tok.type != SqlTokenizer.BLOB) {
                throw fail(st, "expected X'…' in CAST, found " + tok.excerpt());
            }
            tok.advance();
            expect(st, tok, "AS");
            expect(st, tok, "TEXT");
            punct(st, tok, ')');
            return;
        }
        throw fail(st, "a key must be a literal value, found " + tok.excerpt());
    }

    /** True (and past it) when the current token is a comma. */
    private static boolean comma(SqlTokenizer tok) {
        if (tok.type == SqlTokenizer.PUNCT && tok.punct() == ',') {
            tok.advance();
            return true;
        }
        return false;
    }

    private static void punct(SqlStatement st, SqlTokenizer tok, char c) {
        if (tok.type != SqlTokenizer.PUNCT || tok.punct() != c) {
            throw fail(st, "expected '" + c + "', found " + tok.excerpt());
        }
        tok.advance();
    }

    private static void expect(SqlStatement st, SqlTokenizer tok, String word) {
        if (!tok.is(word)) {
            throw fail(st, "expected " + word + ", found " + tok.excerpt());
        }
        tok.advance();
    }

    /** A table, trigger or column name: one quoted identifier or a plain one (never {@code schema.name}). */
    private static String name(SqlStatement st, SqlTokenizer tok) {
        if (tok.type != SqlTokenizer.QUOTED && tok.type != SqlTokenizer.IDENT) {
            throw fail(st, "expected a name, found " + tok.excerpt());
        }
        if (tok.peekChar() == '.') {
            throw fail(st, "a differential names no other database (" + tok.excerpt() + ".…)");
        }
        return tok.unquoted();
    }

    private static void end(SqlStatement st, SqlTokenizer tok) {
        if (tok.type == SqlTokenizer.SEMI) {
            tok.advance();
        }
        if (tok.type != SqlTokenizer.EOF) {
            throw fail(st, "unexpected " + tok.excerpt() + " at the end of the statement");
        }
    }

    private static HostileStatementException fail(SqlStatement st, String reason) {
        return new HostileStatementException(st.number(), st.line(), reason);
    }
}
