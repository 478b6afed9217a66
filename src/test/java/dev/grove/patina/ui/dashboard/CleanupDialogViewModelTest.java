package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clean-up dialog's view model over a real runtime: 10 nights of alpha and beta, gamma only on the first two
 * (so its newest good daily is kept by safety), retention 7 days.
 */
class CleanupDialogViewModelTest {
    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private CleanupDialogViewModel model;
    private final List<String> notified = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-19T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 50), clock);
        for (int night = 0; night < 10; night++) {
            runtime.backups().runNightly(clock.instant(), "schedule", night < 2 ? Set.of() : Set.of("alpha", "beta"),
                    BackupProgress.NONE);
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofHours(-14)); // Saturday 2026-11-28 12:00
        model = new CleanupDialogViewModel(runtime.runs(), () -> runtime.cleanup().plan(
                new dev.grove.patina.backup.retention.RetentionPolicy(runtime.config().retention().dailyDays(),
                        runtime.config().retention().weeklyWeeks()), java.time.LocalDate.ofInstant(
                        runtime.clock().instant(), runtime.config().schedule().timezone())), new SyncUiExecutor(),
                (title, text, failed) -> notified.add(title + ": " + text));
        model.load();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void thePlanShowsEveryObjectWithThePlannersReason() {
        assertEquals(CleanupDialogViewModel.Stage.PLANNED, model.stageProperty().get());
        assertEquals(22, model.rows().size());
        List<CleanupRow> removes = model.rows().stream().filter(CleanupRow::removes).toList();
        assertEquals(7, removes.size(), removes.toString());
        for (CleanupRow r : removes) {
            assertEquals("daily of " + r.date() + ": older than 7 days", r.reason());
        }
        CleanupRow alphaNewest = model.rows().get(0);
        assertEquals("KEEP", alphaNewest.action());
        assertEquals("daily of 2026-11-28: within the 7-day window", alphaNewest.reason());
        List<CleanupRow> safety = model.rows().stream().filter(CleanupRow::safety).toList();
        assertEquals(1, safety.size());
        assertEquals("gamma", safety.get(0).database());
        assertEquals("2026-11-20", safety.get(0).date());
        assertEquals("KEEP", safety.get(0).action());
        assertTrue(safety.get(0).reason().startsWith("kept by safety: newest good daily of gamma"),
                safety.get(0).reason());
        assertTrue(model.summaryProperty().get().contains("Remove 7 of 22 objects"), model.summaryProperty().get());
        assertTrue(model.summaryProperty().get().contains("(1 by safety)"), model.summaryProperty().get());
        assertEquals(List.of(), notified, "planning notifies nothing");
    }

    @Test
    void confirmingRemovesExactlyTheRemoveRows() throws Exception {
        Set<String> removeKeys = keys(model.rows().stream().filter(CleanupRow::removes).toList());
        Set<String> keepKeys = keys(model.rows().stream().filter(r -> !r.removes()).toList());
        int listedBefore = runtime.store().list(runtime.keys().dailyRoot()).size();

        model.confirm();

        assertEquals(CleanupDialogViewModel.Stage.DONE, model.stageProperty().get());
        assertEquals(keepKeys, presentKeys());
        assertEquals(listedBefore - removeKeys.size(), runtime.store().list(runtime.keys().dailyRoot()).size());
        for (String key : removeKeys) {
            assertTrue(runtime.store().list(key).isEmpty(), key + " is gone from the store");
        }
        assertTrue(model.resultProperty().get().startsWith("Removed 7 objects ("), model.resultProperty().get());
        assertTrue(model.resultProperty().get().endsWith("kept 15 (1 by safety)"), model.resultProperty().get());
        assertEquals(1, notified.size(), notified.toString());
        assertTrue(notified.get(0).startsWith("Clean-up finished: Removed 7 objects"), notified.get(0));
        assertEquals("manual", runtime.catalog().recentRuns(1).get(0).trigger());

        model.confirm();
        assertEquals(1, notified.size(), "a second confirm does nothing");
    }

    @Test
    void notConfirmingRemovesNothing() throws Exception {
        Set<String> all = keys(model.rows());
        assertEquals(22, runtime.store().list(runtime.keys().dailyRoot()).size());
        // the dialog is cancelled: confirm() is never called
        assertEquals(all, presentKeys());
        assertEquals(22, runtime.store().list(runtime.keys().dailyRoot()).size());
        assertEquals(List.of(), notified);
    }

    private static Set<String> keys(List<CleanupRow> rows) {
        return new TreeSet<>(rows.stream().map(CleanupRow::key).toList());
    }

    private Set<String> presentKeys() {
        return new TreeSet<>(runtime.catalog().findObjects(ObjectQuery.firstPage(1000)
                .withStatus(ObjectStatus.PRESENT)).items().stream().map(StoredObject::key).toList());
    }
}
