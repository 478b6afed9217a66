package dev.grove.patina.restore;

import dev.grove.patina.app.PatinaRuntime;
import java.nio.file.Path;

/** The restore workflow and its choices over a runtime's parts, wired as the console wires them. */
public final class RestoreWiring {
    private RestoreWiring() {
    }

    /** The workflow over {@code runtime}, fetching into temp folders under {@code tempRoot}. */
    public static RestoreWorkflow workflow(PatinaRuntime runtime, Path tempRoot) {
        return new RestoreWorkflow(runtime.downloads(), runtime.weeklyArchiver(), runtime::d1Importer,
                new ConfiguredTargets(runtime.catalog().file(), runtime.config()), runtime.clock(), tempRoot);
    }

    /** What can be restored from {@code runtime}'s catalog, manifests read under {@code tempRoot}. */
    public static RestoreChoices choices(PatinaRuntime runtime, Path tempRoot) {
        return new RestoreChoices(runtime.catalog(), runtime.weeklyArchiver(), tempRoot);
    }
}
