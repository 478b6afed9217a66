package dev.grove.patina.backup.weekly;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One daily inside a weekly archive, as its manifest lists it.
 *
 * @param path      {@code YYYY-MM-DD/<db>.sql}, the decompressed dump
 * @param sha256    SHA-256 of the decompressed member
 * @param size      bytes of the decompressed member
 * @param rowCounts rows per table, as the catalog recorded them for the daily
 * @param sourceKey the daily object it was read from
 */
public record ArchivedMember(String path, String database, LocalDate date, String sha256, long size,
                             Map<String, Long> rowCounts, String sourceKey) {
    public ArchivedMember {
        rowCounts = rowCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }
}
