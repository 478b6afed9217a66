package dev.grove.patina.ui.backups;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.ui.common.Durations;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One row of the Backups table: a stored object as the operator reads it. Sizes and row counts stay numbers, so
 * the table sorts them as numbers; the view formats them.
 *
 * @param database the database of a daily; "all databases" for a weekly archive
 * @param rows     rows in the dump ({@code sqlite_sequence} not counted); -1 when unknown (weeklies)
 * @param verified when it was last verified, or "no"
 * @param status   "stored", "DAMAGED: checksum mismatch, …" once a check found it damaged or missing, or
 *                 "deleted 2026-11-20" once retention removed it from the store (the catalog keeps
 *                 the row as history)
 * @param deleted  whether the object is gone from the store (nothing to restore, export or verify)
 * @param encrypted whether the object was encrypted before upload (age): the table shows a lock
 * @param replicas the object's copy on each replica ({@code offsite ok, usb pending (2 tries)}); empty without
 *                 replicas
 * @param proof    the badge of its newest test restore: "✔ proven 2026-12-05 04:00 UTC, 6 checks", "✘ checks failed:
 *                 check 0: …", or "" when it was never test-restored ({@link #proofOf})
 */
public record BackupRow(LocalDate date, String database, String kind, long size, long rows, String verified,
                        String status, boolean deleted, String key, String replicas,
                        boolean encrypted, String proof) {
    public BackupRow {
        proof = proof == null ? "" : proof;
    }

    /** A row without a test-restore badge. */
    public BackupRow(LocalDate date, String database, String kind, long size, long rows, String verified,
                     String status, boolean deleted, String key, String replicas, boolean encrypted) {
        this(date, database, kind, size, rows, verified, status, deleted, key, replicas, encrypted, "");
    }

    /** A row of a Patina without replicas. */
    public BackupRow(LocalDate date, String database, String kind, long size, long rows, String verified,
                     String status, boolean deleted, String key) {
        this(date, database, kind, size, rows, verified, status, deleted, key, "", false);
    }

    /** A row of a Patina without replicas, {@code encrypted} or not. */
    public BackupRow(LocalDate date, String database, String kind, long size, long rows, String verified,
                     String status, boolean deleted, String key, boolean encrypted) {
        this(date, database, kind, size, rows, verified, status, deleted, key, "", encrypted);
    }

    /** The row of {@code o} with the state of its copy on each of {@code replicas} (names, config order). */
    static BackupRow of(StoredObject o, ZoneId zone, List<String> replicas,
                        List<dev.grove.patina.catalog.ObjectCopy> copies) {
        BackupRow row = of(o, zone);
        List<String> states = new java.util.ArrayList<>();
        for (String name : replicas) {
            dev.grove.patina.catalog.ObjectCopy c = copies.stream().filter(x -> x.store().equals(name)).findFirst()
                    .orElse(null);
            states.add(name + " " + copyState(o, c));
        }
        return new BackupRow(row.date(), row.database(), row.kind(), row.size(), row.rows(), row.verified(),
                row.status(), row.deleted(), row.key(), String.join(", ", states), row.encrypted());
    }

    private static String copyState(StoredObject o, dev.grove.patina.catalog.ObjectCopy c) {
        if (c == null) {
            return o.present() ? "not copied yet" : "none";
        }
        return switch (c.state()) {
            case PRESENT -> !o.present() && o.damaged() ? "ok (kept: the primary lost it)" : "ok";
            case PENDING -> "pending (" + c.attempts() + (c.attempts() == 1 ? " try" : " tries") + ")";
            case DELETED -> "deleted";
        };
    }

    static BackupRow of(StoredObject o, ZoneId zone) {
        long rows = o.rowCounts().isEmpty() ? -1 : o.rowCounts().entrySet().stream()
                .filter(e -> !"sqlite_sequence".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        String status = !o.present() ? "deleted " + o.deletedAt().atZone(zone).toLocalDate()
                : o.damaged() ? "DAMAGED: " + o.damage() : "stored";
        return new BackupRow(o.date(), o.database() == null ? "all databases" : o.database(),
                o.kind() == ObjectKind.DAILY ? "daily" : "weekly", o.size(), rows,
                o.verifiedAt() == null ? "no" : Durations.stamp(o.verifiedAt(), zone), status, !o.present(),
                o.key(), "", o.encrypted());
    }

    /** This row with the badge of {@code proof}, its object's newest test restore (null: never test-restored). */
    BackupRow withProof(dev.grove.patina.catalog.RestoreProofs.Proof proof, ZoneId zone) {
        return new BackupRow(date, database, kind, size, rows, verified, status, deleted, key, replicas, encrypted,
                proofOf(proof, zone));
    }

    /**
     * The badge of a test restore, in words (not colour alone): "✔ proven 2026-12-05 04:00 UTC, 6 checks" when every
     * check passed, "✘ checks failed: integrity_check, check 0: SELECT …" naming the failed ones, "" for none.
     */
    static String proofOf(dev.grove.patina.catalog.RestoreProofs.Proof proof, ZoneId zone) {
        if (proof == null) {
            return "";
        }
        if (proof.proven()) {
            return "\u2714 proven " + Durations.stamp(proof.verifiedAt(), zone) + ", " + proof.passed() + " checks";
        }
        return "\u2718 checks failed: " + String.join(", ", proof.checks().stream().filter(c -> !c.passed())
                .map(dev.grove.patina.catalog.RestoreProofs.CheckRun::check).toList());
    }

    /** True when the badge says a check failed (the table's cell then also takes the danger style). */
    public boolean proofFailed() {
        return proof.startsWith("\u2718");
    }

    /** The lock shown for an object encrypted before upload (age), else nothing. */
    public String lock() {
        return encrypted ? "\uD83D\uDD12" : "";
    }

    /** Tells whether this is one database's daily dump (not a weekly archive). */
    public boolean daily() {
        return "daily".equals(kind);
    }
}
