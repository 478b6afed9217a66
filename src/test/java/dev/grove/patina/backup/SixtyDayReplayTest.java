package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.demo.DemoWorkspace;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.SourceException;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 §6, replayed time: 60 consecutive days of nightly + weekly (Sundays) + cleanup (after each nightly) with
 * an injected clock. Leaves exactly the last 7 dailies of each healthy database and every weekly (fewer than 12
 * exist); a database failing its last 10 days keeps its newest good daily; a weekly holds 7 × N members that extract
 * and restore to their recorded row counts.
 */
class SixtyDayReplayTest {
    static final LocalDate FIRST = LocalDate.of(2026, 9, 1);
    static final int DAYS = 60;
    static final LocalDate LAST = FIRST.plusDays(DAYS - 1);
    static final LocalDate FAILING_FROM = LAST.minusDays(9);

    @TempDir
    Path dir;

    /** A clock the test moves from day to day. */
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

    /** A real SQLite source that fails (as a vanished file would) from a given day on. */
    static DatabaseSource failingFrom(DatabaseSource real, ReplayClock clock, LocalDate from) {
        return new DatabaseSource() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public DumpSnapshot openSnapshot() {
                if (!LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).isBefore(from)) {
                    throw new SourceException("database " + real.name() + ": file is gone (simulated from " + from
                            + ")");
                }
                return real.openSnapshot();
            }
        };
    }

    @Test
    void sixtyDaysLeaveTheLastSevenDailiesEveryWeeklyAndTheNewestGoodDailyOfAFailingDatabase() throws Exception {
        DemoWorkspace demo = new DemoWorkspace(dir.resolve("demo"));
        demo.create();
        ReplayClock clock = new ReplayClock();
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        ObjectKeys keys = new ObjectKeys("");
        List<String> names = List.of("notes", "inventory", "jobs");
        List<DatabaseSource> sources = new ArrayList<>();
        sources.add(new SqliteFileSource("notes", demo.database("notes")));
        sources.add(new SqliteFileSource("inventory", demo.database("inventory")));
        sources.add(failingFrom(new SqliteFileSource("jobs", demo.database("jobs")), clock, FAILING_FROM));
        WeeklyResult firstFullWeek = null;
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            BackupService backups = new BackupService(sources, store, keys, catalog, new SqlDumpWriter(clock, "test"), new BackupSettings(Compression.GZIP, ZoneOffset.UTC, 3,
                    DumpDialect.D1, "test"), new DatabaseLocks(), Redactor.none(), clock);
            WeeklyArchiver weekly = new WeeklyArchiver(store, keys, catalog, clock, "test", names, dir.resolve("tmp"));
            CleanupService cleanup = new CleanupService(store, keys, catalog, clock);
            RetentionPolicy policy = new RetentionPolicy(7, 12);
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = FIRST.plusDays(d);
                clock.now = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
                touch(demo.database("notes"), day); // the data changes every day
                var report = backups.runNightly(clock.now, "schedule", Set.of(), BackupProgress.NONE);
                assertEquals(day.isBefore(FAILING_FROM) ? RunStatus.OK : RunStatus.PARTIAL, report.status(),
                        day.toString());
                if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    clock.now = day.atTime(3, 0).toInstant(ZoneOffset.UTC);
                    WeeklyResult w = weekly.apply(weekly.plan(day), "schedule");
                    if (firstFullWeek == null && w.missing().isEmpty()) {
                        firstFullWeek = w;
                    }
                }
                clock.now = day.atTime(4, 0).toInstant(ZoneOffset.UTC);
                cleanup.applyAndRecord(cleanup.plan(policy, day), "schedule");
            }

            List<StoredObject> present = catalog.findObjects(ObjectQuery.firstPage(1000)
                    .withStatus(ObjectStatus.PRESENT)).items();
            Map<String, List<LocalDate>> dailies = new TreeMap<>();
            List<StoredObject> weeklies = new ArrayList<>();
            for (StoredObject o : present) {
                if (o.kind() == ObjectKind.DAILY) {
                    dailies.computeIfAbsent(o.database(), k -> new ArrayList<>()).add(o.date());
                } else {
                    weeklies.add(o);
                }
            }
            List<LocalDate> lastSeven = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                lastSeven.add(LAST.minusDays(i));
            }
            assertEquals(lastSeven, dailies.get("notes"), "exactly the last 7 dailies");
            assertEquals(lastSeven, dailies.get("inventory"));
            assertEquals(List.of(FAILING_FROM.minusDays(1)), dailies.get("jobs"),
                    "the failing database keeps its newest good daily, though older than the window");
            long sundays = FIRST.datesUntil(LAST.plusDays(1)).filter(x -> x.getDayOfWeek() == DayOfWeek.SUNDAY)
                    .count();
            assertEquals(sundays, weeklies.size(), "every weekly of the 60 days (fewer than 12)");
            // the store agrees with the catalog: nothing else is left
            assertEquals(7 + 7 + 1, store.list(keys.dailyRoot()).size());
            assertEquals(sundays, store.list(keys.weeklyRoot()).size());
        }

        assertTrue(firstFullWeek != null, "a week with every daily");
        assertEquals(7 * names.size(), firstFullWeek.members().size(), "7 × N members");
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            extractAndRestoreEveryMember(new WeeklyArchiver(store, keys, catalog, clock, "test", names,
                    dir.resolve("tmp")), firstFullWeek, clock);
        }
    }

    private void extractAndRestoreEveryMember(WeeklyArchiver reader, WeeklyResult firstFullWeek, Clock clock)
            throws Exception {
        for (var member : firstFullWeek.members()) {
            Path out = dir.resolve("extract").resolve(member.date() + "-" + member.database());
            java.nio.file.Files.createDirectories(out);
            Path sql = reader.extract(firstFullWeek.key(), member.path(), out);
            RestoreReport restored = new Restorer(clock).restore(sql, out.resolve("restored.sqlite"),
                    RestoreOptions.all(), RestoreProgress.NONE);
            assertTrue(restored.checksumVerified() && restored.countsVerified(), member.path());
            for (Map.Entry<String, Long> e : member.rowCounts().entrySet()) {
                if (!"sqlite_sequence".equals(e.getKey())) {
                    assertEquals(e.getValue(), restored.rowCounts().get(e.getKey()), member.path() + " " + e.getKey());
                }
            }
        }
    }

    private static void touch(Path db, LocalDate day) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notes (title, body, updated_at) VALUES ('day " + day + "', 'journal', '" + day
                    + "T12:00:00Z')");
        }
    }
}
