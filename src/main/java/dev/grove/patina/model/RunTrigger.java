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

    private RunTrigger() {
    }
}
