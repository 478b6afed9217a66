package dev.grove.patina.ui.restore;

import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.restore.RestoreOutcome;
import dev.grove.patina.restore.RestoreOutcome.ExportedToFile;
import dev.grove.patina.restore.RestoreOutcome.ImportedToD1;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.util.Bytes;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The wizard's result page: what the run did, and how to do the same from a shell. */
final class RestoreResultText {
    private RestoreResultText() {
    }

    /** What a finished run did, line by line. */
    static String describe(RestoreOutcome result) {
        StringBuilder sb = new StringBuilder();
        if (result instanceof RestoredToFile r) {
            long rows = r.rowCounts().entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            sb.append("Integrity check: ok; foreign-key violations: ").append(r.foreignKeyViolations()).append('\n');
            sb.append("Dump checksum (SHA-256 footer): ").append(r.checksumVerified() ? "verified" : "not verified")
                    .append('\n');
            sb.append("Row counts: ").append(r.countsVerified() ? "match the dump" : "not verified").append(" — ")
                    .append(String.format(Locale.ROOT, "%,d rows in %d tables", rows, r.rowCounts().size()))
                    .append('\n');
            sb.append("Restored file: ").append(r.target()).append('\n');
            if (r.previousFile() != null) {
                sb.append("Previous file kept as: ").append(r.previousFile()).append('\n');
            }
            r.warnings().forEach(w -> sb.append("Warning: ").append(w).append('\n'));
        } else if (result instanceof ExportedToFile e) {
            sb.append(e.fromArchive() ? "Member checksum (SHA-256, manifest): verified "
                    : "Download checksum (SHA-256): verified ").append(RestorePlan.shortSha(e.sha256())).append('\n');
            sb.append("File: ").append(e.file()).append(" (").append(Bytes.formatBytes(e.bytes())).append(")\n");
            if (e.previousFile() != null) {
                sb.append("Previous file kept as: ").append(e.previousFile()).append('\n');
            }
        } else if (result instanceof ImportedToD1 d) {
            sb.append("Imported into the Cloudflare D1 database ").append(d.database()).append(" (database id ")
                    .append(d.databaseId()).append(")\n");
            sb.append("Checked before sending: ").append(String.format(Locale.ROOT, "%,d statements, ",
                    d.checkedStatements())).append(Bytes.formatBytes(d.sqlBytes())).append(" of SQL, tables ")
                    .append(String.join(", ", d.tables())).append('\n');
            sb.append("D1 ran: ").append(String.format(Locale.ROOT, "%,d statements", d.statements())).append('\n');
            sb.append("Sent at: ").append(d.sentAt()).append(" (a Time Travel timestamp from before the import)\n");
            sb.append("Time Travel bookmark after the import: ").append(d.bookmark()).append('\n');
        }
        return sb.toString();
    }

    /**
     * How to do the same from a shell, and how to put the data back into production.
     *
     * @param sourceIsD1 the backup's database is a configured D1 database
     * @param d1Result   the finished import, or null
     */
    static String guide(WizardChoices c, boolean sourceIsD1, ImportedToD1 d1Result) {
        BackupChoice o = c.backup();
        if (o == null) {
            return "";
        }
        String sql = o.database() + "-" + o.date() + ".sql";
        StringBuilder sb = new StringBuilder();
        String fetch;
        if (o.weekly()) {
            fetch = "  patina extract " + o.week() + ' ' + o.database() + ' ' + o.date() + " -o " + sql + " && ";
        } else {
            fetch = "  patina download " + o.date() + ' ' + o.database() + " -o " + sql + " --decompress && ";
        }
        if (c.mode() == TargetMode.D1) {
            String name = c.d1Database();
            sb.append("The same from a shell:\n").append(fetch).append("patina import-d1 ").append(sql)
                    .append(" --db ").append(name).append(" --confirm ").append(name).append('\n');
            sb.append("Or with wrangler:\n  wrangler d1 execute <D1 name> --remote --file ").append(sql).append('\n');
            sb.append("To undo the import with D1 Time Travel (the last 30 days):\n"
                    + "  wrangler d1 time-travel restore <D1 name> --timestamp ")
                    .append(d1Result == null ? "<a time before the import>" : d1Result.sentAt().toString())
                    .append('\n');
            return sb.toString();
        }
        Path out = c.target() == null ? Path.of(o.database() + "-restored.sqlite") : c.target();
        sb.append("The same from a shell:\n").append(fetch).append("patina restore ").append(sql).append(' ')
                .append(out).append(c.mode() == TargetMode.OVERWRITE ? " --force" : "").append('\n');
        if (sourceIsD1) {
            sb.append("Into Cloudflare D1:\n  wrangler d1 execute <d1-name> --remote --file ").append(sql).append('\n');
            sb.append("For a mistake in the last 30 days, D1 Time Travel needs no dump:\n"
                    + "  wrangler d1 time-travel restore <d1-name> --timestamp <time>\n");
        } else {
            sb.append("To put it in production: stop the application, keep a copy of the live file, then move the "
                    + "restored file over it.\n");
            sb.append("For a D1 database: wrangler d1 execute <d1-name> --remote --file ").append(sql)
                    .append(" (or D1 Time Travel for the last 30 days).\n");
        }
        return sb.toString();
    }
}
