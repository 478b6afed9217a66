package dev.grove.patina.backup;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a failure of this machine (disk full, an unwritable or missing work folder, out of memory in SQLite) from a
 * failure of what is being checked. A verify whose restore fails for a local reason proves nothing about the backup,
 * so the backup must not be recorded damaged for it.
 */
final class LocalFault {
    /** SQLite's primary result codes that speak of the machine, not of the SQL: NOMEM, READONLY, IOERR, FULL, CANTOPEN. */
    private static final Set<Integer> SQLITE_LOCAL_CODES = Set.of(7, 8, 10, 13, 14);

    private LocalFault() {
    }

    /** True when {@code failure} or one of its causes is a local I/O or resource failure. */
    static boolean isLocal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException) {
                return true;
            }
            if (t instanceof SQLException sql && SQLITE_LOCAL_CODES.contains(sql.getErrorCode() & 0xff)) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null) {
                String m = t.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("no space left") || m.contains("disk quota") || m.contains("read-only file system")) {
                    return true;
                }
            }
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("SQLITE_FULL") || m.contains("SQLITE_IOERR") || m.contains("SQLITE_CANTOPEN")
                    || m.contains("SQLITE_NOMEM")) {
                return true;
            }
        }
        return false;
    }
}
