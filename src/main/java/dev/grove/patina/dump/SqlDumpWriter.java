package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one snapshot as a Patina SQL dump (format v1, see docs/storage-format.md): header, every CREATE TABLE,
 * the data as multi-row INSERTs (≤ 1000 rows and ≤ 100,000 bytes each), {@code sqlite_sequence}, virtual tables
 * filled through themselves, then indexes, views and triggers, then a footer with row counts and the SHA-256 of
 * everything above it. Streams with constant memory: only one statement is held at a time.
 */
public final class SqlDumpWriter {
    /** D1's per-statement size limit, which every statement of a dump respects. */
    public static final int MAX_STATEMENT_BYTES = 100_000;
    /** Rows per INSERT statement at most. */
    public static final int MAX_ROWS_PER_INSERT = 1000;
    private static final int PROGRESS_EVERY_ROWS = 5000;
    /** Room kept free in a statement for its closing {@code ;\n}. */
    private static final int CLOSING = 2;

    private final Clock clock;
    private final String patinaVersion;

    public SqlDumpWriter(Clock clock, String patinaVersion) {
        this.clock = clock;
        this.patinaVersion = patinaVersion;
    }

    /**
     * Dumps {@code snapshot} to {@code out} (which is flushed, not closed).
     *
     * @throws DumpException naming the table when the snapshot cannot be read or a row cannot be written
     */
    public DumpSummary write(DumpSnapshot snapshot, DumpOptions options, OutputStream out, DumpProgress progress)
            throws IOException {
        return new Run(snapshot, options, out, progress).write();
    }

    /** Tables that belong to SQLite or D1 themselves and are never dumped as data. */
    static boolean isInternal(String table) {
        String lower = table.toLowerCase(Locale.ROOT);
        return lower.startsWith("sqlite_") || lower.startsWith("_cf_");
    }

    private final class Run {
        private final DumpSnapshot snapshot;
        private final DumpOptions options;
        private final DumpProgress progress;
        private final MessageDigest sha256;
        private final AsyncHashingOutput digestOut;
        private final OutputStream sink;
        private final SqlBuffer statement = new SqlBuffer(MAX_STATEMENT_BYTES + 1024);
        private final SqlBuffer row = new SqlBuffer(8192);
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Map<String, TableShape> shapes = new java.util.HashMap<>();
        private final Set<String> contentless = new TreeSet<>();
        private long bytes;
        private long statements;
        private long totalRows;
        private int rowsInStatement;
        /**
         * Two background threads per dump: one reads rows, one hashes and writes the SQL, while this thread
         * formats it.
         */
        private final java.util.concurrent.ExecutorService background =
                java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "patina-dump-worker");
                    t.setDaemon(true);
                    return t;
                });

        Run(DumpSnapshot snapshot, DumpOptions options, OutputStream out, DumpProgress progress) {
            this.snapshot = snapshot;
            this.options = options;
            this.progress = progress;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.sink = out;
            this.digestOut = new AsyncHashingOutput(out, sha256, background);
        }

        DumpSummary write() throws IOException {
            try {
                return writeAll();
            } finally {
                background.shutdownNow();
            }
        }

        private RowCursor rows(TableShape shape) throws Exception {
            return new PrefetchingRowCursor(snapshot.rows(shape), shape.dumpColumns().size(), background);
        }

        private DumpSummary writeAll() throws IOException {
            List<SchemaEntry> schema = call("read the schema", snapshot::schema);
            Set<String> shadow = lowerSet(call("list shadow tables", snapshot::shadowTables));
            List<SchemaEntry> tables = new ArrayList<>();
            for (SchemaEntry e : schema) {
                if ("table".equals(e.type()) && !isInternal(e.name()) && !shadow.contains(lower(e.name()))) {
                    tables.add(e);
                }
            }
            boolean selective = !options.tables().isEmpty();
            if (selective) {
                Set<String> wanted = lowerSet(options.tables());
                for (String w : options.tables()) {
                    if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(w))) {
                        throw new DumpException("database " + options.sourceName() + " has no table named '" + w
                                + "'");
                    }
                }
                tables.removeIf(t -> !wanted.contains(lower(t.name())));
            }
            Set<String> tableNames = lowerSet(tables.stream().map(SchemaEntry::name).toList());
            List<SchemaEntry> ordinary = tables.stream().filter(t -> !isVirtual(t)).toList();
            List<SchemaEntry> virtual = tables.stream().filter(SqlDumpWriter::isVirtual).toList();

            List<String> warnings = new ArrayList<>();
            for (SchemaEntry t : virtual) {
                if (isContentlessFts(t.sql())) {
                    contentless.add(lower(t.name()));
                    warnings.add("table " + t.name() + " is a contentless full-text index (content=''): SQLite "
                            + "keeps no text for it, so the dump recreates it empty; rebuild it from its source "
                            + "after a restore");
                }
            }
            for (SchemaEntry e : schema) {
                if (e.sql() != null && !isInternal(e.name()) && !shadow.contains(lower(e.name()))
                        && (!selective || tableNames.contains(lower(e.tableName()))) && holdsCrLf(e.sql())) {
                    warnings.add(e.type() + " " + e.name() + " is defined by SQL that holds a CR before a line "
                            + "break: the sqlite3 shell drops that CR when it reads a dump, so restore with Patina "
                            + "(or load into D1) to keep its schema text byte for byte");
                }
            }
            for (SchemaEntry t : ordinary) {
                TableShape shape = call("describe table " + t.name(), () -> snapshot.describe(t.name()));
                shapes.put(t.name(), shape);
                if (!shape.withoutRowid() && shape.rowidName() == null && shape.keyColumns().isEmpty()) {
                    warnings.add("table " + t.name() + " has columns named rowid, _rowid_ and oid, which hide "
                            + "its rowid: its rows are restored with new rowids");
                }
            }
            DumpHeader header = new DumpHeader(DumpHeader.FORMAT, DumpHeader.FORMAT_VERSION, patinaVersion,
                    options.sourceName(), Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(),
                    options.dialect().id(), call("read the SQLite version", snapshot::sqliteVersion),
                    call("read user_version", snapshot::userVersion),
                    call("read application_id", snapshot::applicationId), "UTF-8",
                    selective ? tables.stream().map(SchemaEntry::name).toList() : null,
                    warnings.isEmpty() ? null : List.copyOf(warnings));
            line("-- Patina SQL dump, format " + DumpHeader.FORMAT_VERSION + ", dialect " + options.dialect().id()
                    + ", source " + printable(options.sourceName()));
            line("-- Load with: patina restore FILE DB | sqlite3 DB < FILE | wrangler d1 execute DB --file FILE");
            line(DumpHeader.LINE_PREFIX + header.toJson());
            if (options.dialect() == DumpDialect.SQLITE) {
                statementLine("BEGIN TRANSACTION;");
            }
            statementLine("PRAGMA defer_foreign_keys=on;");
            if (options.dialect() == DumpDialect.SQLITE) {
                statementLine("PRAGMA user_version=" + header.userVersion() + ";");
                statementLine("PRAGMA application_id=" + header.applicationId() + ";");
            }
            for (SchemaEntry t : ordinary) {
                schemaStatement(t.sql());
            }
            for (SchemaEntry t : ordinary) {
                dumpTable(t.name());
            }
            if (schema.stream().anyMatch(e -> "table".equals(e.type()) && "sqlite_sequence".equals(e.name()))) {
                dumpSequence(tableNames);
            }
            for (SchemaEntry t : virtual) {
                schemaStatement(t.sql());
                if (isFts5(t.sql())) {
                    dumpFts5Config(t.name());
                }
                dumpTable(t.name());
            }
            for (String type : List.of("index", "view", "trigger")) {
                for (SchemaEntry e : schema) {
                    if (!type.equals(e.type()) || e.sql() == null || isInternal(e.name())) {
                        continue;
                    }
                    boolean onDumpedTable = tableNames.contains(lower(e.tableName()));
                    boolean include = switch (type) {
                        case "index" -> onDumpedTable;
                        case "view" -> !selective;
                        default -> onDumpedTable || (!selective && !isInternal(e.tableName()));
                    };
                    if (include) {
                        schemaStatement(e.sql());
                    }
                }
            }
            if (options.dialect() == DumpDialect.SQLITE) {
                statementLine("COMMIT;");
            }
            digestOut.finish();
            String sha = HexFormat.of().formatHex(sha256.digest());
            DumpFooter footer = new DumpFooter(sha, statements, counts);
            byte[] footerLine = (DumpFooter.LINE_PREFIX + footer.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
            sink.write(footerLine);
            bytes += footerLine.length;
            sink.flush();
            progress.update(null, 0, totalRows, bytes);
            return new DumpSummary(header, counts, bytes, sha, statements);
        }

        private void dumpTable(String name) throws IOException {
            if (contentless.contains(lower(name))) {
                counts.put(name, 0L);
                return;
            }
            TableShape cached = shapes.get(name);
            TableShape shape = cached != null ? cached : call("describe table " + name, () -> snapshot.describe(name));
            byte[] prefix = insertPrefix(name, shape);
            long tableRows = 0;
            progress.update(name, 0, totalRows, bytes);
            try (RowCursor cursor = rows(shape)) {
                while (cursor.next()) {
                    row.clear();
                    appendRow(cursor, shape, row);
                    if (prefix.length + row.size() + CLOSING > MAX_STATEMENT_BYTES) {
                        flushInsert();
                        new BigRowWriter(shape, prefix, statement, this::emit).write(cursor, row.size());
                    } else {
                        addRow(prefix);
                    }
                    tableRows++;
                    totalRows++;
                    if (tableRows % PROGRESS_EVERY_ROWS == 0) {
                        progress.update(name, tableRows, totalRows, bytes);
                    }
                }
                flushInsert();
            } catch (IOException | DumpException e) {
                throw e;
            } catch (Exception e) {
                throw new DumpException("table " + name + ": " + describe(e), e);
            }
            counts.put(name, tableRows);
            progress.update(name, tableRows, totalRows, bytes);
        }

        private void dumpSequence(Set<String> dumpedTables) throws IOException {
            List<ColumnShape> cols = List.of(new ColumnShape("name", "", 0, 0), new ColumnShape("seq", "", 0, 0));
            TableShape shape = new TableShape("sqlite_sequence", false, null, false, null, List.of("name", "seq"),
                    List.of(), cols);
            byte[] prefix = insertPrefix("sqlite_sequence", shape);
            long n = 0;
            try (RowCursor cursor = rows(shape)) {
                while (cursor.next()) {
                    if (cursor.type(0) != ValueType.TEXT || !dumpedTables.contains(lower(cursor.getText(0)))) {
                        continue;
                    }
                    if (n == 0) {
                        statementLine("DELETE FROM sqlite_sequence;");
                    }
                    row.clear();
                    appendRow(cursor, shape, row);
                    addRow(prefix);
                    n++;
                }
                flushInsert();
            } catch (IOException | DumpException e) {
                throw e;
            } catch (Exception e) {
                throw new DumpException("sqlite_sequence: " + describe(e), e);
            }
            if (n > 0) {
                counts.put("sqlite_sequence", n);
            }
        }

        /**
         * Carries an FTS5 table's persistent options (rank function, automerge, pgsz, …) from its {@code _config}
         * shadow table, written as FTS5's own configuration INSERTs — never by writing the shadow table.
         */
        private void dumpFts5Config(String table) throws IOException {
            String configTable = table + "_config";
            List<ColumnShape> cols = List.of(new ColumnShape("k", "", 0, 1), new ColumnShape("v", "", 0, 0));
            TableShape shape = new TableShape(configTable, false, null, true, null, List.of("k", "v"), List.of(),
                    cols);
            try (RowCursor cursor = snapshot.rows(shape)) {
                while (cursor.next()) {
                    if (cursor.type(0) != ValueType.TEXT || "version".equals(cursor.getText(0))) {
                        continue;
                    }
                    SqlBuffer b = statement;
                    b.clear();
                    b.appendAscii("INSERT INTO ");
                    SqlLiteral.appendIdentifier(b, table);
                    b.appendAscii(" (");
                    SqlLiteral.appendIdentifier(b, table);
                    b.appendAscii(", \"rank\") VALUES (");
                    appendValue(cursor, 0, ValueType.TEXT, b);
                    b.append(',');
                    appendValue(cursor, 1, cursor.type(1), b);
                    b.appendAscii(");\n");
                    emit(b);
                }
            } catch (IOException | DumpException e) {
                throw e;
            } catch (Exception e) {
                throw new DumpException("table " + table + ": cannot read its FTS5 configuration: " + describe(e), e);
            }
        }

        /** Adds {@link #row} to the INSERT being built, starting a new one at 1000 rows or 100,000 bytes. */
        private void addRow(byte[] prefix) throws IOException {
            if (rowsInStatement > 0 && (rowsInStatement >= MAX_ROWS_PER_INSERT
                    || statement.size() + 2 + row.size() + CLOSING > MAX_STATEMENT_BYTES)) {
                flushInsert();
            }
            if (rowsInStatement == 0) {
                statement.clear();
                statement.append(prefix);
            } else {
                statement.appendAscii(",\n");
            }
            statement.append(row);
            rowsInStatement++;
        }

        private void flushInsert() throws IOException {
            if (rowsInStatement > 0) {
                statement.appendAscii(";\n");
                emit(statement);
                rowsInStatement = 0;
            }
        }

        private void emit(SqlBuffer b) throws IOException {
            b.writeTo(digestOut);
            bytes += b.size();
            statements++;
        }

        private void line(String text) throws IOException {
            byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
            digestOut.write(b);
            bytes += b.length;
        }

        private void statementLine(String sql) throws IOException {
            line(sql);
            statements++;
        }

        private void schemaStatement(String sql) throws IOException {
            String trimmed = sql.strip();
            int lastNewline = trimmed.lastIndexOf('\n');
            boolean commentAtEnd = trimmed.substring(lastNewline + 1).contains("--");
            statementLine(trimmed + (commentAtEnd ? "\n;" : ";"));
        }

        private <T> T call(String what, SnapshotCall<T> call) {
            try {
                return call.get();
            } catch (DumpException e) {
                throw e;
            } catch (Exception e) {
                throw new DumpException("database " + options.sourceName() + ": cannot " + what + ": "
                        + describe(e), e);
            }
        }
    }

    @FunctionalInterface
    private interface SnapshotCall<T> {
        T get() throws Exception;
    }

    private static byte[] insertPrefix(String table, TableShape shape) {
        SqlBuffer b = new SqlBuffer(256);
        b.appendAscii("INSERT INTO ");
        SqlLiteral.appendIdentifier(b, table);
        b.appendAscii(" (");
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            if (i > 0) {
                b.appendAscii(", ");
            }
            appendColumnName(b, shape, i);
        }
        b.appendAscii(") VALUES\n");
        return b.toByteArray();
    }

    static void appendColumnName(SqlBuffer b, TableShape shape, int i) {
        if (shape.isRowidColumn(i)) {
            b.appendAscii(shape.rowidName());
        } else {
            SqlLiteral.appendIdentifier(b, shape.dumpColumns().get(i));
        }
    }

    private static void appendRow(RowCursor cursor, TableShape shape, SqlBuffer out) throws Exception {
        out.append('(');
        int n = shape.dumpColumns().size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendValue(cursor, i, cursor.type(i), out);
        }
        out.append(')');
    }

    static void appendValue(RowCursor cursor, int i, ValueType type, SqlBuffer out) throws Exception {
        switch (type) {
            case NULL -> out.appendAscii("NULL");
            case INTEGER -> SqlLiteral.appendInteger(out, cursor.getLong(i));
            case REAL -> SqlLiteral.appendReal(out, cursor.getDouble(i));
            case TEXT -> SqlLiteral.appendTextBytes(out, cursor.getTextBytes(i));
            case BLOB -> SqlLiteral.appendBlob(out, cursor.getBlob(i));
            default -> throw new IllegalStateException("unknown value type " + type);
        }
    }

    /** True when {@code sql} holds a CR directly before a LF, which the {@code sqlite3} shell would drop. */
    static boolean holdsCrLf(String sql) {
        return sql.contains("\r\n");
    }

    static boolean isFts5(String sql) {
        String compact = sql == null ? "" : sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return compact.contains("usingfts5");
    }

    /** An FTS table declared with {@code content=''}: its column values read back as NULL. */
    static boolean isContentlessFts(String sql) {
        String compact = sql == null ? "" : sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return compact.contains("usingfts") && (compact.contains("content=''") || compact.contains("content=\"\""));
    }

    static boolean isVirtual(SchemaEntry table) {
        String sql = table.sql() == null ? "" : table.sql().stripLeading();
        return sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, "CREATE VIRTUAL".length());
    }

    private static Set<String> lowerSet(java.util.Collection<String> names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(lower(n));
        }
        return s;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
