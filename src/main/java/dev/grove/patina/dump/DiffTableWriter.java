package dev.grove.patina.dump;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Writes one table's part of a differential (ADR 0016): reads every row in key order, hashes its literal, compares it
 * with the base full's manifest, and writes — all deletes first — the keys removed or changed, then the changed and
 * added rows as the dump's INSERTs. Those rows are known before the deletes are complete, so they wait in a spill file
 * in the scratch folder, removed afterwards. A table without a usable key is copied whole when its digest changed.
 */
final class DiffTableWriter {
    /** Keys per DELETE at most (also below SQLite's compound-select limit for a VALUES list). */
    static final int MAX_KEYS_PER_DELETE = 500;

    private final DumpSnapshot snapshot;
    private final String source;
    private final DumpStream out;
    private final ExecutorService background;
    private final Path scratch;
    private final String tag;
    private final DumpProgress progress;
    private final SqlBuffer row = new SqlBuffer(8192);
    private final SqlBuffer key = new SqlBuffer(256);
    private final SqlBuffer statement = new SqlBuffer(SqlDumpWriter.MAX_STATEMENT_BYTES + 1024);
    private final RowHasher hasher = new RowHasher();
    private long totalRows;

    DiffTableWriter(DumpSnapshot snapshot, String source, DumpStream out, ExecutorService background, Path scratch,
                    String tag, DumpProgress progress) {
        this.snapshot = snapshot;
        this.source = source;
        this.out = out;
        this.background = background;
        this.scratch = scratch;
        this.tag = tag;
        this.progress = progress;
    }

    /** What one table came to: the result's digest and rows added, changed, removed. */
    record Outcome(TableDigest result, long[] changes) {
    }

    /** Writes the part of a keyed (rowid or primary-key) table; {@code base} is positioned on its section. */
    Outcome keyed(TableShape shape, ManifestReader base) throws Exception {
        String name = shape.name();
        TableKeying keying = TableKeying.of(shape);
        Path spillFile = Files.createTempFile(scratch, ".patina-diff-" + tag + "-", ".sql");
        try {
            long added = 0;
            long changed = 0;
            long removed = 0;
            DeleteList deletes = new DeleteList(shape, keying);
            InsertBatcher inserts;
            try (OutputStream spill = new BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 16)) {
                inserts = new InsertBatcher(b -> b.writeTo(spill));
                inserts.begin(name, shape);
                hasher.reset();
                Map<ByteBuffer, long[]> keyed = keying == TableKeying.KEYED ? load(base) : null;
                boolean more = keying == TableKeying.ROWID && base.nextRow();
                try (RowCursor cursor = rows(shape)) {
                    while (cursor.next()) {
                        row.clear();
                        TableDataWriter.appendRow(cursor, shape, row);
                        hasher.row(row);
                        boolean write;
                        if (keying == TableKeying.ROWID) {
                            long k = cursor.getLong(shape.keyColumns().get(0));
                            while (more && base.rowid() < k) {
                                deletes.rowid(base.rowid());
                                removed++;
                                more = base.nextRow();
                            }
                            if (more && base.rowid() == k) {
                                write = base.hi() != hasher.hi() || base.lo() != hasher.lo();
                                if (write) {
                                    deletes.rowid(k);
                                    changed++;
                                }
                                more = base.nextRow();
                            } else {
                                write = true;
                                added++;
                            }
                        } else {
                            ManifestWriter.keyLiteral(cursor, shape, key);
                            long[] was = keyed.remove(ByteBuffer.wrap(key.toByteArray()));
                            if (was == null) {
                                write = true;
                                added++;
                            } else {
                                write = was[0] != hasher.hi() || was[1] != hasher.lo();
                                if (write) {
                                    deletes.key(key.toByteArray());
                                    changed++;
                                }
                            }
                        }
                        if (write) {
                            inserts.add(row, cursor, shape);
                        }
                        progressed(name);
                    }
                }
                inserts.flush();
                if (keying == TableKeying.ROWID) {
                    while (more) {
                        deletes.rowid(base.rowid());
                        removed++;
                        more = base.nextRow();
                    }
                } else {
                    for (ByteBuffer gone : sorted(keyed.keySet())) {
                        deletes.key(gone.array());
                        removed++;
                    }
                }
            }
            deletes.write();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(spillFile), 1 << 16)) {
                out.copy(in, inserts.statements());
            }
            return new Outcome(new TableDigest(hasher.rows(), hasher.digest()), new long[] {added, changed, removed});
        } finally {
            Files.deleteIfExists(spillFile);
        }
    }

    /**
     * Writes a table without a usable key: read once for its digest and, only when that differs from the base's,
     * removed and written again whole. A virtual table is dropped and created again from {@code createSql} (FTS
     * indexes are rebuilt by their own inserts, never by writing shadow tables).
     */
    Outcome whole(TableShape shape, ManifestReader base, String createSql, boolean fts5) throws Exception {
        String name = shape.name();
        hasher.reset();
        try (RowCursor cursor = rows(shape)) {
            while (cursor.next()) {
                row.clear();
                TableDataWriter.appendRow(cursor, shape, row);
                hasher.row(row);
            }
        }
        skipEntries(base);
        TableDigest result = new TableDigest(hasher.rows(), hasher.digest());
        if (base.rows() == result.rows() && base.digest().equals(result.digest())) {
            return new Outcome(result, new long[] {0, 0, 0});
        }
        if (createSql != null) {
            line("DROP TABLE " + SqlLiteral.quoteIdentifier(name) + ";");
            out.schemaStatement(createSql);
        } else {
            line("DELETE FROM " + SqlLiteral.quoteIdentifier(name) + ";");
        }
        if (fts5) {
            TableDataWriter.fts5ConfigOf(snapshot, name, out);
        }
        InsertBatcher inserts = new InsertBatcher(out::emit);
        inserts.begin(name, shape);
        try (RowCursor cursor = rows(shape)) {
            while (cursor.next()) {
                row.clear();
                TableDataWriter.appendRow(cursor, shape, row);
                inserts.add(row, cursor, shape);
                progressed(name);
            }
        }
        inserts.flush();
        return new Outcome(result, new long[] {result.rows(), 0, base.rows()});
    }

    /** Reads past a section's entries to its end (a table without a key has none). */
    private static void skipEntries(ManifestReader base) throws IOException {
        boolean more = base.nextRow();
        while (more) {
            more = base.nextRow();
        }
    }

    private void progressed(String table) {
        totalRows++;
        if (totalRows % 5000 == 0) {
            progress.update(table, 0, totalRows, out.bytes());
        }
    }

    private RowCursor rows(TableShape shape) throws Exception {
        return new PrefetchingRowCursor(snapshot.rows(shape), shape.dumpColumns().size(), background);
    }

    /** A WITHOUT ROWID table's manifest entries: key literal → hash (SQLite's key order is not Java's). */
    private static Map<ByteBuffer, long[]> load(ManifestReader base) throws IOException {
        Map<ByteBuffer, long[]> m = new HashMap<>();
        while (base.nextRow()) {
            m.put(ByteBuffer.wrap(base.key()), new long[] {base.hi(), base.lo()});
        }
        return m;
    }

    private static List<ByteBuffer> sorted(java.util.Set<ByteBuffer> keys) {
        List<ByteBuffer> l = new ArrayList<>(keys);
        l.sort((a, b) -> Arrays.compare(a.array(), b.array()));
        return l;
    }

    private void line(String sql) throws IOException {
        out.statementLine(sql);
    }

    /** The keys to delete, written as {@code DELETE … WHERE key IN (…)} statements of at most 500 keys. */
    private final class DeleteList {
        private final TableShape shape;
        private final TableKeying keying;
        private final List<byte[]> keys = new ArrayList<>();
        private long[] rowids = new long[64];
        private int n;

        DeleteList(TableShape shape, TableKeying keying) {
            this.shape = shape;
            this.keying = keying;
        }

        void rowid(long k) {
            if (n == rowids.length) {
                rowids = Arrays.copyOf(rowids, n * 2);
            }
            rowids[n++] = k;
        }

        void key(byte[] literal) {
            keys.add(literal);
        }

        void write() throws IOException {
            int count = keying == TableKeying.ROWID ? n : keys.size();
            SqlBuffer head = new SqlBuffer(256);
            head.appendAscii("DELETE FROM ");
            SqlLiteral.appendIdentifier(head, shape.name());
            head.appendAscii(" WHERE ");
            boolean composite = keying == TableKeying.KEYED && shape.keyColumns().size() > 1;
            if (composite) {
                head.append('(');
            }
            for (int k = 0; k < shape.keyColumns().size(); k++) {
                if (k > 0) {
                    head.appendAscii(", ");
                }
                TableDataWriter.appendColumnName(head, shape, shape.keyColumns().get(k));
            }
            head.appendAscii(composite ? ") IN (VALUES " : " IN (");
            int inStatement = 0;
            for (int i = 0; i < count; i++) {
                SqlBuffer one = new SqlBuffer(32);
                if (keying == TableKeying.ROWID) {
                    SqlLiteral.appendInteger(one, rowids[i]);
                } else {
                    if (composite) {
                        one.append('(');
                    }
                    one.append(keys.get(i));
                    if (composite) {
                        one.append(')');
                    }
                }
                if (head.size() + one.size() + 4 > SqlDumpWriter.MAX_STATEMENT_BYTES) {
                    throw new DumpException("table " + shape.name() + ": a key of " + one.size() + " bytes does not "
                            + "fit one statement of " + SqlDumpWriter.MAX_STATEMENT_BYTES + " bytes");
                }
                if (inStatement > 0 && (inStatement >= MAX_KEYS_PER_DELETE
                        || statement.size() + 1 + one.size() + 3 > SqlDumpWriter.MAX_STATEMENT_BYTES)) {
                    end();
                    inStatement = 0;
                }
                if (inStatement == 0) {
                    statement.clear();
                    statement.append(head);
                } else {
                    statement.append(',');
                }
                statement.append(one);
                inStatement++;
            }
            if (inStatement > 0) {
                end();
            }
        }

        private void end() throws IOException {
            statement.appendAscii(");\n");
            out.emit(statement);
        }
    }
}
