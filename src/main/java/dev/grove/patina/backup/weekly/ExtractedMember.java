package dev.grove.patina.backup.weekly;

import java.nio.file.Path;

/**
 * One database's dump of one day, taken out of a weekly archive into a file of the operator's choosing.
 *
 * @param archive      the archive: its key in the store, or the local file
 * @param memberPath   the member's path in the archive, {@code YYYY-MM-DD/<db>.sql} (or {@code .diff.sql})
 * @param file         where it was written
 * @param size         its bytes (plain SQL)
 * @param sha256       its SHA-256, as the archive's manifest records it (a differential day's: the combined dump's)
 * @param previousFile where the file that was at {@code file} is kept ({@code .bak}, {@code .bak.1}, …), or null
 */
public record ExtractedMember(String archive, String memberPath, Path file, long size, String sha256,
                              Path previousFile) {
}
