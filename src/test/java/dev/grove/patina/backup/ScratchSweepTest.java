package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.ChildPatina;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch folders of a verify killed mid-restore: a real {@code kill -9} of a child JVM holding one. While that
 * process lives, neither a verify nor the run recovery of another process touches its folder; once it is killed, the
 * next run recovery removes the folder and its lock file. A verify sweeps too, and never removes its own process's
 * live folder.
 */
class ScratchSweepTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);
    private Catalog catalog;
    private LocalFolderStore store;
    private Path work;
    private ChildPatina child;

    @BeforeEach
    void setUp() throws Exception {
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        store = new LocalFolderStore(dir.resolve("store"));
        work = dir.resolve("tmp");
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
            s.execute("INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com')");
        }
        new BackupService(List.of(new SqliteFileSource("shop", db)), store, new ObjectKeys(""), catalog,
                new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneId.of("UTC"), 1,
                DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock)
                .runNightly(Instant.parse("2026-11-28T02:00:00Z"), "test", Set.of(), BackupProgress.NONE);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (child != null && child.isAlive()) {
            child.kill();
        }
        catalog.close();
    }

    private List<String> workEntries() throws Exception {
        try (Stream<Path> all = Files.list(work)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aKilledVerifysFolderIsSweptAndALiveOneInAnotherProcessIsNot() throws Exception {
        Files.createDirectories(work);
        child = ChildPatina.startMain(dir.resolve("child"), Map.of(), HoldScratch.class.getName(), work.toString());
        child.awaitWhileAlive("a locked scratch folder", 60, () -> {
            try {
                return child.stdout().startsWith("holding ");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Path held = Path.of(child.stdout().strip().substring("holding ".length()));
        Path heldLock = held.resolveSibling(held.getFileName() + ".lock");
        assertTrue(Files.isRegularFile(held.resolve("restored.sqlite")));
        // a folder of a verify from before the lock files (or whose lock file is gone): no live owner
        Path legacy = Files.createDirectories(work.resolve("verify-1234567890"));
        Files.write(legacy.resolve("dump.sql.gz"), new byte[100]);

        VerifyService verifier = new VerifyService(new DownloadService(store, new ObjectKeys(""), catalog, clock),
                new Restorer(clock), catalog, clock, work);
        List<VerifyService.Verdict> verdicts = verifier.verify(List.of(catalog.latestDaily("shop").orElseThrow()),
                v -> { });
        assertTrue(verdicts.get(0).ok(), verdicts.get(0).detail());
        assertTrue(Files.isRegularFile(held.resolve("restored.sqlite")), "the live verify's folder is left alone");
        assertFalse(Files.exists(legacy), "a folder no process holds is swept at the start of a verify");
        assertEquals(List.of(held.getFileName().toString(), heldLock.getFileName().toString()), workEntries(),
                "the verify's own folder is gone too");

        // a live scratch folder of this very process survives a sweep as well
        try (ScratchSpace mine = ScratchSpace.create(work)) {
            assertEquals(0, ScratchSpace.sweep(work));
            assertTrue(Files.isDirectory(mine.folder()));
        }

        child.kill();
        assertTrue(Files.isRegularFile(held.resolve("restored.sqlite")), "kill -9 ran no cleanup in the child");
        List<RunRecovery.Recovered> none = new RunRecovery(catalog, store, new ObjectKeys(""), new DatabaseLocks(),
                work, Redactor.none()).recover();
        assertTrue(none.isEmpty(), "no run was left running");
        assertFalse(Files.exists(held), "the run recovery of the next process removes the killed verify's folder");
        assertFalse(Files.exists(heldLock));
        assertEquals(List.of(), workEntries());
    }
}
