package dev.grove.patina.ui.common;

/**
 * Tells the operator that a run started from the console has finished or failed: one call per finished run, on the
 * GUI thread. The console shows a ControlsFX notification ({@link FxNotifier}); tests capture the calls.
 */
public interface UiNotifier {
    /**
     * @param title  a few words ("Backup finished")
     * @param text   the run's one-line summary
     * @param failed true when the run failed or did not run at all
     */
    void notify(String title, String text, boolean failed);

    /** Shows nothing. */
    static UiNotifier none() {
        return (title, text, failed) -> {
        };
    }
}
