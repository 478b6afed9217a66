package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDiffWriter;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's replay (ADR 0016): 30 nights of a {@code strategy = "differential"} SQLite database through the nightly's
 * own road — random inserts, updates (same-length edits among them), deletes (delete-then-reinsert of the same rowid
 * among them), WITHOUT ROWID key changes, big blobs, a trigger-fed audit table and ON DELETE CASCADE children, schema
 * changes on day 12 and day 20. Every night's daily, read back through the download path every reader uses, restores
 * to exactly the database as it was that night (every value's type and bytes, rowids, sqlite_sequence, triggers, FTS).
 */
class DifferentialReplayTest {
    static final LocalDate FIRST = LocalDate.of(2026, 11, 2); // a Monday
    static final int DAYS = 30;

    @TempDir
    Path dir;

    static final class ReplayClock extends Clock {
        Instant now = FIRST.atTime(2, 0).toInstant(ZoneOffset.UTC);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void thirtyNightsRestoreEveryDayExactlyAsTheDatabaseWasThatNight() throws Exception {
        Path source = dir.resolve("app.db");
        create(source);
        ReplayClock clock = new ReplayClock();
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        ObjectKeys keys = new ObjectKeys("");
        Random random = new Random(16);
        long fullBytes = 0;
        long diffBytes = 0;
        int fulls = 0;
        try (Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), clock)) {
            List<DatabaseSource> sources = List.of(new SqliteFileSource("app", source));
            BackupService backups = new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "test"),
                    new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1, DumpDialect.D1, "test"),
                    new DatabaseLocks(), Redactor.none(), clock,
                    new DifferentialPolicy(Set.of("app"), dir.resolve("data/manifests"), catalog),
                    new SqlDiffWriter(clock, "test"), dir.resolve("data/tmp"));
            DownloadService downloads = new DownloadService(store, keys, catalog, clock);
            CleanupService cleanup = new CleanupService(store, keys, catalog, clock);
            java.util.Map<LocalDate, Path> kept = new java.util.TreeMap<>();
            for (int d = 1; d <= DAYS; d++) {
                LocalDate day = FIRST.plusDays(d - 1);
                clock.now = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
                mutate(source, random, d);
                Path expected = dir.resolve("expected-" + day + ".db");
                Files.copy(source, expected);
                var report = backups.runNightly(clock.now, "schedule", Set.of(), BackupProgress.NONE);
                assertEquals(RunStatus.OK, report.status(), day + ": " + report.databases());
                String key = report.databases().get(0).objectKey();
                boolean full = day.getDayOfWeek() == DayOfWeek.MONDAY || d == 12 || d == 20;
                assertEquals(full ? keys.daily(day, "app", ".zst") : keys.differential(day, "app", ".zst"), key,
                        "day " + d + " (" + day.getDayOfWeek() + ")");
                ObjectChains.Link link = catalog.chains().of(key).orElseThrow();
                assertEquals(!full, link.differential(), key);
                StoredObject object = catalog.object(key).orElseThrow();
                if (full) {
                    fulls++;
                    fullBytes += object.size();
                } else {
                    diffBytes += object.size();
                    StoredObject base = catalog.object(link.baseKey()).orElseThrow();
                    assertTrue(base.date().isBefore(day) && base.date().plusDays(7).isAfter(day), link.baseKey());
                }
                Path dump = dir.resolve("restore-" + day + ".sql");
                downloads.download(downloads.locate(day, "app"), dump, DownloadService.Form.DECRYPTED, false,
                        List.of(), n -> { });
                Path restored = dir.resolve("restored-" + day + ".db");
                new Restorer(clock).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
                DatabaseComparator.assertSameDatabase(expected, restored);
                Files.delete(dump);
                Files.delete(restored);
                kept.put(day, expected);
                clock.now = day.atTime(4, 0).toInstant(ZoneOffset.UTC);
                cleanup.applyAndRecord(cleanup.plan(new RetentionPolicy(3, 0), day), "schedule");
            }
            // what retention left still restores, each day to its night: no kept differential lost its full
            List<StoredObject> left = catalog.findObjects(ObjectQuery.firstPage(100)
                    .withStatus(ObjectStatus.PRESENT)).items();
            assertEquals(4, left.size(), "the last 3 dailies and the full they apply to: " + left);
            for (StoredObject o : left) {
                Path dump = dir.resolve("again-" + o.date() + ".sql");
                downloads.download(downloads.locate(o.date(), "app"), dump, DownloadService.Form.DECRYPTED, false,
                        List.of(), n -> { });
                Path restored = dir.resolve("again-" + o.date() + ".db");
                new Restorer(clock).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
                DatabaseComparator.assertSameDatabase(kept.get(o.date()), restored);
            }
            assertEquals(7, fulls, "5 Mondays and the two schema changes");
            long meanFull = fullBytes / fulls;
            long meanDiff = diffBytes / (DAYS - fulls);
            assertTrue(meanDiff * 3 < meanFull, "a differential (" + meanDiff + " bytes on average) is a fraction "
                    + "of a full (" + meanFull + ")");
            try (var scratchLeft = Files.list(dir.resolve("data/tmp"))) {
                assertEquals(0, scratchLeft.count(), "no scratch file is left behind");
            }
        }
    }

    private static void create(Path db) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price REAL,
                        data BLOB, code TEXT UNIQUE);
                    CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
                    CREATE TRIGGER items_changed AFTER UPDATE ON items BEGIN
                        INSERT INTO audit (what) VALUES ('changed ' || new.id); END;
                    CREATE TRIGGER items_gone AFTER DELETE ON items BEGIN
                        INSERT INTO audit (what) VALUES ('gone ' || old.id); END;
                    CREATE TABLE parents (id INTEGER PRIMARY KEY, label TEXT);
                    CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id)
                        ON DELETE CASCADE, note TEXT);
                    CREATE TABLE events (at INTEGER, kind TEXT, payload);
                    CREATE TABLE kv (k TEXT COLLATE NOCASE, n INTEGER, v, PRIMARY KEY (k, n)) WITHOUT ROWID;
                    CREATE VIRTUAL TABLE notes USING fts5 (body);
                    """);
        }
        mutate(db, new Random(1), 0);
    }

    /** One day's changes; day 0 fills the database, day 12 and 20 change its schema. */
    private static void mutate(Path db, Random r, int day) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            if (day == 12) {
                s.execute("ALTER TABLE items ADD COLUMN extra TEXT");
            }
            if (day == 20) {
                s.execute("CREATE INDEX events_by_kind ON events (kind)");
                s.execute("CREATE TABLE later (id INTEGER PRIMARY KEY, x)");
                s.execute("INSERT INTO later (x) VALUES (1), ('two'), (3.5)");
            }
            int inserts = day == 0 ? 400 : 5 + r.nextInt(10);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO items (name, price, data, code) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < inserts; i++) {
                    ps.setString(1, "item " + r.nextInt(100000));
                    ps.setDouble(2, r.nextDouble() * 1000);
                    ps.setBytes(3, bytes(r, r.nextInt(20) == 0 ? 150_000 : 16));
                    ps.setString(4, "code-" + day + "-" + i);
                    ps.executeUpdate();
                }
            }
            s.execute("INSERT INTO parents (label) VALUES ('p" + day + "a'), ('p" + day + "b')");
            s.execute("INSERT INTO children (parent, note) SELECT id, 'child of ' || id FROM parents "
                    + "WHERE label LIKE 'p" + day + "%'");
            for (int i = 0; i < (day == 0 ? 200 : 8); i++) {
                s.execute("INSERT INTO events VALUES (" + r.nextInt(1_000_000) + ", 'k" + r.nextInt(5) + "', "
                        + (r.nextBoolean() ? "X'" + Integer.toHexString(0x100 + r.nextInt(0xF00)) + "0'" : "NULL")
                        + ")");
                s.execute("INSERT OR IGNORE INTO kv VALUES ('key" + r.nextInt(300) + "', " + r.nextInt(3) + ", "
                        + r.nextInt(100) + ")");
            }
            s.execute("INSERT INTO notes (body) VALUES ('day " + day + " note " + r.nextInt(1000) + "')");
            if (day > 0) {
                s.execute("UPDATE items SET name = substr(name, 1, length(name) - 1) || '" + r.nextInt(10)
                        + "' WHERE id IN (SELECT id FROM items ORDER BY random() LIMIT 5)"); // same-length edits
                s.execute("UPDATE items SET price = price + 0.5 WHERE id % 97 = " + r.nextInt(97));
                s.execute("DELETE FROM items WHERE id IN (SELECT id FROM items ORDER BY random() LIMIT 3)");
                long again = anyId(s, "items");
                s.execute("DELETE FROM items WHERE id = " + again); // deleted, then the same rowid again
                s.execute("INSERT INTO items (id, name, price, code) VALUES (" + again + ", 'again', 1.0, "
                        + "'again-" + day + "')");
                if (r.nextInt(3) == 0) {
                    s.execute("UPDATE items SET data = zeroblob(150000) WHERE id = " + anyId(s, "items"));
                }
                s.execute("DELETE FROM parents WHERE id = " + anyId(s, "parents")); // cascades to its children
                s.execute("UPDATE events SET kind = 'edited' WHERE rowid IN (SELECT rowid FROM events "
                        + "ORDER BY random() LIMIT 2)");
                s.execute("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY random() LIMIT 2)");
                s.execute("UPDATE OR IGNORE kv SET k = upper(k) WHERE k IN (SELECT k FROM kv ORDER BY random() "
                        + "LIMIT 2)"); // same key under NOCASE, other bytes
                s.execute("UPDATE OR IGNORE kv SET n = n + 10 WHERE k IN (SELECT k FROM kv ORDER BY random() "
                        + "LIMIT 2)"); // a key change
                s.execute("DELETE FROM kv WHERE k IN (SELECT k FROM kv ORDER BY random() LIMIT 1)");
                s.execute("DELETE FROM notes WHERE rowid IN (SELECT rowid FROM notes ORDER BY random() LIMIT 1)");
            }
            c.commit();
        }
    }

    private static long anyId(Statement s, String table) throws Exception {
        try (var rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY random() LIMIT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Path db) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
