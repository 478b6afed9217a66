package dev.grove.patina.ui.backups;

import dev.grove.patina.catalog.ObjectStatus;

/** The status filter of the Backups table. */
public enum StatusFilter {
    PRESENT("All present", ObjectStatus.PRESENT),
    VERIFIED("Verified", ObjectStatus.VERIFIED),
    UNVERIFIED("Not verified", ObjectStatus.UNVERIFIED),
    DELETED("Deleted", ObjectStatus.DELETED);

    private final String label;
    private final ObjectStatus status;

    StatusFilter(String label, ObjectStatus status) {
        this.label = label;
        this.status = status;
    }

    /** The status to query. */
    ObjectStatus status() {
        return status;
    }

    @Override
    public String toString() {
        return label;
    }
}
