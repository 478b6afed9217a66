package dev.grove.patina.ui.restore;

/** Where a restore goes. */
public enum TargetMode {
    /** A new SQLite file (it must not exist or be empty). */
    NEW_FILE("Restore into a new SQLite file"),
    /** An existing SQLite file, replaced after an explicit confirmation; the old file is kept as {@code .bak}. */
    OVERWRITE("Replace an existing SQLite file (kept as .bak)"),
    /** No restore: only write the dump as a plain {@code .sql} file. */
    EXPORT_SQL("Only export the SQL file");

    private final String label;

    TargetMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
