package dev.grove.patina.ui.backups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.common.UiExecutor;
import java.nio.file.Files;
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
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
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
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
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
        BackupsViewModel model = viewModel(runtime, held);
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
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.search();
        runtime.close();
        model.search();
        assertEquals(0, model.rows().size());
        assertTrue(model.summaryProperty().get().startsWith("Cannot read the catalog: "),
                model.summaryProperty().get());
    }

    @Test
    void theStatusFilterShowsPresentVerifiedUnverifiedOrDeletedObjects() throws Exception {
        String verified = "daily/2026-11-28/alpha.sql.zst";
        String deleted = "daily/2026-11-27/gamma.sql.zst";
        StoredObject toVerify = runtime.catalog().object(verified).orElseThrow();
        assertTrue(runtime.verifier().verify(List.of(toVerify), r -> { }).get(0).ok());
        assertTrue(runtime.catalog().markDeleted(deleted, Instant.parse("2026-11-28T03:00:00Z")));

        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.search();
        assertEquals(StatusFilter.PRESENT, model.statusProperty().get(), "present objects by default");
        assertEquals(5, model.rows().size());
        assertFalse(keys(model).contains(deleted));
        model.statusProperty().set(StatusFilter.VERIFIED);
        assertEquals(List.of(verified), keys(model));
        assertTrue(model.rows().get(0).verified().startsWith("2026-11-28 "), model.rows().get(0).verified());
        model.statusProperty().set(StatusFilter.UNVERIFIED);
        assertEquals(4, model.rows().size());
        assertFalse(keys(model).contains(verified));
        assertFalse(keys(model).contains(deleted));
        model.statusProperty().set(StatusFilter.DELETED);
        assertEquals(List.of(deleted), keys(model));
        assertEquals("1 backup", model.summaryProperty().get());

        BackupRow gone = model.rows().get(0);
        assertTrue(gone.deleted());
        assertEquals("deleted 2026-11-28", gone.status());
        for (RowAction action : RowAction.values()) {
            String why = action.unavailable(gone);
            assertNotNull(why, action + " is not offered for a deleted object");
            assertTrue(why.contains(deleted) && why.contains("2026-11-28"), why);
        }
        model.verify(gone);
        assertTrue(model.verifyFailedProperty().get());
        assertTrue(model.verifyMessageProperty().get().contains(deleted), model.verifyMessageProperty().get());

        model.statusProperty().set(StatusFilter.PRESENT);
        BackupRow present = model.rows().get(0);
        assertEquals("stored", present.status());
        assertFalse(present.deleted());
        for (RowAction action : RowAction.values()) {
            assertNull(action.unavailable(present), action + " is offered for a stored daily");
        }
    }

    @Test
    void theDateRangeFiltersWithEitherEndOpenAndAnInvertedRangeIsExplainedNotQueried() {
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.search();
        model.fromProperty().set(LocalDate.parse("2026-11-28"));
        assertEquals(3, model.rows().size());
        assertTrue(model.rows().stream().allMatch(r -> r.date().equals(LocalDate.parse("2026-11-28"))));
        model.fromProperty().set(null);
        model.toProperty().set(LocalDate.parse("2026-11-27"));
        assertEquals(3, model.rows().size());
        assertTrue(model.rows().stream().allMatch(r -> r.date().equals(LocalDate.parse("2026-11-27"))));
        model.fromProperty().set(LocalDate.parse("2026-11-27"));
        assertEquals(3, model.rows().size(), "one day, both ends inclusive");
        model.toProperty().set(LocalDate.parse("2026-11-28"));
        assertEquals(6, model.rows().size());
        assertEquals("", model.dateMessageProperty().get());

        model.fromProperty().set(LocalDate.parse("2026-11-29"));
        assertEquals(0, model.rows().size());
        String message = model.dateMessageProperty().get();
        assertTrue(message.contains("2026-11-29") && message.contains("2026-11-28"), message);
        assertEquals("", model.summaryProperty().get());
        assertFalse(model.loadingProperty().get());

        model.toProperty().set(null);
        assertEquals("", model.dateMessageProperty().get(), "an open end is never inverted");
        assertEquals("0 backups", model.summaryProperty().get());
        model.fromProperty().set(null);
        assertEquals(6, model.rows().size());
    }

    @Test
    void anInvertedRangeSendsNoQueryAndMakesAnEarlierAnswerStale() {
        HeldUiExecutor held = new HeldUiExecutor();
        BackupsViewModel model = viewModel(runtime, held);
        model.toProperty().set(LocalDate.parse("2026-11-27"));
        assertEquals(1, held.pending.size());
        model.fromProperty().set(LocalDate.parse("2026-11-28"));
        assertEquals(1, held.pending.size(), "the inverted range is not sent to the catalog");
        held.finish(0);
        assertEquals(0, model.rows().size(), "the answer to the range before it was inverted is stale");
        assertFalse(model.dateMessageProperty().get().isEmpty());
    }

    @Test
    void verifyProvesADailyRestoresAndShowsItsRowVerified() throws Exception {
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.search();
        BackupRow row = model.rows().get(0);
        assertEquals("daily/2026-11-28/alpha.sql.zst", row.key());
        assertEquals("no", row.verified());
        List<String> said = new ArrayList<>();
        model.verifyMessageProperty().addListener((o, was, is) -> said.add(is));

        model.verify(row);
        assertTrue(said.contains("Verifying daily/2026-11-28/alpha.sql.zst: downloading and checking the checksum…"),
                "the run's progress is shown while it runs: " + said);
        var run = runtime.catalog().lastRun(dev.grove.patina.model.RunKind.VERIFY).orElseThrow();
        assertEquals("manual", run.trigger(), "ordered from the run queue, recorded as the console's run");
        assertEquals(dev.grove.patina.model.RunStatus.OK, run.status());
        assertFalse(model.verifyingProperty().get());
        assertFalse(model.verifyFailedProperty().get());
        assertEquals("Verified daily/2026-11-28/alpha.sql.zst: checksum ok, 120 rows restored, integrity ok",
                model.verifyMessageProperty().get());
        assertEquals("2026-11-28 02:00 UTC", model.rows().get(0).verified(), "the row shows the catalog's time");
        assertEquals(row.key(), model.rows().get(0).key());
        assertNotNull(runtime.catalog().object(row.key()).orElseThrow().verifiedAt());
        model.statusProperty().set(StatusFilter.VERIFIED);
        assertEquals(List.of(row.key()), keys(model));
    }

    @Test
    void verifyOfCorruptedStoredBytesFailsNamingTheKeyAndLeavesItUnverified() throws Exception {
        String key = "daily/2026-11-28/beta.sql.zst";
        Path stored = dir.resolve("store").resolve(key);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(stored, bytes);

        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.textProperty().set("beta");
        model.fromProperty().set(LocalDate.parse("2026-11-28"));
        BackupRow row = model.rows().get(0);
        assertEquals(key, row.key());
        model.verify(row);

        assertTrue(model.verifyFailedProperty().get());
        String message = model.verifyMessageProperty().get();
        assertTrue(message.startsWith("Not verified: " + key + " — the stored bytes do not match their checksum"),
                message);
        assertEquals("no", model.rows().get(0).verified());
        assertNull(runtime.catalog().object(key).orElseThrow().verifiedAt());
        // and the row says so from now on (issue 12: a damaged object is reported loudly)
        assertTrue(model.rows().get(0).status().startsWith("DAMAGED: checksum mismatch"),
                model.rows().get(0).status());
    }

    @Test
    void aWeeklyArchiveIsNotVerifiedBecauseVerifyRestoresADumpAndAWeeklyIsNotOne() throws Exception {
        var week = runtime.weeklyArchiver().apply(runtime.weeklyArchiver().plan(LocalDate.parse("2026-11-27")));
        BackupsViewModel model = viewModel(runtime, new SyncUiExecutor());
        model.kindProperty().set(KindFilter.WEEKLY);
        assertEquals(1, model.rows().size(), String.valueOf(week));
        BackupRow weekly = model.rows().get(0);
        assertNull(RowAction.RESTORE.unavailable(weekly), "a weekly's member is restored through the wizard");
        assertNotNull(RowAction.EXPORT.unavailable(weekly));
        String why = RowAction.VERIFY.unavailable(weekly);
        assertTrue(why != null && why.contains("weekly"), why);

        model.verify(weekly);
        assertTrue(model.verifyFailedProperty().get());
        assertEquals(why, model.verifyMessageProperty().get());
        assertNull(runtime.catalog().object(weekly.key()).orElseThrow().verifiedAt());

        // The reason holds: the service itself cannot verify a weekly (it restores the tar archive as a dump).
        StoredObject archive = runtime.catalog().object(weekly.key()).orElseThrow();
        VerifyService.Verdict result = runtime.verifier().verify(List.of(archive), r -> { }).get(0);
        assertFalse(result.ok(), result.toString());
    }

    private static List<String> keys(BackupsViewModel model) {
        return model.rows().stream().map(BackupRow::key).toList();
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

    /** The view model as the console wires it, over the runtime's catalog and run queue. */
    static BackupsViewModel viewModel(dev.grove.patina.app.PatinaRuntime runtime,
                                      dev.grove.patina.ui.common.UiExecutor executor) {
        return new BackupsViewModel(runtime.catalog(), runtime.runs(), runtime.backups().databaseNames(),
                runtime.config().schedule().timezone(), executor, List.of());
    }
}
