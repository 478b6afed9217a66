package dev.grove.patina.ui.backups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Backups tab's view model over a real catalog filled by real nightly runs, no toolkit. */
class BackupsViewModelTest {
    @TempDir
    Path dir;
    private UiFixtures.MovableClock clock;
    private PatinaRuntime runtime;

    @BeforeEach
    void twoNightsOfBackups() throws Exception {
        clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 120), clock);
        runtime.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        clock.advance(Duration.ofDays(1));
        runtime.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void listsEveryStoredObjectNewestFirstWithReadableColumns() {
        BackupsViewModel model = new BackupsViewModel(runtime, new SyncUiExecutor());
        assertEquals(List.of(BackupsViewModel.ALL_DATABASES, "alpha", "beta", "gamma"), model.databaseChoices());
        model.search();
        assertEquals(6, model.rows().size());
        assertEquals("6 backups", model.summaryProperty().get());
        BackupRow first = model.rows().get(0);
        assertEquals(LocalDate.parse("2026-11-28"), first.date());
        assertEquals("alpha", first.database());
        assertEquals("daily", first.kind());
        assertEquals(120, first.rows());
        assertEquals("no", first.verified());
        assertTrue(first.size() > 0);
        assertEquals("daily/2026-11-28/alpha.sql.zst", first.key());
        assertEquals(LocalDate.parse("2026-11-27"), model.rows().get(5).date());
    }

    @Test
    void eachFilterQueriesTheCatalogAgain() {
        BackupsViewModel model = new BackupsViewModel(runtime, new SyncUiExecutor());
        model.search();
        model.databaseProperty().set("beta");
        assertEquals(List.of("beta", "beta"), model.rows().stream().map(BackupRow::database).toList());
        model.textProperty().set("2026-11-27");
        assertEquals(List.of("daily/2026-11-27/beta.sql.zst"), model.rows().stream().map(BackupRow::key).toList());
        assertEquals("1 backup", model.summaryProperty().get());
        model.kindProperty().set(KindFilter.WEEKLY);
        assertEquals(0, model.rows().size());
        model.kindProperty().set(KindFilter.DAILY);
        model.databaseProperty().set(BackupsViewModel.ALL_DATABASES);
        assertEquals(3, model.rows().size(), "every database's daily of the 27th");
        model.textProperty().set("   ");
        assertEquals(6, model.rows().size(), "blank text filters nothing");
    }

    @Test
    void onlyTheAnswerToTheLatestQueryIsShown() {
        HeldUiExecutor held = new HeldUiExecutor();
        BackupsViewModel model = new BackupsViewModel(runtime, held);
        model.databaseProperty().set("alpha");
        model.databaseProperty().set("gamma");
        assertTrue(model.loadingProperty().get());
        held.finish(1);
        held.finish(0);
        assertEquals(List.of("gamma", "gamma"), model.rows().stream().map(BackupRow::database).toList(),
                "the slow answer for alpha arrived last but is stale");
        assertTrue(!model.loadingProperty().get());
    }

    @Test
    void aCatalogThatCannotBeReadEmptiesTheTableAndSaysWhy() {
        BackupsViewModel model = new BackupsViewModel(runtime, new SyncUiExecutor());
        model.search();
        runtime.close();
        model.search();
        assertEquals(0, model.rows().size());
        assertTrue(model.summaryProperty().get().startsWith("Cannot read the catalog: "),
                model.summaryProperty().get());
    }

    /** Holds background tasks until the test finishes them, in any order. */
    private static final class HeldUiExecutor implements UiExecutor {
        private final List<Runnable> pending = new ArrayList<>();

        @Override
        public <T> void executeInBackground(Callable<T> task, Consumer<? super T> onSuccess,
                                            Consumer<Throwable> onFailure) {
            pending.add(() -> {
                try {
                    onSuccess.accept(task.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        @Override
        public void executeOnGuiThread(Runnable action) {
            action.run();
        }

        void finish(int index) {
            pending.get(index).run();
        }
    }
}
