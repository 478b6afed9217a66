package dev.grove.patina.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.restore.RestoreOutcome.RestoreFailed;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreTarget.SqliteFile;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differential day restored into a SQLite file straight from its full and its differential in one load (ADR 0028):
 * the day's database, checked against the catalog's record of every table's digest — a record that does not match
 * fails the restore, names the table and leaves no file; a selective restore still goes through the combined dump.
 */
class RestoreWorkflowDifferentialTest {
    private static final String DIFF = "daily/2026-11-24/alpha.diff.sql.zst";

    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private RestoreWorkflow workflow;
    private Path tuesday;
    private Path out;
    private Path temp;

    @BeforeEach
    void mondayFullTuesdayDifferential() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("alpha"), 3_000);
        Files.writeString(config, Files.readString(config).replace("alpha.sqlite\"\n",
                "alpha.sqlite\"\nstrategy = \"differential\"\n"));
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
        runtime = UiFixtures.open(config, clock);
        nightly(clock.instant());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("alpha.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE item SET price = price + 1 WHERE id % 100 = 0");
            s.execute("DELETE FROM item WHERE id BETWEEN 10 AND 20");
            s.execute("INSERT INTO item (name, price) VALUES ('new on Tuesday', 9.5)");
        }
        tuesday = Files.copy(dir.resolve("alpha.sqlite"), dir.resolve("tuesday.sqlite"));
        clock.advance(Duration.ofDays(1));
        nightly(clock.instant());
        assertTrue(runtime.catalog().object(DIFF).isPresent(), "Tuesday is a differential");
        out = Files.createDirectories(dir.resolve("out"));
        temp = Files.createDirectories(dir.resolve("tmp"));
        workflow = RestoreWiring.workflow(runtime, temp);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private void nightly(Instant at) {
        assertEquals(RunStatus.OK, runtime.backups().runNightly(at, "test", Set.of("alpha"),
                BackupProgress.NONE).status());
    }

    private BackupChoice tuesdayChoice() {
        return BackupChoice.daily(runtime.catalog().object(DIFF).orElseThrow());
    }

    @Test
    void theDayIsRestoredInOneLoadAndChecked() throws Exception {
        Path target = out.resolve("tuesday.sqlite");
        RestoreOutcome outcome = workflow.run(tuesdayChoice(), new SqliteFile(target, false, Set.of(), Set.of()),
                RestoreListener.NONE);
        RestoredToFile restored = assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        assertTrue(restored.checksumVerified() && restored.countsVerified());
        assertEquals(3_000L - 11 + 1, restored.rowCounts().get("item"), "the result's rows");
        DatabaseComparator.assertSameDatabase(tuesday, target);
        assertEquals(List.of(), list(temp), "the fetched full and differential are gone");
    }

    @Test
    void aCatalogRecordThatDoesNotMatchFailsNamingTheTableAndLeavesNoFile() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + runtime.catalog().file());
             PreparedStatement read = c.prepareStatement("SELECT digests FROM object_chains WHERE \"key\" = ?");
             PreparedStatement write = c.prepareStatement("UPDATE object_chains SET digests = ? WHERE \"key\" = ?")) {
            read.setString(1, DIFF);
            String digests;
            try (ResultSet rs = read.executeQuery()) {
                assertTrue(rs.next());
                digests = rs.getString(1);
            }
            String tampered = digests.replace("\"rows\":2990", "\"rows\":2991");
            assertFalse(tampered.equals(digests), digests);
            write.setString(1, tampered);
            write.setString(2, DIFF);
            assertEquals(1, write.executeUpdate());
        }
        Path target = out.resolve("tuesday.sqlite");
        RestoreOutcome outcome = workflow.run(tuesdayChoice(), new SqliteFile(target, false, Set.of(), Set.of()),
                RestoreListener.NONE);
        RestoreFailed failed = assertInstanceOf(RestoreFailed.class, outcome, outcome.toString());
        String message = failed.error().getMessage();
        assertTrue(message.contains("with the differential " + DIFF + " (as the catalog recorded it) does not give "
                + "back what was backed up; table item has 2990 rows, the backup recorded 2991"), message);
        assertFalse(Files.exists(target));
        assertEquals(List.of(), list(out));
        assertEquals(List.of(), list(temp));
    }

    @Test
    void aSelectiveRestoreOfTheDayStillWorksThroughTheCombinedDump() throws Exception {
        Path target = out.resolve("items.sqlite");
        RestoreOutcome outcome = workflow.run(tuesdayChoice(), new SqliteFile(target, false, Set.of("item"),
                Set.of()), RestoreListener.NONE);
        RestoredToFile restored = assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        assertEquals(2_990L, restored.rowCounts().get("item"));
    }

    @Test
    void theWeeklyArchivesDifferentialMemberRestoresTheDayCombinedWithTheWeeksFull() throws Exception {
        runtime.weeklyArchiver().apply(runtime.weeklyArchiver().plan(java.time.LocalDate.parse("2026-11-23")));
        RestoreChoices choices = RestoreWiring.choices(runtime, temp);
        StoredObject week = choices.weeklies().get(0);
        BackupChoice member = choices.members(week, "alpha", () -> false).stream()
                .filter(m -> m.member().path().equals("2026-11-24/alpha.diff.sql")).findFirst().orElseThrow();
        Path target = out.resolve("tuesday-from-week.sqlite");
        RestoreOutcome outcome = workflow.run(member, new SqliteFile(target, false, Set.of(), Set.of()),
                RestoreListener.NONE);
        RestoredToFile restored = assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        assertEquals(2_990L, restored.rowCounts().get("item"));
        DatabaseComparator.assertSameDatabase(tuesday, target);
        assertEquals(List.of(), list(temp), "the extracted members and the combined dump are gone");
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
