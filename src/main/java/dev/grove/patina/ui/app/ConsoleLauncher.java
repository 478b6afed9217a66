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

    /** Runs the console on the per-user config until it quits; returns the exit status (2 when it cannot start). */
    public static int run(PrintWriter err) {
        return run(err, null, false);
    }

    /**
     * Runs the console until it quits (closing the window keeps it in the tray, see docs); returns the exit
     * status: 0, also when another console was already open and was brought to the front; 2 when it cannot start.
     *
     * @param config the config file, or null for the per-user default
     * @param tray   start in the tray without showing the window (login autostart)
     */
    public static int run(PrintWriter err, java.nio.file.Path config, boolean tray) {

        if (!displayLikely(System.getenv(), System.getProperty("os.name", ""), System.getProperty("glass.platform"))) {
            err.println(NO_DISPLAY);
            err.flush();
            return 2;
        }
        PLATFORM_LOG.setLevel(java.util.logging.Level.SEVERE);
        try {
            java.util.Optional<String> shown = ConsoleStartup.of(config, tray).showRunningConsole();
            if (shown.isPresent()) {
                err.println("patina: " + shown.get());
                err.flush();
                return 0;
            }
        } catch (ConsoleStartException e) {
            err.println("patina: error: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            java.util.List<String> args = new java.util.ArrayList<>();
            if (config != null) {
                args.add("--config=" + config.toAbsolutePath());
            }
            if (tray) {
                args.add("--tray");
            }
            // the runtime (config, catalog, store) opens while the toolkit starts: both are on the first frame's path
            PatinaApp.openAhead(ConsoleStartup.of(config, tray), err);
            Application.launch(PatinaApp.class, args.toArray(String[]::new));
            return 0;
        } catch (Throwable e) {
            PatinaApp.discardAhead();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConsoleStartException start) {
                    err.println("patina: " + (start.alreadyOpen() ? "" : "error: ") + start.getMessage());
                    err.flush();
                    return start.alreadyOpen() ? 0 : 2;
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
