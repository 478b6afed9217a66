package dev.grove.patina.app;

import dev.grove.patina.PatinaVersion;
import dev.grove.patina.backup.ExportService;
import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.dump.DumpInspector;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import java.time.Clock;

/**
 * The config-free half of the composition root: the engines every process needs before (or without) a config —
 * the dump writer, the restorer, the inspector, and the one {@link ConfigLoader} of this machine (its environment,
 * data folder and keyring). {@link PatinaRuntime} builds the rest from a config. The CLI, the console and the
 * daemon each build one of these at start and hand it on.
 */
public final class Services {
    private final Clock clock;
    private final String version;
    private final SqlDumpWriter dumpWriter;
    private final ExportService exportService;
    private final Restorer restorer;
    private final DumpInspector inspector;
    private final AppDirs dirs;
    private final ConfigLoader configLoader;

    /** The services of this machine: its data folders, environment and keyring. */
    public Services(Clock clock) {
        this(clock, AppDirs.current());
    }

    /** The services of this machine with its data folders at {@code dirs}. */
    public Services(Clock clock, AppDirs dirs) {
        this(clock, dirs, new ConfigLoader(System::getenv, dirs.dataDir(), CommandKeyring.forThisSystem()));
    }

    private Services(Clock clock, AppDirs dirs, ConfigLoader configLoader) {
        this.clock = clock;
        this.dirs = dirs;
        this.configLoader = configLoader;
        this.version = PatinaVersion.get();
        this.dumpWriter = new SqlDumpWriter(clock, version);
        this.exportService = new ExportService(dumpWriter);
        this.restorer = new Restorer(clock);
        this.inspector = new DumpInspector();
    }

    /** The same services on another clock (the CLI's {@code --now} replays any date this way). */
    public Services withClock(Clock other) {
        return new Services(other, dirs, configLoader);
    }

    /** Where this machine keeps Patina's config and data. */
    public AppDirs dirs() {
        return dirs;
    }

    /** The one loader of {@code patina.toml} on this machine. */
    public ConfigLoader configLoader() {
        return configLoader;
    }

    public Clock clock() {
        return clock;
    }

    public String version() {
        return version;
    }

    public SqlDumpWriter dumpWriter() {
        return dumpWriter;
    }

    public ExportService exportService() {
        return exportService;
    }

    public Restorer restorer() {
        return restorer;
    }

    public DumpInspector inspector() {
        return inspector;
    }
}
