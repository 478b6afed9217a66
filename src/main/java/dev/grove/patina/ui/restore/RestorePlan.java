package dev.grove.patina.ui.restore;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.restore.RestoreChoices;
import dev.grove.patina.util.Bytes;
import dev.grove.patina.util.FileTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The wizard's plan page: what the run will do, and what to be careful about, in words. */
final class RestorePlan {
    /** Above this size the plan warns that the run will take a while. */
    static final long LARGE_BYTES = 256L * 1024 * 1024;

    private RestorePlan() {
    }

    /** What the run will do, in words. */
    static String planText(WizardChoices c) {
        BackupChoice o = c.backup();
        if (o == null || c.mode().toFile() && c.target() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (o.weekly()) {
            sb.append("1. Read ").append(o.key()).append(" (").append(Bytes.formatBytes(o.object().size()))
                    .append("; SHA-256 checked against the catalog) and extract only ").append(o.member().path())
                    .append(" (").append(Bytes.formatBytes(o.size())).append(" of SQL) into a temporary folder, "
                    + "checked against the manifest's SHA-256 (").append(shortSha(o.sha256())).append(").\n");
        } else if (c.base() != null) {
            sb.append("1. Download the full ").append(c.base().key()).append(c.base().full() == null ? ""
                    : " (" + Bytes.formatBytes(c.base().full().size()) + ")").append(" and the differential ")
                    .append(o.key()).append(" (").append(Bytes.formatBytes(o.size()))
                    .append("), verify both SHA-256s, apply the differential onto the full and check every "
                    + "table's rows and content digest against the backup's record (into a SQLite file with every "
                    + "table: in the restore's own load; otherwise into one combined dump), the chain ")
                    .append(chainText(o, c.base())).append(".\n");
        } else {
            sb.append("1. Download ").append(o.key()).append(" (").append(Bytes.formatBytes(o.size()))
                    .append(") and verify its SHA-256 (").append(shortSha(o.sha256())).append(").\n");
        }
        if (c.mode() == TargetMode.D1) {
            sb.append("2. Decompress it and check every statement for D1 (no BEGIN/COMMIT, only foreign-key "
                    + "PRAGMAs, statements under 100,000 bytes, nothing hostile, the dump's SHA-256). If a check "
                    + "fails, nothing is sent.\n");
            sb.append("3. Send it to the D1 database ").append(c.d1Database()).append(" (id ").append(c.d1Id())
                    .append(") with D1's import API (init → upload, checked by MD5 → ingest) and wait until D1 "
                    + "reports it complete.\n");
            return sb.toString();
        }
        if (c.mode().export()) {
            sb.append(o.weekly() ? "2. Save it as "
                    : c.base() != null ? "2. Save the combined dump (plain SQL that loads with sqlite3 alone) as "
                    : c.mode() == TargetMode.EXPORT_SQL ? "2. Decompress it and save it as "
                    : "2. Save it as stored as ")
                    .append(c.target()).append(".\n");
            return sb.toString();
        }
        sb.append("2. Restore ").append(c.tableWords()).append(" in one transaction into a temporary file beside ")
                .append(c.target()).append(".\n");
        sb.append("3. Check integrity, foreign keys, the dump's checksum and row counts; only then rename it to ")
                .append(c.target().getFileName()).append(".\n");
        return sb.toString();
    }

    /** What to be careful about before running. */
    static List<String> warnings(WizardChoices c) {
        List<String> out = new ArrayList<>();
        BackupChoice o = c.backup();
        if (c.mode() == TargetMode.D1) {
            return d1Warnings(c);
        }
        if (o != null && o.size() > LARGE_BYTES) {
            out.add("This backup is " + Bytes.formatBytes(o.size()) + (o.weekly() ? " of SQL" : " compressed")
                    + ": the download and restore take a while and need several times that much free disk space.");
        }
        if (o != null && o.weekly()) {
            out.add("The whole weekly archive (" + Bytes.formatBytes(o.object().size()) + ") is read to reach "
                    + "this member.");
        }
        var t = c.target();
        if (c.mode() == TargetMode.OVERWRITE && t != null && WizardTargetCheck.nonEmpty(t)) {
            out.add(t.getFileName() + " will be REPLACED; the current file is kept as "
                    + WizardTargetCheck.keptName(t, c.mode()) + " (a kept copy is never overwritten). Stop the "
                    + "application using it first.");
        } else if (c.mode() == TargetMode.OVERWRITE && t != null && !FileTargets.sqliteSidecars(t).isEmpty()) {
            String names = WizardTargetCheck.sidecarNames(t);
            out.add("The leftover " + names + " beside " + t.getFileName() + " will be set aside (kept as " + names
                    + ".stray-<time>): SQLite would replay it over the restored database.");
        }
        if (c.mode().export() && t != null && WizardTargetCheck.nonEmpty(t)) {
            out.add(t.getFileName() + " will be replaced by the exported dump; the current file is kept as "
                    + WizardTargetCheck.keptName(t, c.mode()) + ".");
        }
        if (!c.allTables()) {
            out.add("Only the selected tables are restored; the file will not be a full copy of the database.");
        }
        return out;
    }

    /** What D1Importer does, said plainly: blocking, size, adds (never replaces), cancel, Time Travel. */
    private static List<String> d1Warnings(WizardChoices c) {
        List<String> out = new ArrayList<>();
        BackupChoice o = c.backup();
        String name = c.d1Database();
        String size = o == null ? "" : o.weekly() ? Bytes.formatBytes(o.size()) + " of SQL"
                : Bytes.formatBytes(o.size()) + " compressed";
        out.add("While the import runs, D1 blocks the database " + name + ": reads and writes of the applications "
                + "using it wait or fail until it ends. This dump is " + size + " ("
                + String.format(Locale.ROOT, "%,d rows", o == null ? 0 : o.rows()) + "); choose a quiet moment.");
        out.add("The import ADDS to the live database " + name + " (the dump's CREATE and INSERT statements); it "
                + "drops or replaces nothing. D1 runs the file all or nothing: if any of the dump's tables already "
                + "exists in " + name + ", the whole import fails and nothing changes. Import into an empty D1 "
                + "database, or drop those tables first.");
        out.add("Every table of the dump is imported" + (c.tables().contains(WizardChoices.D1_MIGRATIONS) ? ", "
                + WizardChoices.D1_MIGRATIONS + " included" : "") + "; the table choice does not apply to D1.");
        out.add("Until the file is sent, Cancel stops everything. Once it is sent, Cancel only stops Patina "
                + "waiting: D1 finishes the import (all or nothing) and Patina cannot take it back.");
        out.add("The alternative for changes in the last 30 days (7 on the free plan) is D1 Time Travel: it restores "
                + name + " in place to a point in time, no dump needed, and is also the way back from this "
                + "import: wrangler d1 time-travel restore <D1 name> --timestamp <time>.");
        return out;
    }

    /**
     * {@code full 2026-11-30 (shop.sql.zst, 55.7 MiB) + differential 2026-12-03 (shop.diff.sql.zst, 308 KiB)}: what a
     * restore of the differential daily {@code o} applies; empty when {@code base} is null (a full, a weekly member).
     */
    static String chainText(BackupChoice o, RestoreChoices.DifferentialBase base) {
        if (o == null || base == null) {
            return "";
        }
        StoredObject full = base.full();
        String fullWords = full == null ? "full " + base.key() + " (not in the catalog: the restore will fail)"
                : "full " + full.date() + " (" + fileName(full.key()) + ", " + Bytes.formatBytes(full.size()) + ")";
        return fullWords + " + differential " + o.date() + " (" + fileName(o.key()) + ", "
                + Bytes.formatBytes(o.size()) + ")";
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    static String shortSha(String sha) {
        return sha == null ? "(none recorded)" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }
}
