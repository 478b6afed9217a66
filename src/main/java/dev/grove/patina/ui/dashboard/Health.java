package dev.grove.patina.ui.dashboard;

/** How a database's backups stand, as its card's colour shows it. */
public enum Health {
    /** The latest good backup is younger than 26 hours. */
    OK("OK"),
    /** There is a good backup, but it is older than 26 hours. */
    STALE("Stale"),
    /** No good backup at all. */
    NEVER("Never backed up"),
    /** The newest daily is known damaged or missing (verify found it): the last good backup is an older one. */
    DAMAGED("Damaged");

    private final String label;

    Health(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
