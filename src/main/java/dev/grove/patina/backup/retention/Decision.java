package dev.grove.patina.backup.retention;

import dev.grove.patina.catalog.StoredObject;
import java.util.Objects;

/**
 * What the cleanup does with one stored object, and why, in words an operator reads.
 *
 * @param object the object as the catalog knew it when the plan was made
 * @param action keep it or remove it
 * @param reason why, e.g. {@code daily of 2026-11-20: within the 7-day window}
 * @param safety true when the object is kept only by the safety rule (it is the newest good daily of its
 *               database, older than the window)
 */
public record Decision(StoredObject object, Action action, String reason, boolean safety) {
    /** Keep or remove. */
    public enum Action {
        KEEP, REMOVE
    }

    public Decision {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (safety && action != Action.KEEP) {
            throw new IllegalArgumentException("the safety rule only keeps: " + object.key());
        }
    }

    static Decision keep(StoredObject object, String reason) {
        return new Decision(object, Action.KEEP, reason, false);
    }

    static Decision remove(StoredObject object, String reason) {
        return new Decision(object, Action.REMOVE, reason, false);
    }

    static Decision keptBySafety(StoredObject object, String reason) {
        return new Decision(object, Action.KEEP, reason, true);
    }

    /** The object's key. */
    public String key() {
        return object.key();
    }
}
