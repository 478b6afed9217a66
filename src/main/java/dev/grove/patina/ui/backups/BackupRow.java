package dev.grove.patina.ui.backups;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.ui.common.Durations;
import java.time.LocalDate;
import java.time.ZoneId;
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
 */
public record BackupRow(LocalDate date, String database, String kind, long size, long rows, String verified,
                        String status, boolean deleted, String key, boolean encrypted) {
    static BackupRow of(StoredObject o, ZoneId zone) {
        long rows = o.rowCounts().isEmpty() ? -1 : o.rowCounts().entrySet().stream()
                .filter(e -> !"sqlite_sequence".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        String status = !o.present() ? "deleted " + o.deletedAt().atZone(zone).toLocalDate()
                : o.damaged() ? "DAMAGED: " + o.damage() : "stored";
        return new BackupRow(o.date(), o.database() == null ? "all databases" : o.database(),
                o.kind() == ObjectKind.DAILY ? "daily" : "weekly", o.size(), rows,
                o.verifiedAt() == null ? "no" : Durations.stamp(o.verifiedAt(), zone), status, !o.present(),
                o.key(), o.encrypted());
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
