package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
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
import dev.grove.patina.source.d1.D1Traffic;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Issue 16's replay for a D1 database in query mode (ADR 0027): nights of a {@code strategy = "differential"} D1
 * database through the nightly's own road ({@link BackupService} over the D1 source, the REST pages), with random
 * inserts, same-length updates, deletes, delete-then-reinsert of the same rowid, WITHOUT ROWID key changes, blobs (a
 * 150,000-byte one among them), a trigger-fed audit table, ON DELETE CASCADE children, an FTS5 table and schema
 * changes on the given days. Each night's daily is read back through the download path every reader uses (full +
 * differential, combined and checked), restored, and compared value by value (typeof and bytes) with what the D1
 * engine holds that night. Shared by the in-process test (a stand-in D1 over a SQLite file) and the compat test (D1's
 * own engine through wrangler): the same SQL on both.
 */
public final class D1DifferentialReplay {
    /** A Monday: the first night is a full, the next Monday another. */
    public static final LocalDate FIRST = LocalDate.of(2026, 11, 2);

    /** Where the replay writes: statements sent to the D1 database, and a read of what it holds. */
    public interface Engine {
        /** Runs {@code statements} in order, foreign keys enforced (as D1 does). */
        void execute(List<String> statements) throws Exception;

        /** The single integer {@code sql} answers. */
        long queryLong(String sql) throws Exception;

        /** A SQLite file holding the database as it is now (read-only use; compared with the restore). */
        Path held() throws Exception;
    }

    /** What one night came to: a full or not, the stored object's size and what the nightly asked of D1. */
    public record Night(LocalDate day, boolean full, long storedBytes, D1Traffic.Counts traffic) {
    }

    private D1DifferentialReplay() {
    }

    /**
     * Creates the schema and the first rows, then runs {@code days} nights from {@link #FIRST}, asserting on each
     * that the daily is a full on Mondays and on {@code schemaDays} and a differential otherwise, and that it
     * restores identical to the database that night.
     *
     * @param source  the D1 database (query mode), named {@code db}
     * @param traffic what the source's client has asked of D1 so far
     */
    public static List<Night> run(Path dir, String db, DatabaseSource source, Engine engine,
                                  Supplier<D1Traffic.Counts> traffic, int days, Set<Integer> schemaDays)
            throws Exception {
        Random random = new Random(27);
        engine.execute(schema());
        engine.execute(day(0, random, engine, schemaDays));
        DifferentialReplayTest.ReplayClock clock = new DifferentialReplayTest.ReplayClock();
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        ObjectKeys keys = new ObjectKeys("");
        List<Night> nights = new ArrayList<>();
        try (Catalog catalog = Catalog.open(dir.resolve("data/catalog.sqlite"), clock)) {
            BackupService backups = new BackupService(List.of(source), store, keys, catalog,
                    new SqlDumpWriter(clock, "test"),
                    new BackupSettings(Compression.ZSTD, ZoneOffset.UTC, 1, DumpDialect.D1, "test"),
                    new DatabaseLocks(), Redactor.none(), clock,
                    new DifferentialPolicy(Set.of(db), dir.resolve("data/manifests"), catalog),
                    new SqlDiffWriter(clock, "test"), dir.resolve("data/tmp"));
            DownloadService downloads = new DownloadService(store, keys, catalog, clock);
            for (int d = 1; d <= days; d++) {
                LocalDate day = FIRST.plusDays(d - 1);
                clock.now = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
                if (d > 1) {
                    engine.execute(day(d, random, engine, schemaDays));
                }
                D1Traffic.Counts before = traffic.get();
                var report = backups.runNightly(clock.now, "schedule", Set.of(), BackupProgress.NONE);
                D1Traffic.Counts asked = traffic.get().minus(before);
                assertEquals(RunStatus.OK, report.status(), day + ": " + report.databases());
                String key = report.databases().get(0).objectKey();
                boolean full = day.getDayOfWeek() == DayOfWeek.MONDAY || schemaDays.contains(d);
                assertEquals(full ? keys.daily(day, db, ".zst") : keys.differential(day, db, ".zst"), key,
                        "night " + d + " (" + day.getDayOfWeek() + ")");
                ObjectChains.Link link = catalog.chains().of(key).orElseThrow();
                assertEquals(!full, link.differential(), key);
                StoredObject object = catalog.object(key).orElseThrow();
                Path dump = dir.resolve("restore-" + day + ".sql");
                downloads.download(downloads.locate(day, db), dump, DownloadService.Form.DECRYPTED, false,
                        List.of(), n -> { });
                Path restored = dir.resolve("restored-" + day + ".db");
                new Restorer(clock).restore(dump, restored, RestoreOptions.all(), RestoreProgress.NONE);
                List<String> differences = DatabaseComparator.differences(engine.held(), restored);
                assertEquals(List.of(), differences, "night " + d + " (" + key + ") restored vs what D1 holds");
                Files.delete(dump);
                Files.delete(restored);
                nights.add(new Night(day, full, object.size(), asked));
            }
            try (var scratchLeft = Files.list(dir.resolve("data/tmp"))) {
                assertEquals(0, scratchLeft.count(), "no scratch file is left behind");
            }
        }
        long fullBytes = nights.stream().filter(Night::full).mapToLong(Night::storedBytes).sum();
        long fulls = nights.stream().filter(Night::full).count();
        long diffBytes = nights.stream().filter(n -> !n.full()).mapToLong(Night::storedBytes).sum();
        assertTrue(fulls < nights.size(), "some nights are differentials");
        assertTrue(diffBytes / (nights.size() - fulls) * 2 < fullBytes / fulls, "a differential ("
                + diffBytes / (nights.size() - fulls) + " bytes on average) is a fraction of a full ("
                + fullBytes / fulls + ")");
        return nights;
    }

    /** Mean requests, rows returned and rows D1 read of the full and of the differential nights, for the log. */
    public static String describe(List<Night> nights) {
        StringBuilder out = new StringBuilder();
        for (boolean full : new boolean[] {true, false}) {
            List<Night> some = nights.stream().filter(n -> n.full() == full).toList();
            out.append(String.format(java.util.Locale.ROOT,
                    "%s (%d nights): %.0f requests, %.0f rows returned, %.0f rows read by D1, %.0f bytes stored%n",
                    full ? "full" : "differential", some.size(),
                    some.stream().mapToLong(n -> n.traffic().requests()).average().orElse(0),
                    some.stream().mapToLong(n -> n.traffic().rows()).average().orElse(0),
                    some.stream().mapToLong(n -> n.traffic().rowsRead()).average().orElse(0),
                    some.stream().mapToLong(Night::storedBytes).average().orElse(0)));
        }
        return out.toString();
    }

    static List<String> schema() {
        return List.of(
                "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price REAL, data BLOB, "
                        + "code TEXT UNIQUE)",
                "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT)",
                "CREATE TRIGGER items_changed AFTER UPDATE ON items BEGIN "
                        + "INSERT INTO audit (what) VALUES ('changed ' || new.id); END",
                "CREATE TRIGGER items_gone AFTER DELETE ON items BEGIN "
                        + "INSERT INTO audit (what) VALUES ('gone ' || old.id); END",
                "CREATE TABLE parents (id INTEGER PRIMARY KEY, label TEXT)",
                "CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id) "
                        + "ON DELETE CASCADE, note TEXT)",
                "CREATE TABLE events (at INTEGER, kind TEXT, payload)",
                "CREATE TABLE kv (k TEXT COLLATE NOCASE, n INTEGER, v, PRIMARY KEY (k, n)) WITHOUT ROWID",
                "CREATE VIRTUAL TABLE notes USING fts5 (body)");
    }

    /** One day's statements; day 0 fills the database. Positions are picked in Java, so both engines get the same. */
    static List<String> day(int day, Random r, Engine engine, Set<Integer> schemaDays) throws Exception {
        List<String> s = new ArrayList<>();
        if (schemaDays.contains(day)) {
            if (day == schemaDays.stream().mapToInt(Integer::intValue).min().orElse(-1)) {
                s.add("ALTER TABLE items ADD COLUMN extra TEXT");
            } else {
                s.add("CREATE INDEX events_by_kind ON events (kind)");
                s.add("CREATE TABLE later (id INTEGER PRIMARY KEY, x)");
                s.add("INSERT INTO later (x) VALUES (1), ('two'), (3.5)");
            }
        }
        int inserts = day == 0 ? 1000 : 5 + r.nextInt(10);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < inserts; i++) {
            values.append(values.length() == 0 ? "" : ", ").append("('item ").append(r.nextInt(100_000))
                    .append("', ").append(r.nextDouble() * 1000).append(", X'")
                    .append(hex(r, day > 0 && i == 0 && r.nextInt(6) == 0 ? 40_000 : 16)).append("', 'code-")
                    .append(day).append('-').append(i).append("')");
            if (i % 50 == 49 || i == inserts - 1) {
                s.add("INSERT INTO items (name, price, data, code) VALUES " + values);
                values.setLength(0);
            }
        }
        s.add("INSERT INTO parents (label) VALUES ('p" + day + "a'), ('p" + day + "b')");
        s.add("INSERT INTO children (parent, note) SELECT id, 'child of ' || id FROM parents WHERE label LIKE 'p"
                + day + "_'");
        for (int i = 0; i < (day == 0 ? 200 : 8); i++) {
            s.add("INSERT INTO events VALUES (" + r.nextInt(1_000_000) + ", 'k" + r.nextInt(5) + "', "
                    + (r.nextBoolean() ? "X'" + hex(r, 2) + "'" : "NULL") + ")");
            s.add("INSERT OR IGNORE INTO kv VALUES ('key" + r.nextInt(300) + "', " + r.nextInt(3) + ", "
                    + r.nextInt(100) + ")");
        }
        s.add("INSERT INTO notes (body) VALUES ('day " + day + " note " + r.nextInt(1000) + "')");
        if (day > 0) {
            String someItems = " WHERE id IN (SELECT id FROM items ORDER BY id LIMIT %d OFFSET " + r.nextInt(300)
                    + ")";
            // same-length edits: one character replaced, no size changes
            s.add("UPDATE items SET name = substr(name, 1, length(name) - 1) || '" + r.nextInt(10) + "'"
                    + someItems.formatted(5));
            s.add("UPDATE items SET price = price + 0.5 WHERE id % 97 = " + r.nextInt(97));
            s.add("UPDATE items SET data = X'" + hex(r, 16) + "' WHERE id IN (SELECT id FROM items WHERE "
                    + "length(data) = 16 ORDER BY id LIMIT 1 OFFSET " + r.nextInt(100) + ")"); // same-size blob
            s.add("DELETE FROM items WHERE id IN (SELECT id FROM items ORDER BY id LIMIT 3 OFFSET " + r.nextInt(300)
                    + ")");
            long again = engine.queryLong("SELECT id FROM items ORDER BY id LIMIT 1 OFFSET " + r.nextInt(300));
            s.add("DELETE FROM items WHERE id = " + again); // deleted, then the same rowid again
            s.add("INSERT INTO items (id, name, price, code) VALUES (" + again + ", 'again', 1.0, 'again-" + day
                    + "')");
            if (day % 3 == 1) {
                s.add("UPDATE items SET data = zeroblob(150000) WHERE id IN (SELECT id FROM items ORDER BY id "
                        + "LIMIT 1 OFFSET " + r.nextInt(300) + ")");
            }
            s.add("DELETE FROM parents WHERE id IN (SELECT id FROM parents ORDER BY id LIMIT 1 OFFSET "
                    + r.nextInt(day + 1) + ")"); // cascades to its children
            s.add("UPDATE events SET kind = 'edited' WHERE rowid IN (SELECT rowid FROM events ORDER BY rowid "
                    + "LIMIT 2 OFFSET " + r.nextInt(150) + ")");
            s.add("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY rowid LIMIT 2 OFFSET "
                    + r.nextInt(150) + ")");
            s.add("UPDATE OR IGNORE kv SET k = upper(k) WHERE k IN (SELECT k FROM kv ORDER BY k LIMIT 2 OFFSET "
                    + r.nextInt(100) + ")"); // the same key under NOCASE, other bytes
            s.add("UPDATE OR IGNORE kv SET n = n + 10 WHERE k IN (SELECT k FROM kv ORDER BY k LIMIT 2 OFFSET "
                    + r.nextInt(100) + ")"); // a key change
            s.add("DELETE FROM kv WHERE k IN (SELECT k FROM kv ORDER BY k LIMIT 1 OFFSET " + r.nextInt(100) + ")");
            s.add("DELETE FROM notes WHERE rowid IN (SELECT rowid FROM notes ORDER BY rowid LIMIT 1 OFFSET "
                    + r.nextInt(day) + ")");
        }
        return s;
    }

    private static String hex(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
