package dev.grove.patina.ui.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Runs tab's view model over a real catalog filled by real nightly runs, no toolkit. */
class RunsViewModelTest {
    @TempDir
    Path dir;
    private UiFixtures.MovableClock clock;
    private PatinaRuntime runtime;

    @BeforeEach
    void threeNightsOneOfThemACatchUpWithAFailure() throws Exception {
        clock = new UiFixtures.MovableClock(Instant.parse("2026-11-26T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta", "gamma"), 120), clock);
        runtime.backups().runNightly(clock.instant(), "schedule", Set.of(), BackupProgress.NONE);
        clock.advance(Duration.ofDays(1));
        runtime.backups().runNightly(clock.instant(), "schedule", Set.of(), BackupProgress.NONE);
        clock.advance(Duration.ofDays(1).plusHours(5));
        Files.delete(dir.resolve("beta.sqlite"));
        runtime.backups().runNightly(clock.instant(), "catch-up", Set.of(), BackupProgress.NONE,
                "2026-11-28T02:00:00Z");
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void listsRunsNewestFirstWithReadableColumns() {
        RunsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        assertEquals(3, model.runs().size());
        assertEquals("3 runs", model.summaryProperty().get());
        RunHistoryRow latest = model.runs().get(0);
        assertEquals("nightly", latest.kind());
        assertEquals("catch-up", latest.trigger());
        assertEquals(LocalDate.parse("2026-11-28"), latest.date());
        assertEquals("2026-11-28 07:00 UTC", latest.started());
        assertEquals("0.0 s", latest.duration(), "the test clock stands still during a run");
        assertEquals("partial", latest.status());
        assertEquals("catch-up of 2026-11-28 02:00 UTC", latest.catchUp());
        RunHistoryRow oldest = model.runs().get(2);
        assertEquals(LocalDate.parse("2026-11-26"), oldest.date());
        assertEquals("ok", oldest.status());
        assertEquals("", oldest.catchUp(), "only catch-up runs carry the marker");
        assertNull(model.selectedProperty().get(), "nothing selected until the operator picks a run");
        assertTrue(model.outcomes().isEmpty());
    }

    @Test
    void selectingARunShowsItsDatabasesAndItsLog() {
        RunsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        model.selectedProperty().set(model.runs().get(0));
        assertEquals(List.of("alpha", "beta", "gamma"), model.outcomes().stream().map(OutcomeRow::database).toList());
        OutcomeRow alpha = model.outcomes().get(0);
        assertEquals("ok", alpha.status());
        assertEquals(120, alpha.rows());
        assertTrue(alpha.size() > 0);
        assertEquals("0.0 s", alpha.duration());
        assertEquals("", alpha.error());
        OutcomeRow beta = model.outcomes().get(1);
        assertEquals("failed", beta.status());
        assertEquals(0, beta.rows());
        assertFalse(beta.error().isBlank(), "a failure says why");
        assertEquals("nightly run of 2026-11-28 (catch-up): 2 of 3 databases ok", model.detailProperty().get());
        assertFalse(model.log().isEmpty());
        assertTrue(model.log().stream().anyMatch(l -> l.matches("07:00:00  ERROR  beta: .*")), model.log().toString());
        assertTrue(model.log().stream().anyMatch(l -> l.matches("07:00:00  INFO   alpha: .*")), model.log().toString());

        model.selectedProperty().set(model.runs().get(2));
        assertTrue(model.outcomes().stream().allMatch(o -> o.status().equals("ok")));
        assertTrue(model.log().stream().allMatch(l -> l.startsWith("02:00:00")), model.log().toString());
        model.selectedProperty().set(null);
        assertTrue(model.outcomes().isEmpty());
        assertTrue(model.log().isEmpty());
    }

    @Test
    void aRefreshKeepsTheSelectedRunAndShowsNewRuns() {
        RunsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        RunHistoryRow picked = model.runs().get(1);
        model.selectedProperty().set(picked);
        clock.advance(Duration.ofDays(1));
        runtime.backups().runNightly(clock.instant(), "manual", Set.of("alpha"), BackupProgress.NONE);
        model.refresh();
        assertEquals(4, model.runs().size());
        assertEquals("manual", model.runs().get(0).trigger());
        assertEquals(picked.id(), model.selectedProperty().get().id());
        assertEquals(3, model.outcomes().size());
    }

    @Test
    void theNodeColumnsShowOnlyOnceARunNamesANode() {
        RunsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        assertFalse(model.nodesProperty().get(), "a desktop's runs name no node: no Node column");
        assertTrue(model.runs().stream().allMatch(r -> r.node().isEmpty()));

        // a cluster nightly's part, recorded by the part's own road (BackupService.runPart) on node-b, recovered
        clock.advance(Duration.ofDays(1));
        String run = runtime.catalog().startRun(dev.grove.patina.model.RunKind.NIGHTLY, "schedule",
                LocalDate.parse("2026-11-29"));
        runtime.backups().runPart(run, LocalDate.parse("2026-11-29"), clock.instant(), "alpha", "node-b", true);
        runtime.backups().runPart(run, LocalDate.parse("2026-11-29"), clock.instant(), "gamma", "node-c", false);
        runtime.catalog().finishRun(run, dev.grove.patina.model.RunStatus.OK);
        runtime.catalog().markRecovered(run);
        model.refresh();
        assertTrue(model.nodesProperty().get(), "a run names its parts' nodes: the Node columns show");
        RunHistoryRow latest = model.runs().get(0);
        assertEquals(run, latest.id());
        assertEquals("(recovered)", latest.node(), "a stand-alone catalog records no run node, but the recovery");
        model.selectedProperty().set(latest);
        assertEquals(List.of("alpha", "gamma"), model.outcomes().stream().map(OutcomeRow::database).toList());
        assertEquals("node-b (recovered)", model.outcomes().get(0).node());
        assertEquals("node-c", model.outcomes().get(1).node());
        model.selectedProperty().set(model.runs().get(1));
        assertTrue(model.outcomes().stream().allMatch(o -> o.node().isEmpty()), "older runs name none");
    }

    @Test
    void aCatalogThatCannotBeReadEmptiesTheHistoryAndSaysWhy() {
        RunsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        runtime.close();
        model.refresh();
        assertTrue(model.runs().isEmpty());
        assertTrue(model.summaryProperty().get().startsWith("Cannot read the catalog: "),
                model.summaryProperty().get());
    }

    @Test
    void durationsReadInSecondsThenMinutes() {
        assertEquals("0.4 s", RunHistoryRow.seconds(Duration.ofMillis(400)));
        assertEquals("9.9 s", RunHistoryRow.seconds(Duration.ofMillis(9_949)));
        assertEquals("12 s", RunHistoryRow.seconds(Duration.ofSeconds(12)));
        assertEquals("3 min 4 s", RunHistoryRow.seconds(Duration.ofSeconds(184)));
        assertEquals("2 h 5 min", RunHistoryRow.seconds(Duration.ofMinutes(125)));
        assertEquals("0.0 s", RunHistoryRow.seconds(Duration.ofSeconds(-5)));
    }

    private RunsViewModel viewModel(dev.grove.patina.ui.common.UiExecutor executor) {
        return new RunsViewModel(runtime.catalog(), runtime.config().schedule().timezone(), executor);
    }
}
