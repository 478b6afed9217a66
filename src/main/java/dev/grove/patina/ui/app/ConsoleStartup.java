package dev.grove.patina.ui.app;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.ConfigLocator;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * How the console finds its config and opens its runtime, as the CLI's commands do: the given file, else the
 * per-user default, which the very first start creates as the demo workspace (so a first start never shows an empty
 * window).
 *
 * @param config   the config file, or null for the per-user default
 * @param resident true: the console runs the schedule (scheduler, API, heartbeat) and stays in the tray when its
 *                 window closes; false: a window only (tests of the views)
 * @param hidden   start in the tray without showing the window ({@code patina console --tray}, for login
 *                 autostart); where there is no tray the window starts minimised instead
 */
public record ConsoleStartup(Path config, Services services, boolean resident, boolean hidden) {
    /** The console's services (the one config loader among them) on {@code clock}, over the folders {@code dirs}. */
    public ConsoleStartup(Path config, Clock clock, AppDirs dirs, boolean resident, boolean hidden) {
        this(config, new Services(clock, dirs), resident, hidden);
    }

    /** A window only, over {@code config} (tests of the views). */
    public ConsoleStartup(Path config, Clock clock, AppDirs dirs) {
        this(config, clock, dirs, false, false);
    }

    /** The per-user default config on the system clock: what {@code patina} with no arguments opens. */
    public static ConsoleStartup defaults() {
        return new ConsoleStartup(null, Clock.systemUTC(), AppDirs.current(), true, false);
    }

    /** {@code config} (null: the per-user default) on the system clock, running the schedule. */
    public static ConsoleStartup of(Path config, boolean hidden) {
        return new ConsoleStartup(config, Clock.systemUTC(), AppDirs.current(), true, hidden);
    }

    /**
     * When a console already runs over this config's catalog, asks it to show its window (a second start of
     * Patina from the menu or the command line) and says so; empty when none answers and this start goes on.
     *
     * @throws ConsoleStartException when the config cannot be read
     */
    public java.util.Optional<String> showRunningConsole() {
        if (!resident) {
            return java.util.Optional.empty();
        }
        Path catalog;
        try {
            catalog = new ConfigLocator(services.dirs(), services.configLoader()).locate(config).config().catalog()
                    .path();
        } catch (RuntimeException e) {
            throw new ConsoleStartException(dev.grove.patina.ui.common.Messages.of(e), e);
        }
        Path folder = catalog.toAbsolutePath().getParent();
        return dev.grove.patina.host.InstanceLock.holder(folder)
                .filter(h -> h.role() == dev.grove.patina.host.InstanceLock.Role.CONSOLE)
                .filter(dev.grove.patina.host.InstanceLock::askToShow)
                .map(h -> "Patina is already open (pid " + h.pid() + "): its window was brought to the front");
    }

    /**
     * Loads the config and opens the runtime; notes (the first-start demo, config warnings) go to {@code err}.
     *
     * @throws ConsoleStartException with one readable line when the config or the catalog cannot be opened
     */
    public PatinaRuntime open(PrintWriter err) {
        try {
            ConfigLocator.Located located = new ConfigLocator(services.dirs(), services.configLoader()).locate(config);
            located.note().ifPresent(n -> err.println("patina: " + n));
            for (String w : located.config().warnings()) {
                err.println("patina: warning: " + w);
            }
            err.flush();
            PatinaRuntime rt = PatinaRuntime.open(located.config(), services);
            for (dev.grove.patina.backup.RunRecovery.Recovered r : rt.recovered()) {
                err.println("patina: note: " + r.describe());
            }
            err.flush();
            return rt;
        } catch (RuntimeException e) {
            throw new ConsoleStartException(dev.grove.patina.ui.common.Messages.of(e), e);
        }
    }
}
