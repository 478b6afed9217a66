package dev.grove.patina.ui.dashboard;

import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.util.Bytes;

/**
 * One object in the clean-up dialog's plan.
 *
 * @param action {@code KEEP} or {@code REMOVE}
 * @param reason the planner's reason, word for word
 * @param safety true when only the safety rule keeps it (the newest good daily of its database)
 */
public record CleanupRow(String key, String database, String kind, String date, String size, String action,
                         String reason, boolean safety) {
    static CleanupRow of(Decision d) {
        return new CleanupRow(d.key(), d.object().database(),
                d.object().kind().name().toLowerCase(java.util.Locale.ROOT), d.object().date().toString(), Bytes.formatBytes(d.object().size()), d.action().name(), d.reason(),
                d.safety());
    }

    /** Tells whether the plan removes this object. */
    public boolean removes() {
        return "REMOVE".equals(action);
    }
}
