package dev.grove.patina.ui.dashboard;

/**
 * One database's line under the progress bar while a run goes on, in words for the screen. Made from a run's
 * {@link dev.grove.patina.run.DatabaseProgress} (rows, bytes, status) or from its outcome.
 *
 * @param detail what is happening or how it ended ("12,345 rows, 1.2 MiB", "ok — 1.2 MiB in 0.4 s")
 */
public record DatabaseProgressLine(String database, Phase phase, String detail) {
    /** Where a database is within the run. */
    public enum Phase {
        WAITING, RUNNING, OK, FAILED
    }

    /** {@code "shop: ok — 1.2 MiB, 3,503 rows in 0.4 s"}. */
    public String line() {
        return database + ": " + detail;
    }
}
