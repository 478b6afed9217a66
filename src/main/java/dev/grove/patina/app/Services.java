package dev.grove.patina.app;

import dev.grove.patina.PatinaVersion;
import dev.grove.patina.backup.ExportService;
import dev.grove.patina.dump.DumpInspector;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import java.time.Clock;

/**
 * The one place where Patina's services are constructed and wired. The CLI, and later the scheduler, the console
 * and the HTTP API, all receive their services from here.
 */
public final class Services {
    private final Clock clock;
    private final String version;
    private final SqlDumpWriter dumpWriter;
    private final ExportService exportService;
    private final Restorer restorer;
    private final DumpInspector inspector;

    public Services(Clock clock) {
        this.clock = clock;
        this.version = PatinaVersion.get();
        this.dumpWriter = new SqlDumpWriter(clock, version);
        this.exportService = new ExportService(dumpWriter);
        this.restorer = new Restorer(clock);
        this.inspector = new DumpInspector();
    }

    /** The same services on another clock (the CLI's {@code --now} replays any date this way). */
    public Services withClock(Clock other) {
        return new Services(other);
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
