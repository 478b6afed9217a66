package dev.grove.patina.cli;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.ConfigLocator;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The options every command that works on a configured Patina takes: {@code --config} and {@code --now}. */
final class RuntimeOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "The patina.toml to use (default: the per-user config; created with the demo workspace "
                    + "on first start).")
    Path config;

    @Option(names = "--now", paramLabel = "ISO-INSTANT",
            description = "Pretend it is this moment (e.g. 2026-11-28T02:00:00Z, or a date): replays any day.")
    String now;

    /** True when {@code --now} replays another moment: such a run is this process's own, never handed over. */
    boolean replays() {
        return now != null;
    }

    /** The clock to run on: the system clock, or one that starts at {@code --now} and keeps ticking. */
    Clock clock() {
        Clock system = Clock.systemUTC();
        if (now == null) {
            return system;
        }
        Instant at;
        try {
            at = Instant.parse(now);
        } catch (DateTimeParseException e) {
            try {
                at = LocalDate.parse(now).atTime(12, 0).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--now '" + now + "' is neither an ISO instant "
                        + "(2026-11-28T02:00:00Z) nor a date (2026-11-28)");
            }
        }
        return Clock.offset(system, Duration.between(system.instant(), at));
    }

    /** Loads the config and builds the runtime; notes (first-start demo, config warnings) go to {@code err}. */
    PatinaRuntime open(Services services, PrintWriter err) {
        return open(services, err, true);
    }

    /**
     * Like {@link #open}, but never creates the demo workspace: for long-running services, where a forgotten
     * {@code --config} must fail instead of quietly backing up sample databases.
     */
    PatinaRuntime openExisting(Services services, PrintWriter err) {
        return open(services, err, false);
    }

    private PatinaRuntime open(Services services, PrintWriter err, boolean demoOnFirstStart) {
        AppDirs dirs = services.dirs();
        if (config == null && !demoOnFirstStart && !java.nio.file.Files.exists(dirs.configFile())) {
            throw new dev.grove.patina.config.ConfigException(dirs.configFile(), 0, null,
                    "no config file; pass --config FILE (see docs/deployment.md) or create one with `patina demo`");
        }
        ConfigLocator.Located located = new ConfigLocator(dirs, services.configLoader()).locate(config);
        located.note().ifPresent(n -> err.println("patina: " + n));
        for (String w : located.config().warnings()) {
            err.println("patina: warning: " + w);
        }
        err.flush();
        PatinaRuntime rt = PatinaRuntime.open(located.config(), services.withClock(clock()));
        for (dev.grove.patina.backup.RunRecovery.Recovered r : rt.recovered()) {
            err.println("patina: note: " + r.describe());
        }
        err.flush();
        return rt;
    }
}
