package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.runs.OutcomeRow;
import dev.grove.patina.ui.runs.RunHistoryRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TextArea;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Runs and Charts tabs in the real console, headless: after a backup of the demo, the operator picks the
 * latest of four runs (three seeded nights and one from the button) and sees its databases and log, then sees one line per database in each chart. Writes runs.png and
 * charts.png as {@link ConsoleScreenshotsTest} does (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
class ConsoleRunsChartsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");

    @TempDir
    Path dir;
    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)),
                ConsoleRunsChartsTest::threeEarlierNights);
    }

    /** The scheduled nightlies of the 25th to 27th (the 26th's as a catch-up). */
    private static void threeEarlierNights(Path config) throws Exception {
        Instant night = Instant.parse("2026-11-25T02:00:00Z");
        TickingClock clock = new TickingClock();
        try (PatinaRuntime runtime = UiFixtures.open(config, clock)) {
            for (int i = 0; i < 3; i++) {
                Instant at = night.plus(Duration.ofDays(i));
                if (i == 1) {
                    clock.setNow(at.plus(Duration.ofHours(5)));
                    runtime.backups().runNightly(clock.instant(), "catch-up", Set.of(),
                            BackupProgress.NONE, at.toString());
                } else {
                    clock.setNow(at);
                    runtime.backups().runNightly(at, "schedule", Set.of(), BackupProgress.NONE);
                }
            }
        }
    }

    /** Real time moved to a chosen moment: backups keep their real durations. */
    private static final class TickingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void setNow(Instant now) {
            offset = Duration.between(Instant.now(), now);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    @Test
    void theLatestRunShowsEveryDatabaseAndTheChartsOneLinePerDatabase() throws Exception {
        var robot = console.robot;
        console.backUpAllAndWait();

        robot.clickOn("Runs");
        TableView<RunHistoryRow> runs = robot.lookup("#runsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.getItems().size() == 4);
        assertEquals("4 runs", console.text("#runsSummary"));
        RunHistoryRow latest = runs.getItems().get(0);
        assertEquals("manual", latest.trigger());
        assertEquals("ok", latest.status());
        robot.clickOn(cell(latest.started()));
        TableView<OutcomeRow> outcomes = robot.lookup("#outcomesTable").query();
        TextArea log = robot.lookup("#runLog").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> outcomes.getItems().size() == 6
                && !log.getText().isEmpty());
        assertEquals(DemoWorkspace.DATABASES.stream().sorted().toList(),
                outcomes.getItems().stream().map(OutcomeRow::database).sorted().toList());
        assertTrue(outcomes.getItems().stream().allMatch(o -> o.status().equals("ok") && o.size() > 0
                && o.rows() > 0), outcomes.getItems().toString());
        assertEquals(6, log.getText().lines().filter(l -> l.contains("INFO") && l.contains("backed up")).count(),
                log.getText());
        assertTrue(console.text("#runDetail").endsWith("6 of 6 databases ok"), console.text("#runDetail"));
        // a desktop's runs name no cluster node: no Node column in either table (ADR 0034)
        assertFalse(runs.getColumns().stream().filter(c -> "runNode".equals(c.getId())).findFirst().orElseThrow()
                .isVisible(), "no Node column on a desktop");
        assertFalse(outcomes.getColumns().stream().filter(c -> "outcomeNode".equals(c.getId())).findFirst()
                .orElseThrow().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(runs.getScene(), "runs.png");

        robot.clickOn("Charts");
        LineChart<Number, Number> size = robot.lookup("#sizeChart").query();
        LineChart<Number, Number> duration = robot.lookup("#durationChart").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> size.getData().size() == 6
                && duration.getData().size() == 6);
        List<String> names = size.getData().stream().map(XYChart.Series::getName).toList();
        assertEquals(DemoWorkspace.DATABASES.stream().sorted().toList(), names);
        assertEquals(names, duration.getData().stream().map(XYChart.Series::getName).toList());
        assertTrue(size.getData().stream().allMatch(s -> s.getData().size() == 4), "four nights of each database");
        assertTrue(duration.getData().stream().allMatch(s -> s.getData().size() == 4), "four nights of each database");
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(size.getScene(), "charts.png");
    }

    /** A table cell of the run history showing exactly {@code text}. */
    private Node cell(String text) {
        return console.robot.lookup("#runsTable .table-cell")
                .match((Node n) -> n instanceof javafx.scene.control.Labeled l && text.equals(l.getText())).query();
    }

}
