package dev.grove.patina.ui.dashboard;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.config.LocalStoreConfig;

/** The dashboard's sources over a runtime, as the console's composition root hands them in. */
public final class DashboardFixtures {
    private DashboardFixtures() {
    }

    public static DashboardSources sources(PatinaRuntime runtime) {
        return new DashboardSources(runtime.runs(), runtime.catalog(), runtime.config().schedule(),
                runtime.backups().databaseNames(), runtime.config().store() instanceof LocalStoreConfig,
                runtime.clock());
    }
}
