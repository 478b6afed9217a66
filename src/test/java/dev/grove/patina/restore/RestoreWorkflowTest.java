package dev.grove.patina.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.restore.RestoreOutcome.ExportedToFile;
import dev.grove.patina.restore.RestoreOutcome.RestoreCancelled;
import dev.grove.patina.restore.RestoreOutcome.RestoreRefused;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreTarget.DumpFile;
import dev.grove.patina.restore.RestoreTarget.SqliteFile;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore workflow without a toolkit: a real night of backups in a local folder store, real SQLite files. */
class RestoreWorkflowTest {
    private static final String DAILY = "daily/2026-11-27/alpha.sql.zst";

    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private RestoreWorkflow workflow;
    private RestoreChoices choices;
    private Path out;
    private Path temp;

    @BeforeEach
    void aNightOfBackups() throws Exception {
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta"), 2_000), clock);
        runtime.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        out = Files.createDirectories(dir.resolve("out"));
        temp = Files.createDirectories(dir.resolve("tmp"));
        workflow = RestoreWiring.workflow(runtime, temp);
        choices = RestoreWiring.choices(runtime, temp);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private BackupChoice daily() {
        return choices.dailies("alpha").stream().filter(o -> o.key().equals(DAILY)).map(BackupChoice::daily)
                .findFirst().orElseThrow();
    }

    private static SqliteFile newFile(Path file) {
        return new SqliteFile(file, false, Set.of(), Set.of());
    }

    /** Records every fraction the run reports; cancels once {@code cancelAbove} is passed. */
    private static final class Recorder implements RestoreListener {
        final List<Double> fractions = new ArrayList<>();
        final List<Path> temps = new ArrayList<>();
        final double cancelAbove;
        volatile boolean cancel;

        Recorder(double cancelAbove) {
            this.cancelAbove = cancelAbove;
        }

        @Override
        public void progress(double fraction, String message) {
            fractions.add(fraction);
            cancel |= fraction > cancelAbove;
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        @Override
        public void workingIn(Path tempFolder) {
            temps.add(tempFolder);
        }
    }

    @Test
    void aDailyRestoresIntoANewFileEqualToTheSourceAndLeavesNoTempFolder() throws Exception {
        Recorder heard = new Recorder(2);
        Path target = out.resolve("alpha-restored.sqlite");
        RestoreOutcome outcome = workflow.run(daily(), newFile(target), heard);
        RestoredToFile restored = assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        assertTrue(restored.checksumVerified() && restored.countsVerified());
        assertEquals(2_000L, restored.rowCounts().get("item"));
        assertNull(restored.previousFile());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), target);
        assertFalse(heard.fractions.isEmpty());
        assertTrue(heard.fractions.stream().allMatch(f -> f >= 0 && f <= 1), heard.fractions.toString());
        assertEquals(2, heard.temps.size(), "a temp folder made, then gone: " + heard.temps);
        assertNull(heard.temps.get(1));
        assertEquals(List.of(target), list(out));
        assertEquals(List.of(), list(temp));
    }

    @Test
    void replacingKeepsTheOldFileAsBak() throws Exception {
        Path live = Files.writeString(out.resolve("live.sqlite"), "the original");
        RestoreOutcome outcome = workflow.run(daily(), new SqliteFile(live, true, Set.of(), Set.of()),
                RestoreListener.NONE);
        RestoredToFile restored = assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        assertEquals(out.resolve("live.sqlite.bak"), restored.previousFile());
        assertEquals("the original", Files.readString(out.resolve("live.sqlite.bak")));
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), live);
    }

    @Test
    void aLocalDumpRestoresWhereItLies() throws Exception {
        Path dump = out.resolve("alpha.sql");
        assertInstanceOf(ExportedToFile.class, workflow.run(daily(), new DumpFile(dump, true, false),
                RestoreListener.NONE));
        Path target = out.resolve("from-local.sqlite");
        RestoreOutcome outcome = workflow.run(new RestoreSource.LocalDump(dump), newFile(target),
                RestoreListener.NONE);
        assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), target);
        assertTrue(Files.exists(dump), "the local dump is left as it was");
        assertInstanceOf(RestoreRefused.class, workflow.run(new RestoreSource.LocalDump(out.resolve("none.sql")),
                newFile(out.resolve("x.sqlite")), RestoreListener.NONE));
    }

    @Test
    void nothingIsWrittenOntoTheCatalogOrTheConfiguration() throws Exception {
        Path catalog = dir.resolve("catalog.sqlite");
        byte[] before = Files.readAllBytes(catalog);
        RestoreOutcome export = workflow.run(daily(), new DumpFile(catalog, false, true), RestoreListener.NONE);
        assertInstanceOf(RestoreRefused.class, export, export.toString());
        RestoreOutcome restore = workflow.run(daily(), new SqliteFile(dir.resolve("patina.toml"), true, Set.of(),
                Set.of()), RestoreListener.NONE);
        RestoreRefused refused = assertInstanceOf(RestoreRefused.class, restore, restore.toString());
        assertTrue(refused.reason().contains("Patina's configuration"), refused.reason());
        assertArrayEquals(before, Files.readAllBytes(catalog));
        assertEquals(List.of(), list(temp));
    }

    @Test
    void aCancelDuringTheRestoreLeavesNothingBehind() throws Exception {
        Recorder heard = new Recorder(0.5);
        RestoreOutcome outcome = workflow.run(daily(), newFile(out.resolve("alpha.sqlite")), heard);
        RestoreCancelled cancelled = assertInstanceOf(RestoreCancelled.class, outcome, outcome.toString());
        assertNull(cancelled.sentToD1());
        assertEquals(List.of(), list(out), "no target, no restorer temp file");
        assertEquals(List.of(), list(temp), "no downloaded dump");
    }

    @Test
    void aWeeklyMemberIsListedRestoredAndExportedFromTheArchiveAlone() throws Exception {
        var archived = runtime.weeklyArchiver().apply(runtime.weeklyArchiver().plan(LocalDate.of(2026, 11, 27)));
        assertEquals(2, archived.members().size(), archived.toString());
        runtime.store().delete(DAILY);
        StoredObject week = choices.weeklies().get(0);
        List<BackupChoice> members = choices.members(week, "alpha", () -> false);
        assertEquals(1, members.size(), members.toString());
        BackupChoice member = members.get(0);
        assertEquals(List.of(), list(temp), "the manifest was read in a temp folder that is gone");

        Path target = out.resolve("alpha-from-weekly.sqlite");
        RestoreOutcome outcome = workflow.run(member, newFile(target), RestoreListener.NONE);
        assertInstanceOf(RestoredToFile.class, outcome, outcome.toString());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), target);

        Path sql = Files.writeString(out.resolve("alpha.sql"), "keep me");
        RestoreOutcome export = workflow.run(member, new DumpFile(sql, true, true), RestoreListener.NONE);
        ExportedToFile saved = assertInstanceOf(ExportedToFile.class, export, export.toString());
        assertTrue(saved.fromArchive());
        assertEquals(out.resolve("alpha.sql.bak"), saved.previousFile());
        assertEquals("keep me", Files.readString(out.resolve("alpha.sql.bak")));
        assertEquals(member.sha256(), java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(Files.readAllBytes(sql))), "the member, byte for byte");
        assertEquals(List.of(), list(temp));
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
