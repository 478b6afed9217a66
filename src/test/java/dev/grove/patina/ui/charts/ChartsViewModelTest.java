package dev.grove.patina.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Charts tab's view model over a real catalog filled by four real nightly runs, no toolkit. */
class ChartsViewModelTest {
    @TempDir
    Path dir;
    private SteppingClock clock;
    private PatinaRuntime runtime;

    /** A clock that moves on by a quarter second whenever it is read, so backups take measurable time. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            Instant at = now;
            now = now.plusMillis(250);
            return at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void fourNightsWithAlphaGrowing() throws Exception {
        clock = new SteppingClock(Instant.parse("2026-11-25T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta"), 200), clock);
        for (int night = 0; night < 4; night++) {
            runtime.backups().runNightly(clock.instant(), "schedule", Set.of(), BackupProgress.NONE);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("alpha.sqlite"));
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO item (name, price) SELECT name || ' again " + night
                        + "', price * 3 FROM item");
            }
            clock.advance(Duration.ofDays(1));
        }
        // a manual run of beta alone, later on the last night: its duration replaces that night's
        runtime.backups().runNightly(Instant.parse("2026-11-28T12:00:00Z"), "manual", Set.of("beta"),
                BackupProgress.NONE);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void oneSizeAndOneDurationSeriesPerDatabaseOldestFirst() {
        ChartsViewModel model = viewModel(new SyncUiExecutor());
        assertEquals(List.of(ChartsViewModel.ALL_DATABASES, "alpha", "beta"), model.databaseChoices());
        model.refresh();
        assertEquals(List.of("alpha", "beta"), model.sizes().stream().map(SeriesData::database).toList());
        assertEquals(List.of("alpha", "beta"), model.durations().stream().map(SeriesData::database).toList());
        List<LocalDate> nights = List.of(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"),
                LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-28"));
        for (SeriesData s : model.sizes()) {
            assertEquals(nights, s.points().stream().map(SeriesData.Point::date).toList(), s.database());
        }
        for (SeriesData s : model.durations()) {
            assertEquals(nights, s.points().stream().map(SeriesData.Point::date).toList(), s.database());
            assertTrue(s.points().stream().allMatch(p -> p.value() > 0), s.toString());
        }
        List<Double> alpha = model.sizes().get(0).points().stream().map(SeriesData.Point::value).toList();
        for (int i = 1; i < alpha.size(); i++) {
            assertTrue(alpha.get(i) > alpha.get(i - 1), "alpha doubles every night: " + alpha);
        }
        List<Double> beta = model.sizes().get(1).points().stream().map(SeriesData.Point::value).toList();
        double min = beta.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = beta.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(max < min * 1.05, "beta's data does not change, its dump barely: " + beta);
        assertTrue(alpha.get(3) > 4 * max, "alpha outgrew beta: " + alpha + " " + beta);
        assertEquals("2 databases, 2026-11-25 to 2026-11-28", model.summaryProperty().get());
    }

    @Test
    void theDatabaseFilterKeepsOneSeriesInEachChart() {
        ChartsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        model.databaseProperty().set("beta");
        assertEquals(List.of("beta"), model.sizes().stream().map(SeriesData::database).toList());
        assertEquals(List.of("beta"), model.durations().stream().map(SeriesData::database).toList());
        assertEquals("1 database, 2026-11-25 to 2026-11-28", model.summaryProperty().get());
        model.databaseProperty().set(ChartsViewModel.ALL_DATABASES);
        assertEquals(2, model.sizes().size());
    }

    @Test
    void aCatalogThatCannotBeReadEmptiesTheChartsAndSaysWhy() {
        ChartsViewModel model = viewModel(new SyncUiExecutor());
        model.refresh();
        runtime.close();
        model.refresh();
        assertTrue(model.sizes().isEmpty());
        assertTrue(model.durations().isEmpty());
        assertTrue(model.summaryProperty().get().startsWith("Cannot read the catalog: "),
                model.summaryProperty().get());
    }

    @Test
    void sizesAreShownInTheUnitTheLargestReadsBestIn() {
        assertEquals(new ChartsView.Unit("Size (B)", 1), ChartsView.sizeUnit(900));
        assertEquals(new ChartsView.Unit("Size (KiB)", 1024), ChartsView.sizeUnit(50_000));
        assertEquals(new ChartsView.Unit("Size (MiB)", 1024 * 1024), ChartsView.sizeUnit(5.0 * 1024 * 1024));
    }

    private ChartsViewModel viewModel(dev.grove.patina.ui.common.UiExecutor executor) {
        return new ChartsViewModel(runtime.catalog(), runtime.backups().databaseNames(), executor);
    }
}
