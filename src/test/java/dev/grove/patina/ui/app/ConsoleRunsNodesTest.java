package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.runs.OutcomeRow;
import dev.grove.patina.ui.runs.RunHistoryRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Runs tab of the real console, headless, on a catalog whose runs name cluster nodes (ADR 0034): two nightlies a
 * cluster ran — the 26th fired by node-a, its parts done by node-a and node-b, one part recovered by node-b; the
 * 27th a fire node-b recovered — recorded through the catalog's own calls. The operator sees the Node column in the
 * runs table and in the databases table, each row naming its node, each cell lined up under its header and showing
 * its whole text (a 120 px Node column drew "node-b (re…", and the databases table beside the log cut every column).
 * Writes runs-cluster-nodes.png as
 * {@link ConsoleScreenshotsTest} does (target/screenshots, or docs/screenshots with
 * {@code -Dpatina.screenshots.update=true}).
 */
class ConsoleRunsNodesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    /** Who did each database's part on the 26th; {@code analytics} was run again by node-b after node-a died. */
    private static final Map<String, String> PARTS_26TH = parts26th();

    @TempDir
    Path dir;
    private ConsoleFixture console;

    private static Map<String, String> parts26th() {
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 0; i < DemoWorkspace.DATABASES.size(); i++) {
            String db = DemoWorkspace.DATABASES.get(i);
            parts.put(db, db.equals("analytics") ? "node-b (recovered)" : i % 2 == 0 ? "node-a" : "node-b");
        }
        return parts;
    }

    @BeforeEach
    void start() throws Exception {
        console = ConsoleFixture.start(dir, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)),
                ConsoleRunsNodesTest::twoClusterNights);
    }

    @AfterEach
    void stop() throws Exception {
        console.stop();
    }

    /**
     * The demo's catalog as a cluster leaves it. Outcomes carry their node through {@link DatabaseOutcome#onNode};
     * a SQLite catalog is opened by a stand-alone process and records no run node of its own, so the runs' nodes
     * (which a cluster node's catalog writes at {@code startRun}) are written into the same column afterwards.
     */
    private static void twoClusterNights(Path config) throws Exception {
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-26T02:00:00Z"));
        Path file;
        String first;
        String second;
        try (PatinaRuntime runtime = UiFixtures.open(config, clock)) {
            Catalog catalog = runtime.catalog();
            file = catalog.file();
            first = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.parse("2026-11-26"));
            for (Map.Entry<String, String> part : PARTS_26TH.entrySet()) {
                clock.advance(Duration.ofSeconds(3));
                boolean recovered = part.getValue().endsWith(" (recovered)");
                String node = part.getValue().replace(" (recovered)", "");
                catalog.recordOutcome(first, outcome(part.getKey()).onNode(node, recovered));
                catalog.log(first, "INFO", part.getKey() + ": ran on node " + node + (recovered ? " (recovered)" : ""));
            }
            catalog.finishRun(first, RunStatus.OK);

            clock.advance(Duration.ofDays(1));
            second = catalog.startRun(RunKind.NIGHTLY, "schedule", LocalDate.parse("2026-11-27"));
            for (String db : DemoWorkspace.DATABASES) {
                clock.advance(Duration.ofSeconds(2));
                catalog.recordOutcome(second, outcome(db).onNode("node-b", false));
            }
            catalog.markRecovered(second);
            catalog.finishRun(second, RunStatus.OK);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("UPDATE runs SET node = ? WHERE id = ?")) {
            for (String[] run : List.of(new String[] {"node-a", first}, new String[] {"node-b", second})) {
                ps.setString(1, run[0]);
                ps.setString(2, run[1]);
                assertEquals(1, ps.executeUpdate());
            }
        }
    }

    private static DatabaseOutcome outcome(String db) {
        return new DatabaseOutcome(db, RunStatus.OK, "daily/" + db + ".sql.gz", Map.of("items", 40L), 12_345,
                Duration.ofMillis(1800), null);
    }

    @Test
    void theRunsAndDatabasesTablesNameEachRowsNode() throws Exception {
        var robot = console.robot;
        robot.clickOn("Runs");
        TableView<RunHistoryRow> runs = robot.lookup("#runsTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.getItems().size() == 2);
        TableColumn<RunHistoryRow, ?> runNode = column(runs, "runNode");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, runNode::isVisible);
        WaitForAsyncUtils.waitForFxEvents();
        // newest first: the 27th's recovered fire, then the 26th's fired by node-a — as the cells show them
        assertEquals(List.of("2026-11-27", "2026-11-26"),
                runs.getItems().stream().map(r -> r.date().toString()).toList());
        assertEquals(Map.of(0, "node-b (recovered)", 1, "node-a"), shown(runs, "runNode"));
        assertHeaderShown(runs, "Node");
        assertEquals(List.of(), elided(runs), "every cell of the runs table shows its whole text; widths "
                + runs.getColumns().stream().map(c -> c.getText() + "=" + Math.round(c.getWidth())).toList());

        RunHistoryRow night26 = runs.getItems().get(1);
        WaitForAsyncUtils.asyncFx(() -> runs.getSelectionModel().select(night26)).get(5, TimeUnit.SECONDS);
        TableView<OutcomeRow> outcomes = robot.lookup("#outcomesTable").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> outcomes.getItems().size() == PARTS_26TH.size()
                && console.text("#runDetail").endsWith("6 of 6 databases ok"));
        assertTrue(column(outcomes, "outcomeNode").isVisible(), "the databases table shows the Node column");
        WaitForAsyncUtils.waitForFxEvents();
        Map<Integer, String> nodes = shown(outcomes, "outcomeNode");
        Map<String, String> byDatabase = new TreeMap<>();
        nodes.forEach((row, node) -> byDatabase.put(outcomes.getItems().get(row).database(), node));
        assertEquals(new TreeMap<>(PARTS_26TH), byDatabase, "each database's row names the node that did its part");
        assertHeaderShown(outcomes, "Node");
        assertEquals(List.of(), elided(outcomes), "every cell of the databases table shows its whole text; widths "
                + outcomes.getColumns().stream().map(c -> c.getText() + "=" + Math.round(c.getWidth())).toList());
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(runs.getScene(), "runs-cluster-nodes.png");
    }

    private static <R> TableColumn<R, ?> column(TableView<R> table, String id) {
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    /**
     * What the cells of column {@code id} show on screen, by row index: read from the rendered, visible
     * {@link TableCell}s (not the model), each cell wide enough to be seen and lined up under its column's header.
     */
    private static Map<Integer, String> shown(TableView<?> table, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Map<Integer, String> texts = new TreeMap<>();
            for (Node n : table.lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> cell && cell.isVisible() && cell.getTableColumn() != null
                        && id.equals(cell.getTableColumn().getId()) && !cell.isEmpty() && cell.getIndex() >= 0
                        && cell.getIndex() < table.getItems().size()) {
                    assertTrue(cell.getWidth() > 40, "a Node cell " + cell.getWidth() + " px wide");
                    Node header = table.lookupAll(".column-header").stream()
                            .filter(h -> h instanceof javafx.scene.control.skin.TableColumnHeader t
                                    && t.getTableColumn() == cell.getTableColumn()).findFirst().orElse(null);
                    assertTrue(header != null, "no header for column " + id);
                    double cellX = cell.localToScene(0, 0).getX();
                    double headerX = header.localToScene(0, 0).getX();
                    assertEquals(headerX, cellX, 1.5, "the Node cell lines up under its header");
                    texts.put(cell.getIndex(), cell.getText());
                }
            }
            return texts;
        }).get(5, TimeUnit.SECONDS);
    }

    /**
     * The rendered cells of {@code table} whose text is cut short on screen ("node-b (re…"): the text a cell's skin
     * draws differs from the cell's text. Empty when every cell is wide enough for what it shows.
     */
    private static List<String> elided(TableView<?> table) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.isVisible() && !c.isEmpty() && c.getText() != null
                        && !c.getText().isEmpty())
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getChildrenUnmodifiable().stream().noneMatch(t -> t instanceof javafx.scene.text.Text
                        text && c.getText().equals(text.getText())))
                .map(c -> c.getTableColumn().getText() + ": '" + c.getText() + "' shown as '"
                        + c.getChildrenUnmodifiable().stream().filter(t -> t instanceof javafx.scene.text.Text)
                        .map(t -> ((javafx.scene.text.Text) t).getText()).findFirst().orElse("") + "'")
                .sorted().toList()).get(5, TimeUnit.SECONDS);
    }

    /** The table's header row shows a column titled {@code title}, with a width an operator can read. */
    private static void assertHeaderShown(TableView<?> table, String title) throws Exception {
        boolean shown = WaitForAsyncUtils.asyncFx(() -> table.lookupAll(".column-header .label").stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Labeled l && title.equals(l.getText())
                        && n.isVisible() && l.getParent().getLayoutBounds().getWidth() > 40)).get(5, TimeUnit.SECONDS);
        assertTrue(shown, "a visible '" + title + "' column header");
    }
}
