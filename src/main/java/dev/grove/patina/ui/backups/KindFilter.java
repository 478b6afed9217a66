package dev.grove.patina.ui.backups;

import dev.grove.patina.model.ObjectKind;

/** The kind filter of the Backups table. */
public enum KindFilter {
    ALL("All kinds", null), DAILY("Daily", ObjectKind.DAILY), WEEKLY("Weekly", ObjectKind.WEEKLY);

    private final String label;
    private final ObjectKind kind;

    KindFilter(String label, ObjectKind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** The kind to query, null for all. */
    ObjectKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return label;
    }
}
