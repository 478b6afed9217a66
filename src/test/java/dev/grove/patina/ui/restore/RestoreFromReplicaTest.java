package dev.grove.patina.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.config.ReplicaConfig;
import dev.grove.patina.restore.ConfiguredTargets;
import dev.grove.patina.restore.RestoreWiring;
import dev.grove.patina.restore.RestoreWorkflow;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore wizard when the primary store has lost a backup (issue 14 §2): the run fails, the wizard offers the
 * replica, and reading from it restores a database equal to the source.
 */
class RestoreFromReplicaTest {
    @TempDir
    Path dir;
    private PatinaRuntime runtime;

    @BeforeEach
    void aReplicatedNight() throws Exception {
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        Path config = UiFixtures.workspace(dir, List.of("alpha", "beta"), 2_000);
        Files.writeString(config, "\n[[replicas]]\nname = \"usb\"\ntype = \"local\"\npath = \"" + dir.resolve("usb")
                + "\"\n", StandardOpenOption.APPEND);
        runtime = UiFixtures.open(config, clock);
        runtime.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        assertEquals(0, runtime.replicaSync().sync().get(0).behind());
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aFailedRunFromThePrimaryOffersTheReplicaWhichRestoresTheDatabase() throws Exception {
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Path target = dir.resolve("out").resolve("alpha-restored.sqlite");
        Files.createDirectories(target.getParent());
        RestoreWorkflow primary = RestoreWiring.workflow(runtime, temp);
        Map<String, RestoreWorkflow> byStore = new LinkedHashMap<>();
        byStore.put(ReplicaConfig.PRIMARY, primary);
        byStore.put("usb", new RestoreWorkflow(runtime.downloadsFrom("usb"), runtime.weeklyArchiverFrom("usb"),
                runtime::d1Importer, new ConfiguredTargets(runtime.catalog().file(), runtime.config()),
                runtime.clock(), temp));
        RestoreWizardViewModel model = new RestoreWizardViewModel(new WizardStores(byStore),
                RestoreWiring.choices(runtime, temp), new SyncUiExecutor(), (title, suggested) -> Optional.of(target));
        model.load("alpha", "daily/2026-11-27/alpha.sql.zst");
        model.chooseTarget();
        assertEquals(List.of("primary", "usb"), model.stores().names());
        assertEquals("", model.stores().offerProperty().get());

        Files.delete(dir.resolve("store/daily/2026-11-27/alpha.sql.zst")); // the primary lost it
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.FAILED, model.stateProperty().get());
        String offer = model.stores().offerProperty().get();
        assertTrue(offer.contains("could not be read from the primary store") && offer.contains("choose usb"),
                offer);

        model.stores().fromProperty().set("usb");
        assertEquals("", model.stores().offerProperty().get(), "the offer is taken");
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertTrue(model.reportProperty().get().checksumVerified());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), target);
    }
}
