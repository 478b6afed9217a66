package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes one snapshot as a Patina SQL dump (format v1, see docs/storage-format.md): header, every CREATE TABLE,
 * the data as multi-row INSERTs (≤ 1000 rows and ≤ 100,000 bytes each), {@code sqlite_sequence}, virtual tables
 * filled through themselves, then indexes, views and triggers, then a footer with row counts and the SHA-256 of
 * everything above it. Streams with constant memory: only one statement is held at a time.
 *
 * <p>The parts: {@link DumpPlan} (what the dump holds, and the header's warnings), {@link TableDataWriter} (the rows:
 * the hot loop), {@link DumpStream} (hashing, counting, the footer). This class puts them in the format's order.
 */
public final class SqlDumpWriter {
    /** D1's per-statement size limit, which every statement of a dump respects. */
    public static final int MAX_STATEMENT_BYTES = 100_000;
    /** Rows per INSERT statement at most. */
    public static final int MAX_ROWS_PER_INSERT = 1000;

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
        return write(snapshot, options, out, progress, null);
    }

    /**
     * Dumps {@code snapshot} as {@link #write(DumpSnapshot, DumpOptions, OutputStream, DumpProgress)} does and, when
     * {@code manifest} is not null, writes the row manifest's body to it as the rows pass (ADR 0016) and finishes it.
     */
    public DumpSummary write(DumpSnapshot snapshot, DumpOptions options, OutputStream out, DumpProgress progress,
                             ManifestWriter manifest) throws IOException {
        // two background threads per dump: one reads rows, one hashes and writes the SQL, while this thread
        // formats it
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "patina-dump-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            DumpSummary summary = write(snapshot, options, new DumpStream(out, background), progress, background,
                    manifest);
            if (manifest != null) {
                manifest.finish();
            }
            return summary;
        } finally {
            background.shutdownNow();
        }
    }

    private DumpSummary write(DumpSnapshot snapshot, DumpOptions options, DumpStream out, DumpProgress progress,
                              ExecutorService background, ManifestWriter manifest) throws IOException {
        String source = options.sourceName();
        DumpPlan plan = DumpPlan.of(snapshot, options);
        DumpHeader header = header(snapshot, options, plan);
        boolean sqlite = options.dialect() == DumpDialect.SQLITE;
        out.line("-- Patina SQL dump, format " + DumpHeader.FORMAT_VERSION + ", dialect " + options.dialect().id()
                + ", source " + printable(source));
        out.line("-- Load with: patina restore FILE DB | sqlite3 DB < FILE | wrangler d1 execute DB --file FILE");
        out.line(DumpHeader.LINE_PREFIX + header.toJson());
        if (sqlite) {
            out.statementLine("BEGIN TRANSACTION;");
        }
        out.statementLine("PRAGMA defer_foreign_keys=on;");
        if (sqlite) {
            out.statementLine("PRAGMA user_version=" + header.userVersion() + ";");
            out.statementLine("PRAGMA application_id=" + header.applicationId() + ";");
        }
        TableDataWriter data = new TableDataWriter(snapshot, source, plan, out, progress, background);
        if (manifest != null) {
            if (plan.selective()) {
                throw new IllegalArgumentException("a row manifest is written with a whole database's dump only");
            }
            data.withManifest(manifest);
        }
        for (SchemaEntry t : plan.ordinary()) {
            out.schemaStatement(t.sql());
        }
        for (SchemaEntry t : plan.ordinary()) {
            data.table(t.name());
        }
        if (plan.hasSequence()) {
            data.sequence(plan.tableNames());
        }
        for (SchemaEntry t : plan.virtual()) {
            out.schemaStatement(t.sql());
            if (DumpPlan.isFts5(t.sql())) {
                data.fts5Config(t.name());
            }
            data.table(t.name());
        }
        writeIndexesViewsAndTriggers(plan, out);
        if (sqlite) {
            out.statementLine("COMMIT;");
        }
        String sha = out.finish(data.counts());
        progress.update(null, 0, data.totalRows(), out.bytes());
        return new DumpSummary(header, data.counts(), out.bytes(), sha, out.statements(), out.schema());
    }

    private DumpHeader header(DumpSnapshot snapshot, DumpOptions options, DumpPlan plan) {
        String source = options.sourceName();
        return new DumpHeader(DumpHeader.FORMAT, DumpHeader.FORMAT_VERSION, patinaVersion, source,
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(), options.dialect().id(),
                SnapshotCall.run(source, "read the SQLite version", snapshot::sqliteVersion),
                SnapshotCall.run(source, "read user_version", snapshot::userVersion),
                SnapshotCall.run(source, "read application_id", snapshot::applicationId), "UTF-8",
                plan.selective() ? plan.tables().stream().map(SchemaEntry::name).toList() : null,
                plan.warnings().isEmpty() ? null : List.copyOf(plan.warnings()),
                SnapshotCall.run(source, "read page_size", snapshot::pageSize),
                snapshot.reader(plan.ordinary().stream().map(t -> plan.shapes().get(t.name())).toList()));
    }

    private static void writeIndexesViewsAndTriggers(DumpPlan plan, DumpStream out) throws IOException {
        for (String type : List.of("index", "view", "trigger")) {
            for (SchemaEntry e : plan.schema()) {
                if (!type.equals(e.type()) || e.sql() == null || DumpPlan.isInternal(e.name())) {
                    continue;
                }
                boolean onDumpedTable = plan.tableNames().contains(DumpPlan.lower(e.tableName()));
                boolean include = switch (type) {
                    case "index" -> onDumpedTable;
                    case "view" -> !plan.selective();
                    default -> onDumpedTable || (!plan.selective() && !DumpPlan.isInternal(e.tableName()));
                };
                if (include) {
                    out.schemaStatement(e.sql());
                }
            }
        }
    }

    private static String printable(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
