package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code patina cleanup} over a local store and catalog seeded with ten nights of one database. */
class CleanupCommandTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    private Path config;
    private final ObjectKeys keys = new ObjectKeys("");

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
        config = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [retention]
                daily_days = 7
                weekly_weeks = 4

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), db, dir.resolve("catalog.sqlite")));
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), Clock.systemUTC())) {
            for (int i = 0; i < 10; i++) {
                LocalDate date = TODAY.minusDays(i);
                String key = keys.daily(date, "shop", ".gz");
                ObjectInfo info = store.put(key, out -> {
                    out.write(("-- " + key).getBytes(StandardCharsets.UTF_8));
                    return Map.of();
                });
                catalog.recordObject(new StoredObject(key, "shop", ObjectKind.DAILY, date, info.size(),
                        "ab".repeat(32), Map.of(), date.atTime(2, 0).toInstant(ZoneOffset.UTC), null, null));
            }
        }
    }

    private boolean inStore(LocalDate date) {
        return Files.exists(dir.resolve("store").resolve(keys.daily(date, "shop", ".gz")));
    }

    @Test
    void dryRunShowsThePlanWithReasonsAndDeletesNothing() {
        Result r = run("cleanup", "--config", config.toString(), "--now", "2026-11-28T03:00:00Z", "--dry-run");

        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).contains("3 to remove, 7 to keep"), r.out());
        assertTrue(lines.get(1).startsWith("  REMOVE  daily/2026-11-21/shop.sql.gz")
                && lines.get(1).endsWith("daily of 2026-11-21: older than 7 days"), r.out());
        assertTrue(lines.get(4).startsWith("  KEEP    daily/2026-11-28/shop.sql.gz")
                && lines.get(4).endsWith("within the 7-day window"), r.out());
        assertTrue(r.out().contains("dry run: nothing was deleted"), r.out());
        for (int i = 0; i < 10; i++) {
            assertTrue(inStore(TODAY.minusDays(i)));
        }
    }

    @Test
    void cleanupDeletesTheRemovals() {
        Result r = run("cleanup", "--config", config.toString(), "--now", "2026-11-28");

        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("removed 3"), r.out());
        assertFalse(inStore(TODAY.minusDays(7)));
        assertTrue(inStore(TODAY.minusDays(6)));
        Result again = run("cleanup", "--config", config.toString(), "--now", "2026-11-28", "--dry-run");
        assertTrue(again.out().contains("0 to remove, 7 to keep"), again.out());
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), Clock.systemUTC())) {
            var run = catalog.lastRun(dev.grove.patina.model.RunKind.CLEANUP).orElseThrow();
            assertEquals(dev.grove.patina.model.RunStatus.OK, run.status(), "the cleanup is a recorded run");
            assertTrue(catalog.runLog(run.id()).stream().anyMatch(l -> l.message().startsWith("removed 3 ")),
                    catalog.runLog(run.id()).toString());
        }
    }
}
