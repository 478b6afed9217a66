package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.host.InstanceLock;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.SchedulerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console as it runs for an operator, headless (Monocle: no system tray): it runs the schedule and holds the
 * catalog's instance lock; closing the window asks (no tray) and "keep running" keeps the schedule going with the
 * window hidden; a second start brings it back; Quit while a backup runs asks, and "Stop it and quit" ends the
 * run as interrupted, keeps nothing half-written, and releases the lock.
 */
class ConsoleResidentTest {
    @TempDir
    Path dir;
    private ConsoleFixture console;
    private final CountDownLatch exited = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.stop();
        }
    }

    /** Adds a database big enough (2 M rows) that its backup is still running when the test quits. */
    private void addBigDatabase(Path config) throws Exception {
        Path db = config.getParent().resolve("big.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000) "
                    + "INSERT INTO t SELECT x, hex(randomblob(40)) FROM n");
        }
        Files.writeString(config, "\n[[databases]]\nname = \"big\"\ntype = \"sqlite\"\npath = \""
                + db.toString().replace("\\", "\\\\") + "\"\n", StandardOpenOption.APPEND);
    }

    private Stage window;

    /** The console's stage (found once: a hidden window leaves {@code Window.getWindows()}). */
    private Stage stage() {
        if (window == null) {
            window = (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage s
                    && "Patina".equals(s.getTitle())).findFirst().orElseThrow();
        }
        return window;
    }

    private void requestClose() {
        Stage stage = stage();
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    private void waitForNode(String query) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> console.robot.lookup(query).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void closingKeepsTheScheduleASecondStartShowsTheWindowAndQuitStopsARunningBackupCleanly() throws Exception {
        console = ConsoleFixture.startResident(dir, this::addBigDatabase, exited::countDown);
        Path folder = console.config.getParent();
        // the window shows first; the schedule starts behind it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> console.app.lifecycle().scheduler().isPresent()
                && console.text("#residency").startsWith("Schedules run in this app"));
        SchedulerService scheduler = console.app.lifecycle().scheduler().orElseThrow();
        assertTrue(stage().isShowing());
        assertTrue(scheduler.isRunning(), "the console runs the schedule");
        InstanceLock.Holder holder = InstanceLock.holder(folder).orElseThrow();
        assertEquals(InstanceLock.Role.CONSOLE, holder.role());
        assertEquals(ProcessHandle.current().pid(), holder.pid());
        assertEquals("Schedules run in this app; closing the window keeps them running", console.text("#residency"));
        // a catch-up of a missed nightly may be running from the start: let it end first
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> scheduler.runs().running().isEmpty());

        // no tray here: closing asks, and "keep running" hides the window with the schedule still on
        requestClose();
        waitForNode("#keepRunning");
        Screenshots.write(console.node("#keepRunningDialog").getScene(), "close-without-tray.png");
        console.robot.clickOn("#keepRunning");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stage().isShowing());
        assertTrue(scheduler.isRunning(), "closing the window did not stop the schedule");
        assertEquals(1, exited.getCount(), "it did not quit");

        // a second start of Patina finds this one and brings its window back
        assertTrue(InstanceLock.askToShow(holder));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> stage().isShowing());
        WaitForAsyncUtils.waitForFxEvents();

        // a backup is running (the big database takes seconds): quitting asks, "Stop it and quit" stops it
        console.robot.clickOn(console.robot.from(stage().getScene().getRoot()).lookup("#backUpAll").<Node>query());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> scheduler.runs().running().stream().anyMatch(j ->
                j.databases().stream().anyMatch(d -> d.database().equals("big") && d.rows() > 0)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> console.robot.from(stage().getScene().getRoot())
                .lookup("#cancelRun").<Node>query().isVisible()); // a scheduler run can be cancelled from the dashboard
        Screenshots.write(stage().getScene(), "dashboard-running.png");
        requestClose();
        waitForNode("#quitPatina");
        console.robot.clickOn("#quitPatina");
        waitForNode("#stopAndQuit");
        String question = console.robot.lookup("#quitWhileRunningDialog .content").<Labeled>query().getText();
        assertTrue(question.contains("nightly run (manual): ") && question.contains("big running"), question);
        Screenshots.write(console.node("#quitWhileRunningDialog").getScene(), "quit-while-running.png");
        console.robot.clickOn("#stopAndQuit");
        assertTrue(exited.await(60, TimeUnit.SECONDS), "the console quit after stopping the run");

        assertEquals(Optional.empty(), InstanceLock.holder(folder), "the lock is released");
        try (Catalog catalog = Catalog.open(folder.resolve("catalog.sqlite"), Clock.systemUTC())) {
            RunSummary last = catalog.lastRun(RunKind.NIGHTLY).orElseThrow();
            assertEquals("manual", last.trigger());
            assertEquals(RunStatus.INTERRUPTED, last.status());
            assertEquals(RunStatus.FAILED, last.databases().stream().filter(d -> d.database().equals("big"))
                    .findFirst().orElseThrow().status());
            // what the store holds of "big" is whole: an earlier good backup (the start's catch-up), verified
            catalog.latestGood("big").ifPresent(o -> {
                try (var in = Files.newInputStream(folder.resolve("store").resolve(o.key()))) {
                    assertEquals(o.sha256(), java.util.HexFormat.of().formatHex(java.security.MessageDigest
                            .getInstance("SHA-256").digest(in.readAllBytes())), o.key());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        try (var files = Files.walk(folder.resolve("store"))) {
            assertEquals(java.util.List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("big") && n.contains("tmp")).toList(), "no half-written upload is left");
        }
    }
}
