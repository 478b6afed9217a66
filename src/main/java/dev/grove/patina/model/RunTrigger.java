package dev.grove.patina.model;

/**
 * What started a run, as the catalog records it (the {@code trigger} of a run, of an alert and of {@code /status}).
 * The one owner of these names: the scheduler, the console, the CLI and the API use them, never the bare words.
 */
public final class RunTrigger {
    /** Quartz fired the cron of its kind. */
    public static final String SCHEDULE = "schedule";
    /** A scheduled run missed while Patina was down, run at start. */
    public static final String CATCH_UP = "catch-up";
    /** The clean-up that follows a weekly when the schedule says {@code cleanup = "after-weekly"}. */
    public static final String AFTER_WEEKLY = "after-weekly";
    /** Someone asked for it: the console's buttons and the tray. */
    public static final String MANUAL = "manual";
    /** A {@code patina} command. */
    public static final String CLI = "cli";
    /** The local API's {@code /trigger}. */
    public static final String API = "api";
    /** The road of a run ordered from a console into a cluster's queue (ADR 0035). */
    public static final String CONSOLE = "console";

    /**
     * A run handed to a cluster's queue and executed by one of its nodes (ADR 0035): the road ({@link #CONSOLE} or
     * {@link #CLI}) and who ordered it, {@code "console alice@laptop"}.
     */
    public static String queuedFrom(String road, String who) {
        if (!CONSOLE.equals(road) && !CLI.equals(road)) {
            throw new IllegalArgumentException("a queued run comes from the console or the cli, not " + road);
        }
        String w = who == null ? "" : who.strip().replaceAll("\\s+", "_");
        return w.isEmpty() ? road : road + " " + w;
    }

    /** True for a trigger made by {@link #queuedFrom}. */
    public static boolean isQueued(String trigger) {
        return trigger != null && (trigger.equals(CONSOLE) || trigger.startsWith(CONSOLE + " ")
                || trigger.startsWith(CLI + " "));
    }

    private RunTrigger() {
    }
}
