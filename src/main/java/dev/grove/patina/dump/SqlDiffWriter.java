package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes a differential (format {@code patina-sql-diff} 1, ADR 0016, docs/storage-format.md): the changes of a
 * snapshot since the full whose row manifest is given, as one SQL text that loads onto the restored full with
 * {@code sqlite3} or Patina's restore. Order: {@code PRAGMA foreign_keys=OFF} (before any transaction, so no
 * foreign-key action can fire), every trigger dropped, per table its deletes then its inserts, virtual tables whose
 * digest changed rebuilt, {@code sqlite_sequence} rewritten, the triggers created again from their exact SQL, and a
 * footer with every table's rows and content digest of the result.
 */
public final class SqlDiffWriter {
    private final Clock clock;
    private final String patinaVersion;

    public SqlDiffWriter(Clock clock, String patinaVersion) {
        this.clock = clock;
        this.patinaVersion = patinaVersion;
    }

    /** Why {@code snapshot} needs a full rather than a differential against {@code base}; empty when it does not. */
    public Optional<String> fullNeeded(DumpSnapshot snapshot, ManifestHeader base, String sourceName) {
        List<SchemaEntry> schema = SnapshotCall.run(sourceName, "read the schema", snapshot::schema);
        if (!SchemaFingerprint.of(schema).equals(base.schemaFingerprint())) {
            return Optional.of("the schema changed since the full " + base.baseKey());
        }
        return Optional.empty();
    }

    /**
     * Writes the differential of {@code snapshot} against {@code base} to {@code out} (flushed, not closed).
     *
     * @param scratch a folder for the rows that wait while a table's deletes are gathered (files removed after)
     * @throws DumpException when the schema or the manifest does not match the snapshot (then a full is needed)
     */
    public DiffSummary write(DumpSnapshot snapshot, DumpOptions options, ManifestReader base, OutputStream out,
                             Path scratch, DumpProgress progress) throws IOException {
        return write(snapshot, options, base, out, scratch, "", progress);
    }

    /**
     * Writes the differential as {@link #write(DumpSnapshot, DumpOptions, ManifestReader, OutputStream, Path,
     * DumpProgress)} does, naming its scratch files with {@code tag} (a run's id, so that a recovery after a crash
     * finds what the run left).
     */
    public DiffSummary write(DumpSnapshot snapshot, DumpOptions options, ManifestReader base, OutputStream out,
                             Path scratch, String tag, DumpProgress progress) throws IOException {
        if (!options.tables().isEmpty()) {
            throw new IllegalArgumentException("a differential covers the whole database");
        }
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "patina-diff-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            return write(snapshot, options, base, new DumpStream(out, background), scratch, tag, progress,
                    background);
        } catch (IOException | DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("database " + options.sourceName() + ": " + SqlDumpWriter.describe(e), e);
        } finally {
            background.shutdownNow();
        }
    }

    private DiffSummary write(DumpSnapshot snapshot, DumpOptions options, ManifestReader base, DumpStream out,
                              Path scratch, String tag, DumpProgress progress, ExecutorService background)
            throws Exception {
        String source = options.sourceName();
        DumpPlan plan = DumpPlan.of(snapshot, options);
        String fingerprint = SchemaFingerprint.of(plan.schema());
        ManifestHeader manifest = base.header();
        if (!fingerprint.equals(manifest.schemaFingerprint())) {
            throw new DumpException("database " + source + ": the schema changed since the full "
                    + manifest.baseKey() + ": a differential cannot carry it");
        }
        boolean sqlite = options.dialect() == DumpDialect.SQLITE;
        DiffHeader header = new DiffHeader(DiffHeader.FORMAT, DiffHeader.FORMAT_VERSION, patinaVersion, source,
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(), options.dialect().id(),
                SnapshotCall.run(source, "read the SQLite version", snapshot::sqliteVersion),
                SnapshotCall.run(source, "read user_version", snapshot::userVersion),
                SnapshotCall.run(source, "read application_id", snapshot::applicationId), "UTF-8",
                manifest.baseKey(), manifest.baseDumpSha256(), fingerprint);
        out.line("-- Patina SQL differential, format " + DiffHeader.FORMAT_VERSION + ", dialect "
                + options.dialect().id() + ", source " + source.replaceAll("\\p{Cntrl}", "?"));
        out.line("-- Apply onto the restored full " + manifest.baseKey().replaceAll("\\p{Cntrl}", "?")
                + ": patina restore DATE DB | sqlite3 DB < FULL; sqlite3 DB < FILE");
        out.line(DumpHeader.LINE_PREFIX + header.toJson());
        out.statementLine("PRAGMA foreign_keys=OFF;");
        if (sqlite) {
            out.statementLine("BEGIN TRANSACTION;");
        }
        out.statementLine("PRAGMA defer_foreign_keys=on;");
        if (sqlite) {
            out.statementLine("PRAGMA user_version=" + header.userVersion() + ";");
            out.statementLine("PRAGMA application_id=" + header.applicationId() + ";");
        }
        List<SchemaEntry> triggers = new ArrayList<>();
        for (SchemaEntry e : plan.schema()) {
            if ("trigger".equals(e.type()) && e.sql() != null && !DumpPlan.isInternal(e.name())) {
                triggers.add(e);
                out.statementLine("DROP TRIGGER IF EXISTS " + SqlLiteral.quoteIdentifier(e.name()) + ";");
            }
        }
        Map<String, TableDigest> result = new LinkedHashMap<>();
        Map<String, long[]> changes = new LinkedHashMap<>();
        DiffTableWriter tables = new DiffTableWriter(snapshot, source, out, background, scratch, tag, progress);
        for (SchemaEntry t : plan.ordinary()) {
            TableShape shape = plan.shapes().get(t.name());
            TableKeying keying = section(base, t.name(), TableKeying.of(shape));
            DiffTableWriter.Outcome o = keying == TableKeying.WHOLE ? tables.whole(shape, base, null, false)
                    : tables.keyed(shape, base);
            result.put(t.name(), o.result());
            changes.put(t.name(), o.changes());
        }
        for (SchemaEntry t : plan.virtual()) {
            section(base, t.name(), TableKeying.WHOLE);
            if (plan.contentless().contains(DumpPlan.lower(t.name()))) {
                boolean more = base.nextRow();
                while (more) {
                    more = base.nextRow();
                }
                result.put(t.name(), new TableDigest(0, RowHasher.hex(0, 0)));
                changes.put(t.name(), new long[] {0, 0, 0});
                continue;
            }
            TableShape shape = SnapshotCall.run(source, "describe table " + t.name(),
                    () -> snapshot.describe(t.name()));
            DiffTableWriter.Outcome o = tables.whole(shape, base, t.sql(), DumpPlan.isFts5(t.sql()));
            result.put(t.name(), o.result());
            changes.put(t.name(), o.changes());
        }
        if (base.nextTable()) {
            throw new DumpException("database " + source + ": the full's row manifest holds table " + base.table()
                    + ", which the database no longer has");
        }
        if (plan.hasSequence()) {
            out.statementLine("DELETE FROM sqlite_sequence;");
            new TableDataWriter(snapshot, source, plan, out, progress, background).sequence(plan.tableNames());
        }
        for (SchemaEntry e : triggers) {
            out.schemaStatement(e.sql());
        }
        if (sqlite) {
            out.statementLine("COMMIT;");
        }
        String[] footer = new String[1];
        String sha = out.finish((hash, statements) -> {
            footer[0] = new DiffFooter(hash, statements, result, changes).toJson();
            return footer[0];
        });
        progress.update(null, 0, 0, out.bytes());
        return new DiffSummary(header, DiffFooter.parse(footer[0]), out.bytes(), sha);
    }

    /** Moves {@code base} to the section of {@code table}, which must come next and be kept the same way. */
    private static TableKeying section(ManifestReader base, String table, TableKeying expected) throws IOException {
        if (!base.nextTable() || !base.table().equals(table)) {
            throw new DumpException("the full's row manifest does not match the database: expected table " + table
                    + (base.table() == null ? "" : ", found " + base.table()));
        }
        if (base.keying() != expected) {
            throw new DumpException("the full's row manifest keeps table " + table + " by " + base.keying()
                    + ", the database now by " + expected);
        }
        return expected;
    }
}
