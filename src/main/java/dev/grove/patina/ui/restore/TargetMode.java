package dev.grove.patina.ui.restore;

import dev.grove.patina.restore.BackupChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a restore goes. */
public enum TargetMode {
    /** A new SQLite file (it must not exist or be empty). */
    NEW_FILE("Restore into a new SQLite file"),
    /** An existing SQLite file, replaced after an explicit confirmation; the old file is kept as {@code .bak}. */
    OVERWRITE("Replace an existing SQLite file (kept as .bak)"),
    /** No restore: only write the dump as a plain {@code .sql} file. */
    EXPORT_SQL("Only export the SQL file (decompressed)"),
    /** No restore: save the backup exactly as stored (compressed), checksum-verified. */
    EXPORT_STORED("Only download the backup as stored (compressed)"),
    /**
     * Import into a configured Cloudflare D1 database through its import API, after the operator typed the
     * database's name.
     */
    D1("Import into a Cloudflare D1 database");

    private final String label;

    TargetMode(String label) {
        this.label = label;
    }

    /** The modes a backup allows: "as stored" only for a daily (not a weekly member), D1 only when configured. */
    static List<TargetMode> allowed(boolean weeklyMember, boolean d1Configured) {
        List<TargetMode> out = new ArrayList<>();
        for (TargetMode m : values()) {
            if ((m != EXPORT_STORED || !weeklyMember) && (m != D1 || d1Configured)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The file suggested for {@code o} in this mode: {@code ~/<db>-<date>-restored.sqlite}, {@code .sql}, … */
    Path suggestedFile(BackupChoice o) {
        String ext = this == EXPORT_SQL ? ".sql" : this == EXPORT_STORED ? o.key().substring(o.key().indexOf('.'))
                : "-restored.sqlite";
        return Path.of(System.getProperty("user.home")).resolve(o.database() + "-" + o.date() + ext);
    }

    /** True for the modes that only write a file and restore nothing. */
    public boolean export() {
        return this == EXPORT_SQL || this == EXPORT_STORED;
    }

    /** True for the modes that write a local file (chosen with the file chooser). */
    public boolean toFile() {
        return this != D1;
    }

    @Override
    public String toString() {
        return label;
    }
}
