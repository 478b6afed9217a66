package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.schedule.ClusterQueue;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import dev.grove.patina.testing.ChildPatina;
import dev.grove.patina.ui.backups.BackupRow;
import dev.grove.patina.ui.backups.BackupsViewModel;
import dev.grove.patina.ui.common.UiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console pointed at a cluster (issue 17, ADR 0035) orders its runs into the cluster's Quartz queue, through the
 * Dashboard's own view model: with no node up the button says so and queues nothing; with a node up the order waits
 * in the queue, a second click is refused naming the first, and the one node that takes it runs it — its name in the
 * cluster's record, the console as the run's trigger in the shared catalog, and no run in the console's process.
 */
@Tag("cluster")
class ClusterConsoleQueueTest {
    @TempDir
    Path dir;

    private ClusterPostgres pg;
    private PatinaRuntime rt;
    private ClusterQueue queue;
    private ChildPatina node;
    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final List<RunEvent> consoleEvents = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private DashboardViewModel model;

    /** The console's executor: work on a background pool, "GUI" actions one at a time, as the FX thread would. */
    private final UiExecutor executor = new UiExecutor() {
        @Override
        public <T> void executeInBackground(Callable<T> task, Consumer<? super T> onSuccess,
                                            Consumer<Throwable> onFailure) {
            background.execute(() -> {
                T result;
                try {
                    result = task.call();
                } catch (Exception e) {
                    executeOnGuiThread(() -> onFailure.accept(e));
                    return;
                }
                executeOnGuiThread(() -> onSuccess.accept(result));
            });
        }

        @Override
        public void executeOnGuiThread(Runnable action) {
            synchronized (ClusterConsoleQueueTest.this) {
                action.run();
            }
        }
    };

    private Path config(String nodeName) throws Exception {
        Path home = dir.resolve(nodeName);
        Files.createDirectories(home);
        return Files.writeString(home.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [schedule]
                nightly = "0 0 3 1 1 ?"
                cleanup = "0 0 4 1 1 ?"
                timezone = "UTC"

                [catalog]
                path = "%s"

                %s""".formatted(dir.resolve("store"), dir.resolve("shop.sqlite"), home.resolve("catalog.sqlite"),
                pg.clusterTable(nodeName)));
    }

    @BeforeEach
    void console() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO items (name) VALUES ('lamp'), ('desk')");
        }
        PatinaConfig config = new ConfigLoader(Map.of(ClusterPostgres.PASSWORD_ENV, pg.password())::get,
                dir.resolve("desk-data"), name -> Optional.empty()).load(config("desk"));
        rt = PatinaRuntime.open(config, new Services(Clock.systemUTC()));
        rt.runs().addListener(consoleEvents::add);
        // what the console's MainWindow hands the Dashboard with [cluster]
        queue = ClusterQueue.open(rt.clusterDatabase().orElseThrow(), rt.clusterNodes().orElseThrow(),
                RunTrigger.queuedFrom(RunTrigger.CONSOLE, ClusterQueue.who()), rt.clock());
        model = new DashboardViewModel(new DashboardSources(rt.runs(), rt.catalog(), rt.config().schedule(),
                rt.backups().databaseNames(), rt.config().store() instanceof LocalStoreConfig, rt.clock(), null,
                queue), executor);
        model.messageProperty().addListener((o, was, now) -> messages.add(now));
    }

    @AfterEach
    void close() throws Exception {
        if (node != null && node.isAlive()) {
            node.kill();
        }
        background.shutdownNow();
        if (queue != null) {
            queue.close();
        }
        if (rt != null) {
            rt.close();
        }
        pg.close();
    }

    private long count(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private String one(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), "a row for " + sql);
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void await(String what, int seconds, BooleanSupplier state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!state.getAsBoolean()) {
            if (node != null && !node.isAlive()) {
                fail("the node ended before " + what + ":\n" + node.output());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + seconds + " s; the console said " + messages
                        + (node == null ? "" : "\n" + node.output()));
            }
            Thread.sleep(100);
        }
    }

    private boolean said(String part) {
        return messages.stream().anyMatch(m -> m.contains(part));
    }

    private long dailyObjects() throws Exception {
        Path store = dir.resolve("store");
        if (!Files.isDirectory(store)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains("daily"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void theConsolesRunButtonsGoIntoTheClustersQueueAndRunOnANode() throws Exception {
        String origin = RunTrigger.queuedFrom(RunTrigger.CONSOLE, ClusterQueue.who());

        // no node has ever checked in: the button says so, and nothing waits in the queue to surprise anyone later
        model.backUpAll();
        await("the answer with no node up", 10, () -> said("Not queued"));
        assertTrue(said("no node of the cluster at " + pg.hostPort() + " is up"), messages.toString());
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.qrtz_job_details WHERE job_group = 'orders'"));

        // a node is up (it checked in a moment ago, as a node between two runs does): the order waits in the queue
        pg.checkedIn("node-asleep", Instant.now());
        messages.clear();
        model.backUpAll();
        await("the order queued", 10, () -> said("waiting for a free node"));
        assertTrue(said("Queued in the cluster at " + pg.hostPort()), messages.toString());

        // a second click while the first waits: refused, naming the one in the queue — the night runs once
        model.backUpAll();
        await("the second click's answer", 10, () -> said("Not queued again"));
        assertTrue(said("Not queued again: the same nightly ordered by " + origin), messages.toString());
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.qrtz_job_details WHERE job_group = 'orders'"));

        // a real node starts: it takes the order from the queue and runs it
        node = ChildPatina.start(dir.resolve("node-1"), Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(),
                "PATINA_HOME", dir.resolve("home").toString()), "daemon", "--config", config("node-1").toString());
        await("the run ended on node-1", 60, () -> said("ended on node node-1"));
        assertTrue(said("Backup of all databases: ended on node node-1: finished ok"), messages.toString());

        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly'"),
                "one nightly, once");
        assertEquals(origin, one("SELECT trigger FROM patina_cluster.runs WHERE kind = 'nightly'"),
                "the console that ordered it is the run's trigger");
        assertEquals("ok", one("SELECT status FROM patina_cluster.runs WHERE kind = 'nightly'"));
        assertEquals("node-1", one("SELECT node FROM patina_cluster.patina_fires WHERE kind = 'queued-nightly'"));
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.patina_fires WHERE kind = 'queued-nightly'"));
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.qrtz_job_details WHERE job_group = 'orders'"),
                "the order left the queue when it ended");
        assertEquals(1, dailyObjects(), "one daily object of shop in the store");
        // the console ran nothing: no run in its run service, and it never checked in as a node
        assertEquals(List.of(), consoleEvents, "the console's run service ran nothing");
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.qrtz_scheduler_state WHERE instance_name "
                + "NOT IN ('node-1', 'node-asleep')"), "only nodes check in, never the console");
        assertFalse(messages.stream().anyMatch(m -> m.contains(pg.password())));
        System.out.println("console order through the cluster's queue: " + new ArrayList<>(messages));

        // the card's Back up now, Verify now and Run weekly now take the same road, each shown on its own line
        model.backUp("shop");
        await("the card's backup ended", 30, () -> {
            DatabaseProgressLine l = model.cardStatus().get("shop");
            return l != null && l.detail().contains("ended on node node-1");
        });
        assertEquals(DatabaseProgressLine.Phase.OK, model.cardStatus().get("shop").phase(),
                model.cardStatus().get("shop").line());
        model.verifyNow();
        await("the test restore ended", 30, () -> model.backgroundRunProperty().get().contains("ended on node"));
        assertEquals("Test restore: ended on node node-1: finished ok", model.backgroundRunProperty().get());
        model.runWeekly();
        await("the weekly ended", 30, () -> model.weeklyResultProperty().get().contains("ended on node node-1"));
        assertEquals(2, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' AND trigger = '"
                + origin + "'"));
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'verify' AND trigger = '"
                + origin + "'"));
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'weekly' AND trigger = '"
                + origin + "'"));
        assertEquals(List.of(), consoleEvents, "the console's run service ran nothing");

        // the Backups tab's Verify of one object takes the same road: queued as a verify of its database and date,
        // run on the node, its verdict read from the shared catalog (the object's verified time)
        BackupsViewModel backups = new BackupsViewModel(rt.catalog(), rt.runs(), queue,
                rt.backups().databaseNames(), java.time.ZoneOffset.UTC, executor, List.of());
        List<String> verifyLines = new CopyOnWriteArrayList<>();
        backups.verifyMessageProperty().addListener((o, was, now) -> verifyLines.add(now));
        backups.search();
        await("the Backups tab's rows", 10, () -> backups.rows().stream().anyMatch(BackupRow::daily));
        BackupRow daily = backups.rows().stream().filter(BackupRow::daily).findFirst().orElseThrow();
        backups.verify(daily);
        await("the object's verify ended", 30, () -> !backups.verifyingProperty().get());
        assertEquals("Verified " + daily.key() + " on node node-1: checksum ok, 2 rows restored, integrity ok",
                backups.verifyMessageProperty().get(), verifyLines.toString());
        assertTrue(verifyLines.stream().anyMatch(l -> l.startsWith("Verify of " + daily.key()
                + ": Queued in the cluster at " + pg.hostPort())), verifyLines.toString());
        assertEquals(2, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'verify' AND trigger = '"
                + origin + "'"));
        assertEquals(2, count("SELECT count(*) FROM patina_cluster.patina_fires WHERE kind = 'queued-verify' "
                + "AND node = 'node-1'"));
        assertEquals(List.of(), consoleEvents, "the console's run service ran nothing");
        System.out.println("the Backups tab's verify through the cluster's queue: " + verifyLines);

        // the clean-up dialog: its plan is a preview made here (this one, as from a console with a shorter retention,
        // removes the daily); Apply orders a cleanup carrying the keys shown, and the node removes only those its own
        // plan removes too — its plan keeps the newest daily, so nothing is deleted
        dev.grove.patina.catalog.StoredObject object = rt.catalog().object(daily.key()).orElseThrow();
        CleanupDialogViewModel cleanup = new CleanupDialogViewModel(rt.runs(), queue,
                () -> new dev.grove.patina.backup.retention.RetentionPlan(object.date(),
                        new dev.grove.patina.backup.retention.RetentionPolicy(1, 1), List.of(
                        new dev.grove.patina.backup.retention.Decision(object,
                                dev.grove.patina.backup.retention.Decision.Action.REMOVE, "older than 1 day", false))),
                executor, (title, text, failed) -> { });
        cleanup.load();
        await("the preview", 10, () -> cleanup.stageProperty().get() != CleanupDialogViewModel.Stage.PLANNING);
        assertEquals(CleanupDialogViewModel.Stage.PLANNED, cleanup.stageProperty().get(),
                cleanup.summaryProperty().get());
        assertTrue(cleanup.summaryProperty().get().contains("This is a preview: Apply hands the clean-up to the "
                + "cluster at " + pg.hostPort()), cleanup.summaryProperty().get());
        cleanup.confirm();
        await("the clean-up ended", 30, () -> cleanup.stageProperty().get() == CleanupDialogViewModel.Stage.DONE
                || cleanup.stageProperty().get() == CleanupDialogViewModel.Stage.FAILED);
        assertEquals(CleanupDialogViewModel.Stage.DONE, cleanup.stageProperty().get(), cleanup.resultProperty().get());
        assertTrue(cleanup.resultProperty().get().startsWith("Clean-up: ended on node node-1: finished ok"),
                cleanup.resultProperty().get());
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'cleanup' AND trigger = '"
                + origin + "'"));
        assertEquals("node-1", one("SELECT node FROM patina_cluster.patina_fires WHERE kind = 'queued-cleanup'"));
        assertTrue(rt.catalog().object(daily.key()).orElseThrow().present(), "the node's plan keeps the daily");
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.run_log WHERE message LIKE 'kept " + daily.key()
                + ", shown to " + origin + " to be removed: this node''s plan, computed now, keeps it%'"),
                "the run's log says what it did not remove, and why");
        assertEquals(1, dailyObjects(), "the daily is still in the store");
        assertEquals(List.of(), consoleEvents, "the console's run service ran nothing");
        System.out.println("the clean-up dialog through the cluster's queue: " + cleanup.resultProperty().get());
    }

    @Test
    void aCommandsBackupGoesIntoTheClustersQueueAndIsFollowedToItsEnd() throws Exception {
        Map<String, String> env = Map.of(ClusterPostgres.PASSWORD_ENV, pg.password(), "PATINA_HOME",
                dir.resolve("home").toString());
        String deskConfig = config("desk").toString();

        // no node up: the command says so and queues nothing (--here would run it in the command's process)
        ChildPatina refused = ChildPatina.run(dir.resolve("cli-1"), env, 60, "backup", "--config", deskConfig);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.stderr().contains("no node of the cluster at " + pg.hostPort() + " is up"),
                refused.output());
        assertTrue(refused.stderr().contains("--here"), refused.output());
        assertEquals(0, count("SELECT count(*) FROM patina_cluster.qrtz_job_details WHERE job_group = 'orders'"));

        node = ChildPatina.start(dir.resolve("node-1"), env, "daemon", "--config", config("node-1").toString());
        await("the node running", 60, () -> {
            try {
                return node.stdout().contains("patina daemon: running");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        ChildPatina cli = ChildPatina.run(dir.resolve("cli-2"), env, 60, "backup", "--config", deskConfig);
        assertEquals(0, cli.exitCode(), cli.output());
        assertTrue(cli.stderr().contains("Queued in the cluster at " + pg.hostPort()), cli.output());
        assertTrue(cli.stderr().contains("the nightly run ran on node node-1 of the cluster at " + pg.hostPort()),
                cli.output());
        assertTrue(cli.stdout().contains(": ok (run "), cli.output());
        assertTrue(cli.stdout().contains("  ok      shop"), cli.output());

        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly'"));
        assertEquals(RunTrigger.queuedFrom(RunTrigger.CLI, ClusterQueue.who()),
                one("SELECT trigger FROM patina_cluster.runs WHERE kind = 'nightly'"),
                "the command that ordered it is the run's trigger");
        assertEquals("node-1", one("SELECT node FROM patina_cluster.patina_fires WHERE kind = 'queued-nightly'"));
        assertEquals(1, dailyObjects());

        // --here: the command's own process runs it, as before the queue (trigger cli, nothing queued)
        ChildPatina here = ChildPatina.run(dir.resolve("cli-3"), env, 60, "backup", "--here", "--config", deskConfig);
        assertEquals(0, here.exitCode(), here.output());
        assertFalse(here.stderr().contains("Queued in"), here.output());
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.runs WHERE kind = 'nightly' AND trigger = 'cli'"));
        assertEquals(1, count("SELECT count(*) FROM patina_cluster.patina_fires WHERE kind = 'queued-nightly'"));
    }
}
