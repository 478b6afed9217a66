package dev.grove.patina.dump;

import static dev.grove.patina.dump.SqlTokenizer.BLOB;
import static dev.grove.patina.dump.SqlTokenizer.CONCAT;
import static dev.grove.patina.dump.SqlTokenizer.EOF;
import static dev.grove.patina.dump.SqlTokenizer.IDENT;
import static dev.grove.patina.dump.SqlTokenizer.ILLEGAL;
import static dev.grove.patina.dump.SqlTokenizer.NUMBER;
import static dev.grove.patina.dump.SqlTokenizer.PARAM;
import static dev.grove.patina.dump.SqlTokenizer.PUNCT;
import static dev.grove.patina.dump.SqlTokenizer.QUOTED;
import static dev.grove.patina.dump.SqlTokenizer.SEMI;
import static dev.grove.patina.dump.SqlTokenizer.STRING;

import java.util.Locale;
import java.util.Objects;

/**
 * Classifies each statement of a dump before a restore runs it, and refuses anything a dump written by
 * {@code patina dump}, the sqlite3 shell's {@code .dump} or {@code wrangler d1 export} would not contain.
 *
 * <p>The guard works on tokens (strings, quoted identifiers, comments and numbers are recognised whole),
 * never on regular expressions over the text. Allowed are schema statements (CREATE TABLE, CREATE VIRTUAL
 * TABLE with a known module, CREATE INDEX, VIEW and TRIGGER, in {@code main} only), INSERT … VALUES with
 * literal values, Patina's own append-style UPDATE, {@code DELETE FROM sqlite_sequence}, four harmless
 * pragmas, transaction control and statistics. On top of that every token of every statement, trigger
 * bodies and views included, is checked for names that reach outside the database.
 *
 * <p>The guard holds no state and may be shared between threads.
 *
 * <p><b>Why this class is long.</b> It is one recursive-descent pass over one statement's tokens: each grammar
 * rule consumes tokens from the same {@link SqlTokenizer} position and reports failures with the same statement
 * number and line, and the outside-the-database name check runs on every name as the pass reaches it. Splitting the
 * rules into classes would hand the tokenizer and position around between them (or tokenize twice) without
 * making any rule shorter, so the grammar stays in one file, over the 400-line rule on purpose.
 */
public final class RestoreGuard {

    /** The deepest nesting of CAST and function calls accepted inside a value. */
    private static final int MAX_VALUE_DEPTH = 32;

    /** Creates a guard. */
    public RestoreGuard() {
        // stateless
    }

    /**
     * Checks one statement and says what it is.
     *
     * @param st a statement as read by {@link SqlStatementReader}
     * @return the statement's kind and target
     * @throws HostileStatementException if a restore must not run the statement; the message names
     *                                   the statement number, its line and what was found
     */
    public StatementInfo check(SqlStatement st) {
        Objects.requireNonNull(st, "st");
        return new StatementCheck(st).run();
    }

    /** The check of one statement. */
    private static final class StatementCheck {

        private final SqlStatement st;
        private final SqlTokenizer tok;

        StatementCheck(SqlStatement st) {
            this.st = st;
            this.tok = new SqlTokenizer(st.sql());
        }

        StatementInfo run() {
            if (st.sql().indexOf('\0') >= 0) {
                throw fail("the statement contains a NUL character");
            }
            advance();
            if (tok.type == EOF || tok.type == SEMI) {
                throw fail("the statement is empty");
            }
            if (tok.type != IDENT) {
                throw fail("a statement must start with a keyword, found " + tok.excerpt());
            }
            if (tok.is("CREATE")) {
                return create();
            }
            if (tok.is("INSERT")) {
                return insert();
            }
            if (tok.is("UPDATE")) {
                return update();
            }
            if (tok.is("DELETE")) {
                return delete();
            }
            if (tok.is("PRAGMA")) {
                return pragma();
            }
            if (tok.is("BEGIN") || tok.is("COMMIT") || tok.is("END") || tok.is("ROLLBACK")
                    || tok.is("SAVEPOINT") || tok.is("RELEASE")) {
                return transaction();
            }
            if (tok.is("ANALYZE")) {
                return analyze();
            }
            if (tok.is("DROP")) {
                // Neither `wrangler d1 export` nor the sqlite3 shell's .dump writes DROP, and a restore
                // goes into an empty database, so there is nothing a DROP could legitimately do.
                throw fail("DROP is not allowed in a restore — a restore starts from an empty database");
            }
            if (tok.is("REPLACE")) {
                throw fail("REPLACE INTO is not allowed in a restore — only plain INSERT INTO … VALUES");
            }
            if (tok.is("WITH")) {
                throw fail("WITH (a common table expression) is not allowed in a restore");
            }
            throw fail(tok.text().toUpperCase(Locale.ROOT) + " statements are not allowed in a restore");
        }

        // --------------------------------------------------------------------------------------
        // CREATE

        private StatementInfo create() {
            advance();
            if (tok.is("TEMP") || tok.is("TEMPORARY")) {
                throw fail("CREATE " + tok.text().toUpperCase(Locale.ROOT)
                        + " is not allowed in a restore — a dump holds no temporary objects");
            }
            if (tok.is("UNIQUE")) {
                advance();
                if (!tok.is("INDEX")) {
                    throw fail("expected INDEX after CREATE UNIQUE, found " + tok.excerpt());
                }
                return createIndex();
            }
            if (tok.is("TABLE")) {
                return createTable();
            }
            if (tok.is("VIRTUAL")) {
                advance();
                if (!tok.is("TABLE")) {
                    throw fail("expected TABLE after CREATE VIRTUAL, found " + tok.excerpt());
                }
                return createVirtualTable();
            }
            if (tok.is("INDEX")) {
                return createIndex();
            }
            if (tok.is("VIEW")) {
                return createView();
            }
            if (tok.is("TRIGGER")) {
                return createTrigger();
            }
            throw fail("CREATE " + tok.excerpt() + " is not allowed in a restore");
        }

        private StatementInfo createTable() {
            advance();
            ifNotExists();
            String table = createdName("table");
            if (tok.is("AS")) {
                throw fail("CREATE TABLE … AS SELECT is not allowed in a restore");
            }
            expectPunct('(', "a column list after CREATE TABLE " + table);
            scanRest(false);
            return new StatementInfo(StatementKind.CREATE_TABLE, table, null, null);
        }

        private StatementInfo createVirtualTable() {
            advance();
            ifNotExists();
            String table = createdName("virtual table");
            if (!tok.is("USING")) {
                throw fail("expected USING after CREATE VIRTUAL TABLE " + table + ", found " + tok.excerpt());
            }
            advance();
            if (!tok.isName()) {
                throw fail("expected a module name after USING, found " + tok.excerpt());
            }
            String module = tok.unquoted().toLowerCase(Locale.ROOT);
            switch (module) {
                case "fts3":
                case "fts4":
                case "fts5":
                case "rtree":
                case "rtree_i32":
                case "geopoly":
                    break;
                default:
                    throw fail("virtual table module " + tok.excerpt() + " is not allowed in a restore"
                            + " — only fts3, fts4, fts5, rtree, rtree_i32 and geopoly");
            }
            advance();
            scanRest(false);
            return new StatementInfo(StatementKind.CREATE_VIRTUAL_TABLE, table, null, null);
        }

        private StatementInfo createIndex() {
            advance();
            ifNotExists();
            qualifiedName("index");
            if (!tok.is("ON")) {
                throw fail("expected ON after the index name, found " + tok.excerpt());
            }
            advance();
            String table = qualifiedName("table");
            expectPunct('(', "the indexed columns");
            scanRest(false);
            return new StatementInfo(StatementKind.CREATE_INDEX, table, null, null);
        }

        private StatementInfo createView() {
            advance();
            ifNotExists();
            String view = createdName("view");
            if (isPunct('(')) {
                skipParenthesised();
            }
            if (!tok.is("AS")) {
                throw fail("expected AS after the view name, found " + tok.excerpt());
            }
            scanRest(false);
            return new StatementInfo(StatementKind.CREATE_VIEW, view, null, null);
        }

        private StatementInfo createTrigger() {
            advance();
            ifNotExists();
            qualifiedName("trigger");
            if (tok.is("BEFORE") || tok.is("AFTER")) {
                advance();
            } else if (tok.is("INSTEAD")) {
                advance();
                expectWord("OF");
            }
            if (tok.is("DELETE") || tok.is("INSERT")) {
                advance();
            } else if (tok.is("UPDATE")) {
                advance();
                if (tok.is("OF")) {
                    do {
                        advance();
                        if (!tok.isName()) {
                            throw fail("expected a column name in UPDATE OF, found " + tok.excerpt());
                        }
                        advance();
                    } while (isPunct(','));
                }
            } else {
                throw fail("expected DELETE, INSERT or UPDATE in CREATE TRIGGER, found " + tok.excerpt());
            }
            expectWord("ON");
            String table = qualifiedName("table");
            scanRest(true);
            return new StatementInfo(StatementKind.CREATE_TRIGGER, table, null, null);
        }

        /** Reads the name of an object being created, refusing names reserved for SQLite itself. */
        private String createdName(String what) {
            String name = qualifiedName(what);
            if (name.regionMatches(true, 0, "sqlite_", 0, 7)) {
                throw fail("cannot create " + what + " " + name + " — names starting with sqlite_ are reserved");
            }
            return name;
        }

        private void ifNotExists() {
            if (tok.is("IF")) {
                advance();
                expectWord("NOT");
                expectWord("EXISTS");
            }
        }

        /**
         * Checks every remaining token (the global checks happen in {@link #advance()}) and that the text
         * holds exactly one statement. A trigger ends at the END that follows a semicolon, as in
         * sqlite3_complete(); anything else ends at its first semicolon.
         */
        private void scanRest(boolean trigger) {
            boolean afterSemi = false;
            while (tok.type != EOF) {
                if (tok.type == SEMI) {
                    advance();
                    if (!trigger) {
                        expectEnd();
                        return;
                    }
                    afterSemi = true;
                    continue;
                }
                if (trigger && afterSemi && tok.is("END")) {
                    advance();
                    if (tok.type == SEMI) {
                        advance();
                    }
                    expectEnd();
                    return;
                }
                afterSemi = false;
                if (tok.type == STRING) {
                    // SQLite accepts a string literal as a table name (SELECT * FROM 'x'), so the
                    // eponymous tables that reach outside the database are refused in that form too.
                    checkNameInString();
                } else if (tok.type == ILLEGAL) {
                    throw fail("malformed token " + tok.excerpt());
                }
                advance();
            }
        }

        // --------------------------------------------------------------------------------------
        // INSERT

        private StatementInfo insert() {
            advance();
            if (tok.is("OR")) {
                advance();
                throw fail("INSERT OR " + tok.text().toUpperCase(Locale.ROOT)
                        + " is not allowed in a restore — only plain INSERT INTO … VALUES");
            }
            if (tok.is("INTO")) {
                advance();
            }
            String table = qualifiedName("table");
            StatementKind kind = StatementKind.INSERT;
            if (table.regionMatches(true, 0, "sqlite_", 0, 7)) {
                String lower = table.toLowerCase(Locale.ROOT);
                if (lower.equals("sqlite_stat1") || lower.equals("sqlite_stat4")) {
                    kind = StatementKind.STATISTICS;
                } else if (!lower.equals("sqlite_sequence")) {
                    throw fail("INSERT INTO " + table + " is not allowed in a restore"
                            + " — it would write one of SQLite's internal tables directly");
                }
            }
            boolean command = false; // FTS5's INSERT INTO t(t, …) VALUES('command', …) adds no row
            if (isPunct('(')) {
                boolean first = true;
                do {
                    advance();
                    if (!tok.isName()) {
                        throw fail("expected a column name in INSERT INTO " + table + "(…), found " + tok.excerpt());
                    }
                    if (first && tok.unquoted().equalsIgnoreCase(table)) {
                        command = true;
                    }
                    first = false;
                    advance();
                } while (isPunct(','));
                expectPunct(')', "the end of the column list");
            }
            if (tok.is("SELECT") || tok.is("WITH")) {
                throw fail("INSERT … SELECT is not allowed in a restore — only INSERT … VALUES with literals");
            }
            if (tok.is("DEFAULT")) {
                throw fail("INSERT … DEFAULT VALUES is not allowed in a restore");
            }
            if (!tok.is("VALUES")) {
                throw fail("expected VALUES in INSERT INTO " + table + ", found " + tok.excerpt());
            }
            advance();
            long rows = 0;
            for (;;) {
                rows++;
                expectPunct('(', "a row of values");
                for (;;) {
                    value(0);
                    if (isPunct(',')) {
                        advance();
                        continue;
                    }
                    expectPunct(')', "`,` or `)` after a value");
                    break;
                }
                if (isPunct(',')) {
                    advance();
                    continue;
                }
                break;
            }
            if (tok.is("ON")) {
                throw fail("INSERT … ON CONFLICT (an upsert) is not allowed in a restore");
            }
            if (tok.is("RETURNING")) {
                throw fail("INSERT … RETURNING is not allowed in a restore");
            }
            end();
            return new StatementInfo(kind, table, null, null, command ? 0 : rows);
        }

        /**
         * Reads one literal value: NULL, TRUE, FALSE, a signed number, a string, a blob, a CAST of a literal,
         * or a call of char, replace, unistr or zeroblob on literals.
         */
        private void value(int depth) {
            if (depth > MAX_VALUE_DEPTH) {
                throw fail("a value nests CAST and function calls more than " + MAX_VALUE_DEPTH + " deep");
            }
            switch (tok.type) {
                case STRING:
                case BLOB:
                case NUMBER:
                    advance();
                    return;
                case PUNCT: {
                    char c = tok.punct();
                    if (c == '-' || c == '+') {
                        while (isPunct('-') || isPunct('+')) {
                            advance();
                        }
                        if (tok.type != NUMBER) {
                            throw fail("a sign must be followed by a number in a value, found " + tok.excerpt());
                        }
                        advance();
                        return;
                    }
                    if (c == '(') {
                        advance();
                        if (tok.is("SELECT") || tok.is("WITH") || tok.is("VALUES")) {
                            throw fail("a sub-select is not allowed in a value — values must be literals");
                        }
                        throw fail("a parenthesised expression is not allowed in a value — values must be literals");
                    }
                    throw fail("values must be literals, found " + tok.excerpt());
                }
                case PARAM:
                    throw fail("a bound parameter " + tok.excerpt() + " is not allowed in a value — values must be literals");
                case QUOTED:
                    throw fail("a column reference " + tok.excerpt() + " is not allowed in a value — values must be literals");
                case IDENT:
                    break;
                default:
                    throw fail("values must be literals, found " + tok.excerpt());
            }
            if (tok.is("NULL") || tok.is("TRUE") || tok.is("FALSE")) {
                advance();
                return;
            }
            if (tok.is("CAST")) {
                advance();
                expectPunct('(', "`(` after CAST");
                value(depth + 1);
                expectWord("AS");
                typeName();
                expectPunct(')', "`)` to close CAST");
                return;
            }
            boolean call = tok.peekChar() == '(';
            if (call && (tok.is("char") || tok.is("replace") || tok.is("unistr") || tok.is("zeroblob"))) {
                advance();
                advance(); // the '('
                if (!isPunct(')')) {
                    for (;;) {
                        value(depth + 1);
                        if (!isPunct(',')) {
                            break;
                        }
                        advance();
                    }
                }
                expectPunct(')', "`)` to close the function call");
                return;
            }
            if (call) {
                throw fail("function " + tok.text() + "() is not allowed in a value"
                        + " — only literals and char(), replace(), unistr(), zeroblob()");
            }
            throw fail("a column reference " + tok.excerpt() + " is not allowed in a value — values must be literals");
        }

        /** Reads a type name such as {@code BLOB} or {@code VARCHAR(10)} inside a CAST. */
        private void typeName() {
            if (!tok.isName()) {
                throw fail("expected a type name in CAST, found " + tok.excerpt());
            }
            while (tok.isName() && !tok.is("AS")) {
                advance();
            }
            if (isPunct('(')) {
                advance();
                signedNumber();
                if (isPunct(',')) {
                    advance();
                    signedNumber();
                }
                expectPunct(')', "`)` after the type's size");
            }
        }

        private void signedNumber() {
            while (isPunct('-') || isPunct('+')) {
                advance();
            }
            if (tok.type != NUMBER) {
                throw fail("expected a number, found " + tok.excerpt());
            }
            advance();
        }

        // --------------------------------------------------------------------------------------
        // UPDATE (Patina's append form only)

        private StatementInfo update() {
            advance();
            if (tok.is("OR")) {
                throw refuseUpdate();
            }
            String table = qualifiedName("table");
            if (table.regionMatches(true, 0, "sqlite_", 0, 7)) {
                throw fail("UPDATE of " + table + " is not allowed in a restore — it is one of SQLite's internal tables");
            }
            if (!tok.is("SET")) {
                throw refuseUpdate();
            }
            do {
                advance();
                if (tok.type != IDENT && tok.type != QUOTED) {
                    throw refuseUpdate();
                }
                String column = tok.unquoted();
                advance();
                if (!isPunct('=')) {
                    throw refuseUpdate();
                }
                advance();
                if (tok.is("CAST")) {
                    advance();
                    if (!isPunct('(')) {
                        throw refuseUpdate();
                    }
                    advance();
                    selfAppend(column);
                    if (!tok.is("AS")) {
                        throw refuseUpdate();
                    }
                    advance();
                    if (!tok.is("BLOB")) {
                        throw refuseUpdate();
                    }
                    advance();
                    if (!isPunct(')')) {
                        throw refuseUpdate();
                    }
                    advance();
                } else {
                    selfAppend(column);
                }
            } while (isPunct(','));
            if (!tok.is("WHERE")) {
                throw refuseUpdate();
            }
            do {
                advance();
                if (tok.type != IDENT && tok.type != QUOTED) {
                    throw refuseUpdate();
                }
                boolean rowid = tok.type == IDENT && (tok.is("rowid") || tok.is("_rowid_") || tok.is("oid"));
                advance();
                if (!isPunct('=')) {
                    throw refuseUpdate();
                }
                advance();
                if (rowid) {
                    if (isPunct('-') || isPunct('+')) {
                        advance();
                    }
                    if (!tok.isIntegerLiteral()) {
                        throw fail("the rowid in Patina's append UPDATE must be an integer, found " + tok.excerpt());
                    }
                    advance();
                } else {
                    value(0);
                }
            } while (tok.is("AND"));
            if (tok.type != SEMI && tok.type != EOF) {
                throw refuseUpdate();
            }
            end();
            return new StatementInfo(StatementKind.UPDATE_APPEND, table, null, null);
        }

        /** Reads {@code c || X'…'} where c must be the column being assigned. */
        private void selfAppend(String column) {
            if ((tok.type != IDENT && tok.type != QUOTED) || !equalsIgnoreAsciiCase(tok.unquoted(), column)) {
                throw refuseUpdate();
            }
            advance();
            if (tok.type != CONCAT) {
                throw refuseUpdate();
            }
            advance();
            if (tok.type != BLOB) {
                throw refuseUpdate();
            }
            advance();
        }

        private HostileStatementException refuseUpdate() {
            return fail("UPDATE is only allowed in Patina's append form"
                    + " `UPDATE \"t\" SET \"c\" = \"c\" || X'…' WHERE rowid = N` — found " + tok.excerpt());
        }

        // --------------------------------------------------------------------------------------
        // DELETE, PRAGMA, transactions, ANALYZE

        private StatementInfo delete() {
            advance();
            String found = tok.excerpt();
            if (tok.is("FROM")) {
                advance();
                found = tok.excerpt();
                if (tok.isName()) {
                    String table = qualifiedName("table");
                    if (!table.equalsIgnoreCase("sqlite_sequence")) {
                        found = "DELETE FROM " + table;
                    } else if (tok.type == SEMI || tok.type == EOF) {
                        end();
                        return new StatementInfo(StatementKind.DELETE_SEQUENCE, null, null, null);
                    } else {
                        found = tok.excerpt() + " after DELETE FROM sqlite_sequence";
                    }
                }
            }
            throw fail("DELETE is only allowed as `DELETE FROM sqlite_sequence;` — found " + found);
        }

        private StatementInfo pragma() {
            advanceUnchecked();
            if (!tok.isName()) {
                throw fail("expected a pragma name, found " + tok.excerpt());
            }
            String name = tok.unquoted();
            if (tok.peekChar() == '.') {
                advanceUnchecked();
                advanceUnchecked();
                if (tok.isName() && tok.unquoted().equalsIgnoreCase("writable_schema")) {
                    throw refuseWritableSchema();
                }
                throw fail("PRAGMA with a schema prefix (" + name + ".) is not allowed in a restore");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("writable_schema")) {
                throw refuseWritableSchema();
            }
            switch (lower) {
                case "defer_foreign_keys":
                case "foreign_keys":
                case "user_version":
                case "application_id":
                    break;
                default:
                    throw fail("PRAGMA " + name + " is not allowed in a restore"
                            + " — only defer_foreign_keys, foreign_keys, user_version and application_id");
            }
            advance();
            String value = null;
            if (isPunct('=')) {
                advance();
                value = pragmaValue();
            } else if (isPunct('(')) {
                advance();
                value = pragmaValue();
                expectPunct(')', "`)` after the pragma's value");
            }
            end();
            return new StatementInfo(StatementKind.PRAGMA, null, lower, value);
        }

        private String pragmaValue() {
            String sign = "";
            if (isPunct('-') || isPunct('+')) {
                sign = tok.punct() == '-' ? "-" : "";
                advance();
                if (tok.type != NUMBER) {
                    throw fail("expected a number after the sign in a pragma value, found " + tok.excerpt());
                }
            }
            if (tok.type == NUMBER) {
                String v = sign + tok.text();
                advance();
                return v;
            }
            if (tok.isName()) {
                String v = tok.unquoted();
                advance();
                return v;
            }
            throw fail("a pragma value must be a literal, found " + tok.excerpt());
        }

        private HostileStatementException refuseWritableSchema() {
            return fail("PRAGMA writable_schema is not allowed — this dump writes sqlite_schema directly"
                    + " (the sqlite3 shell does this for virtual tables); re-create it with `patina dump`");
        }

        private StatementInfo transaction() {
            if (tok.is("BEGIN")) {
                advance();
                if (tok.is("DEFERRED") || tok.is("IMMEDIATE") || tok.is("EXCLUSIVE")) {
                    advance();
                }
                optionalTransactionName();
            } else if (tok.is("COMMIT") || tok.is("END")) {
                advance();
                optionalTransactionName();
            } else if (tok.is("ROLLBACK")) {
                advance();
                if (tok.is("TRANSACTION")) {
                    advance();
                    if (tok.isName() && !tok.is("TO")) {
                        advance();
                    }
                }
                if (tok.is("TO")) {
                    throw fail("ROLLBACK TO is not allowed in a restore");
                }
            } else if (tok.is("SAVEPOINT")) {
                advance();
                savepointName();
            } else { // RELEASE
                advance();
                if (tok.is("SAVEPOINT")) {
                    advance();
                }
                savepointName();
            }
            end();
            return new StatementInfo(StatementKind.TRANSACTION_CONTROL, null, null, null);
        }

        private void optionalTransactionName() {
            if (tok.is("TRANSACTION")) {
                advance();
                if (tok.isName()) {
                    advance();
                }
            }
        }

        private void savepointName() {
            if (!tok.isName()) {
                throw fail("expected a savepoint name, found " + tok.excerpt());
            }
            advance();
        }

        private StatementInfo analyze() {
            advance();
            if (tok.isName()) {
                String name = qualifiedName("table");
                if ((name.equalsIgnoreCase("sqlite_schema") || name.equalsIgnoreCase("sqlite_master"))
                        && (tok.type == SEMI || tok.type == EOF)) {
                    end();
                    return new StatementInfo(StatementKind.STATISTICS, null, null, null);
                }
            }
            throw fail("ANALYZE is only allowed as `ANALYZE sqlite_schema;` — found " + tok.excerpt());
        }

        // --------------------------------------------------------------------------------------
        // Shared pieces

        /**
         * Reads a possibly schema-qualified name; only {@code main.} may qualify it. Leaves the tokenizer on
         * the token after the name and returns the unquoted name.
         */
        private String qualifiedName(String what) {
            if (!tok.isName()) {
                throw fail("expected a " + what + " name, found " + tok.excerpt());
            }
            String name = tok.unquoted();
            if (tok.peekChar() == '.') {
                String schema = name;
                advance();
                advance();
                if (schema.equalsIgnoreCase("temp")) {
                    throw fail("the temp schema is not allowed in a restore — a dump holds no temporary objects");
                }
                if (!schema.equalsIgnoreCase("main")) {
                    throw fail("schema qualifier " + schema + ". is not allowed in a restore — only main.");
                }
                if (!tok.isName()) {
                    throw fail("expected a " + what + " name after main., found " + tok.excerpt());
                }
                name = tok.unquoted();
            }
            advance();
            return name;
        }

        private void skipParenthesised() {
            int depth = 0;
            do {
                if (isPunct('(')) {
                    depth++;
                } else if (isPunct(')')) {
                    depth--;
                } else if (tok.type == EOF || tok.type == SEMI) {
                    throw fail("unbalanced parentheses");
                }
                advance();
            } while (depth > 0);
        }

        /** Expects the statement's terminating semicolon (or the end) and nothing after it. */
        private void end() {
            if (tok.type == SEMI) {
                advance();
            }
            expectEnd();
        }

        private void expectEnd() {
            if (tok.type != EOF) {
                throw fail("the text holds more than one statement: " + tok.excerpt() + " follows the terminating `;`");
            }
        }

        private void expectWord(String word) {
            if (!tok.is(word)) {
                throw fail("expected " + word + ", found " + tok.excerpt());
            }
            advance();
        }

        private void expectPunct(char c, String what) {
            if (!isPunct(c)) {
                throw fail("expected " + what + ", found " + tok.excerpt());
            }
            advance();
        }

        private boolean isPunct(char c) {
            return tok.type == PUNCT && tok.punct() == c;
        }

        /** Moves to the next token and applies the global checks to it. */
        private void advance() {
            int t = tok.advance();
            if (t == IDENT || t == QUOTED) {
                checkName();
            }
        }

        /** Moves to the next token without the global checks; the caller checks it itself. */
        private void advanceUnchecked() {
            tok.advance();
        }

        /**
         * The global checks on an identifier, bare or quoted. Names of schemas, statements and eponymous
         * tables that reach outside the database are refused wherever they appear; names of dangerous
         * functions are refused where they are called, so that a column that happens to be called
         * {@code edit} does not make a backup unrestorable.
         */
        private void checkName() {
            int from = tok.contentStart();
            int length = tok.contentEnd() - from;
            String reason = null;
            switch (length) {
                case 4:
                    if (called("edit")) {
                        reason = "edit() is not allowed in a restore — it runs an external editor";
                    }
                    break;
                case 5:
                    if (named(from, "fsdir")) {
                        reason = "fsdir is not allowed in a restore — it reads the file system";
                    }
                    break;
                case 6:
                    if (named(from, "attach")) {
                        reason = "ATTACH is not allowed in a restore — it would touch another file";
                    } else if (named(from, "detach")) {
                        reason = "DETACH is not allowed in a restore — it changes which files the connection uses";
                    } else if (named(from, "vacuum")) {
                        reason = "VACUUM is not allowed in a restore — VACUUM INTO would write another file";
                    }
                    break;
                case 7:
                    if (named(from, "zipfile")) {
                        reason = "zipfile is not allowed in a restore — it reads and writes files";
                    }
                    break;
                case 8:
                    if (called("readfile")) {
                        reason = "readfile() is not allowed in a restore — it reads files from disk";
                    }
                    break;
                case 9:
                    if (called("writefile")) {
                        reason = "writefile() is not allowed in a restore — it writes files to disk";
                    }
                    break;
                case 13:
                    if (named(from, "sqlite_dbpage")) {
                        reason = "sqlite_dbpage is not allowed in a restore — it reads and writes raw database pages";
                    }
                    break;
                case 14:
                    if (called("load_extension")) {
                        reason = "load_extension() is not allowed in a restore — it loads native code";
                    } else if (called("fts3_tokenizer")) {
                        reason = "fts3_tokenizer() is not allowed in a restore — it can install native function pointers";
                    }
                    break;
                case 15:
                    if (named(from, "writable_schema")) {
                        reason = "writable_schema is not allowed in a restore — it lets a statement rewrite sqlite_schema";
                    }
                    break;
                default:
                    break;
            }
            if (reason != null) {
                throw fail(reason);
            }
        }

        private void checkNameInString() {
            int from = tok.contentStart();
            int length = tok.contentEnd() - from;
            if ((length == 13 && named(from, "sqlite_dbpage")) || (length == 5 && named(from, "fsdir"))
                    || (length == 7 && named(from, "zipfile"))) {
                throw fail(tok.excerpt() + " is not allowed in a restore — it names a table that reaches outside the database");
            }
        }

        private boolean named(int from, String word) {
            return tok.regionEqualsIgnoreCase(from, word);
        }

        private boolean called(String function) {
            return named(tok.contentStart(), function) && tok.peekChar() == '(';
        }

        private HostileStatementException fail(String reason) {
            return new HostileStatementException(st.number(), st.line(), reason);
        }

        private static boolean equalsIgnoreAsciiCase(String a, String b) {
            if (a.length() != b.length()) {
                return false;
            }
            for (int i = 0; i < a.length(); i++) {
                char x = a.charAt(i);
                char y = b.charAt(i);
                if (x != y) {
                    if (x >= 'A' && x <= 'Z') {
                        x += 32;
                    }
                    if (y >= 'A' && y <= 'Z') {
                        y += 32;
                    }
                    if (x != y) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
