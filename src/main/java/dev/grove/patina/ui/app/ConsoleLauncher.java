package dev.grove.patina.ui.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;

/** Starts the console for {@code patina} run with no arguments; says so in one line when there is no display. */
public final class ConsoleLauncher {
    static final String NO_DISPLAY = "patina: no display for the console; use a command, see patina --help";
    /** Held, so the level sticks: JavaFX warns on every start that it runs from the class path, which is fine. */
    private static final java.util.logging.Logger PLATFORM_LOG =
            java.util.logging.Logger.getLogger("javafx");

    private ConsoleLauncher() {
    }

    /** Runs the console until its window closes; returns the exit status (2 when it cannot start). */
    public static int run(PrintWriter err) {
        if (!displayLikely(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"))) {
            err.println(NO_DISPLAY);
            err.flush();
            return 2;
        }
        PLATFORM_LOG.setLevel(java.util.logging.Level.SEVERE);
        try {
            Application.launch(PatinaApp.class);
            return 0;
        } catch (Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConsoleStartException start) {
                    err.println("patina: error: " + start.getMessage());
                    err.flush();
                    return 2;
                }
            }
            err.println(NO_DISPLAY);
            err.flush();
            return 2;
        }
    }

    /**
     * Whether a display may be there: always on Windows and macOS; on Linux and other Unixes only with
     * {@code DISPLAY} or {@code WAYLAND_DISPLAY} set, or an explicit glass platform (Monocle).
     */
    static boolean displayLikely(Map<String, String> env, String osName, String glassPlatform) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac") || glassPlatform != null) {
            return true;
        }
        return !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }
}
