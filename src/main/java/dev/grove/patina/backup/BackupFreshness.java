package dev.grove.patina.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * When a good backup is too old: older than {@link #STALE_AFTER}, a nightly was missed. The one rule behind
 * {@code patina status}, {@code GET /health}, {@code GET /status}, the heartbeat and the dashboard's cards.
 */
public final class BackupFreshness {
    /** A day and two hours: one nightly plus slack for a slow or late run. */
    public static final Duration STALE_AFTER = Duration.ofHours(26);

    private BackupFreshness() {
    }

    /** True while a backup stored at {@code storedAt} is at most {@link #STALE_AFTER} old at {@code now}. */
    public static boolean isFresh(Instant storedAt, Instant now) {
        return Duration.between(storedAt, now).compareTo(STALE_AFTER) <= 0;
    }

    /** {@code "26 h"}, for messages. */
    public static String limitText() {
        return STALE_AFTER.toHours() + " h";
    }
}
