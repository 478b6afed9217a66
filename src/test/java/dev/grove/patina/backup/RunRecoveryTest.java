package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after a dead run never touches what a live backup of the same database may be storing right now: the
 * dead run's leftovers of a database are cleaned only while no backup of it holds the database's lock.
 */
class RunRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aDeadRunsLeftoverIsLeftAloneWhileABackupOfItsDatabaseRunsAndCleanedAfterwards() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);
        ObjectKeys keys = new ObjectKeys("");
        String key = keys.daily(LocalDate.of(2026, 11, 28), "shop", ".zst");
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        Files.createDirectories(dir.resolve("store/daily/2026-11-28"));
        Path temp = dir.resolve("store/daily/2026-11-28/.shop.sql.zst.tmp-abc123"); // as a put names its data
        Files.writeString(temp, "half an upload");
        String deadRun;
        try (Catalog killed = Catalog.open(dir.resolve("catalog.db"), clock)) {
            deadRun = killed.startRun(RunKind.NIGHTLY, "cli", LocalDate.of(2026, 11, 28));
            killed.beginPut(deadRun, key);
        } // its process is gone: nothing records the run's end
        Path lockFolder = dir.resolve("locks");
        DatabaseLocks backupsOfAnotherProcess = new DatabaseLocks(lockFolder);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"), clock)) {
            RunRecovery recovery = new RunRecovery(catalog, store, keys, new DatabaseLocks(lockFolder),
                    dir.resolve("tmp"), Redactor.none());
            try (DatabaseLocks.Held live = backupsOfAnotherProcess.lock("shop")) { // a backup of shop runs now
                List<RunRecovery.Recovered> found = recovery.recover();
                assertEquals(1, found.size());
                assertEquals(deadRun, found.get(0).runId());
                assertTrue(found.get(0).markedNow());
                assertEquals(0, found.get(0).leftoversRemoved());
                assertNotNull(found.get(0).problem());
                assertTrue(found.get(0).problem().contains("a backup of shop is running now"), found.get(0).problem());
                assertTrue(Files.exists(temp), "what a live backup may be writing is never touched");
            }
            List<RunRecovery.Recovered> later = recovery.recover(); // the next process, once shop's backup ended
            assertEquals(1, later.size());
            assertFalse(later.get(0).markedNow());
            assertNull(later.get(0).problem());
            assertEquals(1, later.get(0).leftoversRemoved());
            assertFalse(Files.exists(temp));
            assertEquals(List.of(), recovery.recover(), "nothing left to do");
        }
    }
}
