package dev.grove.patina.ui.backups;

/** What the operator can do with a selected row of the Backups table, and when it cannot be done. */
public enum RowAction {
    RESTORE("restore"), EXPORT("download or export"), VERIFY("verify");

    private final String verb;

    RowAction(String verb) {
        this.verb = verb;
    }

    /**
     * Why this action cannot be taken on {@code row}, in words for a tooltip; null when it can. Deleted objects are
     * gone from the store; export and verify take one database's daily ({@code VerifyService} restores a dump, and a
     * weekly is a tar archive of every database's dumps, so it is not a dump it could restore).
     */
    public String unavailable(BackupRow row) {
        if (row == null) {
            return "Select a backup first";
        }
        if (row.deleted()) {
            return row.key() + " was " + row.status().replaceFirst("^deleted", "deleted from the store on")
                    + " (retention): nothing left to " + verb;
        }
        if (row.daily()) {
            return null;
        }
        return switch (this) {
            case RESTORE -> null;
            case EXPORT -> "A weekly archive holds every database: export one of its dailies, or Restore… a member "
                    + "of the archive";
            case VERIFY -> "Verify restores one database's daily dump; a weekly archive holds every database's — "
                    + "verify the dailies, or Restore… a member of the archive";
        };
    }
}
