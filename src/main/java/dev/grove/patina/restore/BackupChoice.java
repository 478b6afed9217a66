package dev.grove.patina.restore;

import dev.grove.patina.backup.weekly.ArchivedMember;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.util.Bytes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A backup Patina can restore from (the wizard lists them): a daily object, or one member ({@code YYYY-MM-DD/<db>.sql}) of a weekly
 * archive as its {@code manifest.json} lists it.
 *
 * @param object     the stored object: the daily, or the weekly archive
 * @param member     the archive's member, null for a daily
 * @param verifiedAt when the daily (for a member: the daily it was archived from) was last restored by
 *                   {@code patina verify}; null when never
 */
public record BackupChoice(StoredObject object, ArchivedMember member, Instant verifiedAt) implements RestoreSource {
    public BackupChoice {
        Objects.requireNonNull(object, "object");
        if ((member != null) != (object.kind() == ObjectKind.WEEKLY)) {
            throw new IllegalArgumentException("a member goes with a weekly archive, none with a daily: " + object.key());
        }
    }

    /** A daily backup. */
    public static BackupChoice daily(StoredObject daily) {
        return new BackupChoice(daily, null, daily.verifiedAt());
    }

    /** A member of a weekly archive; {@code verifiedAt} is its source daily's. */
    public static BackupChoice member(StoredObject archive, ArchivedMember member, Instant verifiedAt) {
        return new BackupChoice(archive, Objects.requireNonNull(member, "member"), verifiedAt);
    }

    /** True for a member of a weekly archive. */
    public boolean weekly() {
        return member != null;
    }

    /** The stored object's key: the daily's, or the weekly archive's. */
    public String key() {
        return object.key();
    }

    public String database() {
        return weekly() ? member.database() : object.database();
    }

    /** The day backed up. */
    public LocalDate date() {
        return weekly() ? member.date() : object.date();
    }

    /** The daily's stored size, or the member's (decompressed) size. */
    public long size() {
        return weekly() ? member.size() : object.size();
    }

    /** SHA-256 of the stored daily, or of the member as the manifest records it. */
    public String sha256() {
        return weekly() ? member.sha256() : object.sha256();
    }

    public Map<String, Long> rowCounts() {
        return weekly() ? member.rowCounts() : object.rowCounts();
    }

    /** Rows in every table but {@code sqlite_sequence}. */
    public long rows() {
        return rowCounts().entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** {@code 2026-W47}, for a member. */
    public String week() {
        return weekly() ? IsoWeek.of(object.date()).toString() : "";
    }

    /** Where it comes from, in words: the daily's key, or {@code weekly 2026-W47 · 2026-11-18 member}. */
    public String source() {
        return weekly() ? "weekly " + week() + " · " + member.date() + " member" : "daily " + object.date();
    }

    /** A one-line description for a list. */
    public String label() {
        return database() + " — " + source() + " — " + Bytes.formatBytes(size())
                + (weekly() ? " SQL" : "") + " — " + String.format(Locale.ROOT, "%,d rows", rows())
                + (verifiedAt == null ? " — not verified yet" : " — verified");
    }

    /** The file name of the dump as the wizard fetches it: the daily's, or the member's {@code <db>.sql}. */
    public String fileName() {
        String path = weekly() ? member.path() : object.key();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return label();
    }
}
