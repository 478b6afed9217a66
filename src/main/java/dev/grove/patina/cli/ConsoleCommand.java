package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import dev.grove.patina.ui.app.ConsoleLauncher;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "console", mixinStandardHelpOptions = true, description = {
        "Opens the desktop console (what `patina` with no arguments does). It runs the schedule, and the local "
                + "HTTP API when [api] enabled = true: closing the window keeps Patina in the system tray (where the "
                + "desktop has none, it asks whether to keep running in the background). Quit from the tray menu.",
        "One console or daemon runs the schedule over a catalog: starting the console again brings the open "
                + "window to the front; with `patina daemon` running, the console only shows and triggers.",
        "Example: patina console --tray   (for login autostart: starts in the tray, no window)"})
final class ConsoleCommand extends PatinaCommand {
    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file (default: the per-user patina.toml, created with the demo workspace on "
                    + "first start).")
    Path config;

    @Option(names = "--tray", description = "Start in the system tray without showing the window (the window "
            + "starts minimised where there is no tray).")
    boolean tray;

    ConsoleCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() {
        return ConsoleLauncher.run(err(), config, tray);
    }
}
