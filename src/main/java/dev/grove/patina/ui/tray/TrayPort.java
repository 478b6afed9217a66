package dev.grove.patina.ui.tray;

/**
 * The system tray icon, seen from the console. The AWT adapter ({@code ui.tray.AwtTray}) is the only
 * implementation; where the platform has no tray there is none, and closing the window asks instead.
 */
public interface TrayPort {
    /** What the tray menu does; called on the FX thread. */
    interface Actions {
        void open();

        void backUpAllNow();

        /** Pauses the schedules when running, resumes them when paused. */
        void togglePause();

        void quit();
    }

    /** Shows a balloon/notification from the tray icon. */
    void showMessage(String title, String text, boolean error);

    /** Relabels the menu's Pause/Resume item. */
    void setPaused(boolean paused);

    /** Removes the icon (the app is quitting). */
    void remove();
}
