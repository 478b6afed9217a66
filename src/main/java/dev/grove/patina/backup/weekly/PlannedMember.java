package dev.grove.patina.backup.weekly;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A daily backup that a weekly archive will hold.
 *
 * @param path         the member's path in the archive, {@code YYYY-MM-DD/<db>.sql}
 * @param sourceKey    the daily object's key in the store
 * @param storedSha256 the SHA-256 of the stored (compressed) bytes it must have
 * @param checkedBy    where {@code storedSha256} comes from: {@code catalog}, or {@code object metadata} for a daily
 *                     the store holds but the catalog does not know
 * @param rowCounts    rows per table, as recorded
 */
public record PlannedMember(String path, String database, LocalDate date, String sourceKey, String storedSha256,
                            String checkedBy, Map<String, Long> rowCounts) {
    public PlannedMember {
        rowCounts = rowCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }

    /** The path of a database's daily of {@code date} inside a weekly archive. */
    public static String pathOf(LocalDate date, String database) {
        return date + "/" + database + ".sql";
    }
}
