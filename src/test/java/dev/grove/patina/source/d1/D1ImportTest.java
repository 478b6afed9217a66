package dev.grove.patina.source.d1;

import static dev.grove.patina.source.d1.D1Fixtures.ACCOUNT;
import static dev.grove.patina.source.d1.D1Fixtures.DATABASE;
import static dev.grove.patina.source.d1.D1Fixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpException;
import dev.grove.patina.dump.RestoreGuard;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.testing.TarFixture;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore into D1 through the import API (init → upload → ingest → poll) of a fake D1 over a real SQLite file. */
class D1ImportTest {
    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();

    private Path source() throws Exception {
        Path file = dir.resolve("source.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, total REAL, note TEXT, big INTEGER)");
            s.execute("CREATE INDEX orders_total ON orders (total)");
            s.execute("INSERT INTO orders (total, note, big) VALUES (0.1, 'a' || char(0) || 'b', 9007199254740993),"
                    + " (5e-324, '😀', -9223372036854775808), (1e308, NULL, 9223372036854775807)");
            s.execute("CREATE VIRTUAL TABLE search USING fts5(body)");
            s.execute("INSERT INTO search (body) VALUES ('restore into d1'), ('weekly archive')");
        }
        return file;
    }

    private Path dump(Path db, DumpDialect dialect, Compression compression) throws Exception {
        Path out = dir.resolve("dump-" + dialect.id() + ".sql" + compression.suffix());
        try (var snapshot = new SqliteFileSource("source", db).openSnapshot();
             OutputStream file = compression.wrap(Files.newOutputStream(out))) {
            new SqlDumpWriter(Clock.systemUTC(), "test").write(snapshot, DumpOptions.all("source", dialect), file,
                    DumpProgress.NONE);
        }
        return out;
    }

    private D1Importer importer(FakeD1Server server) {
        D1DatabaseConfig config = D1Fixtures.config(server, DATABASE, TOKEN);
        return new D1Importer(D1Fixtures.client(config, time, D1Settings.defaults()), new RestoreGuard(),
                config.name(), dir.resolve("work"));
    }

    @Test
    void aPatinaDumpIsImportedIntoD1AndHoldsEveryValue() throws Exception {
        Path source = source();
        Path d1File = dir.resolve("d1.sqlite");
        try (FakeD1Server server = new FakeD1Server(d1File, ACCOUNT, DATABASE, TOKEN)) {
            D1Importer importer = importer(server);
            List<String> messages = new ArrayList<>();
            D1Client.ImportResult result;
            try (D1Importer.PreparedImport check = importer.check(dump(source, DumpDialect.D1, Compression.ZSTD))) {
                assertEquals(List.of("orders", "search"), check.tables());
                result = importer.importInto(check, D1Fixtures.config(server, DATABASE, TOKEN).name(),
                        Duration.ofMillis(10), messages::add);
            }
            assertTrue(result.statements() > 5, "statements run: " + result.statements());
            assertEquals("bm-import-2", result.finalBookmark());
            assertFalse(messages.isEmpty(), "D1's progress messages are passed on");
            assertFalse(server.uploadSawToken(), "the upload URL never gets the API token");
        }
        List<String> differences = DatabaseComparator.differences(source, d1File).stream()
                .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList();
        assertEquals(List.of(), differences);
        try (var files = Files.list(dir.resolve("work"))) {
            assertEquals(0, files.count(), "the decompressed upload file is removed");
        }
    }

    @Test
    void whatD1CannotTakeIsRefusedBeforeAnythingIsSent() throws Exception {
        Path source = source();
        try (FakeD1Server server = new FakeD1Server(dir.resolve("d1.sqlite"), ACCOUNT, DATABASE, TOKEN)) {
            D1Importer importer = importer(server);
            DumpException sqliteDialect = assertThrows(DumpException.class,
                    () -> importer.check(dump(source, DumpDialect.SQLITE, Compression.NONE)));
            assertTrue(sqliteDialect.getMessage().contains("BEGIN/COMMIT")
                    && sqliteDialect.getMessage().contains("--dialect d1"), sqliteDialect.getMessage());

            Path hostile = Files.writeString(dir.resolve("hostile.sql"), "CREATE TABLE t (a);\nATTACH 'x' AS y;\n");
            DumpException attach = assertThrows(DumpException.class,
                    () -> importer.check(hostile));
            assertTrue(attach.getMessage().contains("statement 2"), attach.getMessage());

            Path pragma = Files.writeString(dir.resolve("pragma.sql"), "PRAGMA user_version = 3;\n");
            assertTrue(assertThrows(DumpException.class, () -> importer.check(pragma)).getMessage()
                    .contains("user_version"));

            Path good = dump(source, DumpDialect.D1, Compression.NONE);
            byte[] bytes = Files.readAllBytes(good);
            int at = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf("'restore into d1'") + 3;
            bytes[at] ^= 0x01;
            Path damaged = Files.write(dir.resolve("damaged.sql"), bytes);
            assertTrue(assertThrows(DumpException.class, () -> importer.check(damaged)).getMessage()
                    .contains("damaged"));
            assertEquals(0, server.requests(), "nothing was sent to D1");
        }
    }

    /** The refusals D1's engine showed in the compatibility suite (D1EngineCompatTest), and what it takes. */
    @Test
    void whatD1sEngineRefusesIsRefusedAndWhatItTakesIsNot() throws Exception {
        try (FakeD1Server server = new FakeD1Server(dir.resolve("d1.sqlite"), ACCOUNT, DATABASE, TOKEN)) {
            D1Importer importer = importer(server);
            java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
            refused.put("CREATE VIRTUAL TABLE \"using fts5\" USING fts4(a);", "module fts4");
            refused.put("CREATE VIRTUAL TABLE old USING FTS3(a);", "module fts3");
            refused.put("CREATE VIRTUAL TABLE shapes USING geopoly(a);", "module geopoly");
            refused.put("CREATE TABLE \"_CF_mine\" (a);", "_CF_mine");
            refused.put("CREATE TABLE t (a);\nINSERT INTO t VALUES (unistr('\\u0041'));", "unistr()");
            refused.put("CREATE TABLE t (a DEFAULT (sqlite_version()));", "sqlite_version()");
            refused.put("CREATE TABLE t (a);\nANALYZE sqlite_schema;\n"
                    + "INSERT INTO sqlite_stat4 VALUES ('t', 't', '1', '1', '1', X'00');", "sqlite_stat4");
            int n = 0;
            for (var e : refused.entrySet()) {
                Path file = Files.writeString(dir.resolve("refused-" + n++ + ".sql"), e.getKey() + "\n");
                DumpException ex = assertThrows(DumpException.class, () -> importer.check(file), e.getKey());
                assertTrue(ex.getMessage().contains(e.getValue()) && ex.getMessage().contains("D1"), ex.getMessage());
            }
            Path taken = Files.writeString(dir.resolve("taken.sql"), """
                    CREATE TABLE t (a, note DEFAULT 'unistr(x) sqlite_version()');
                    CREATE VIRTUAL TABLE search USING fts5(body);
                    CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1);
                    CREATE TABLE "cf_mine" (a);
                    INSERT INTO t VALUES ('unistr(''x'')', 'sqlite_version()');
                    ANALYZE sqlite_schema;
                    INSERT INTO sqlite_stat1 VALUES ('t', NULL, '1');
                    CREATE VIEW v AS SELECT sqlite_version() AS version;
                    """);
            try (D1Importer.PreparedImport check = importer.check(taken)) {
                assertEquals(List.of("t", "search", "boxes", "cf_mine"), check.tables());
            }
            assertEquals(0, server.requests(), "nothing was sent to D1");
        }
    }

    @Test
    void aWeeklyArchiveIsNamedAsSuchWithTheCommandThatExtractsAMember() throws Exception {
        Path tgz = dir.resolve("2026-W48.tar.gz");
        byte[] member = Files.readAllBytes(dump(source(), DumpDialect.D1, Compression.NONE));
        TarFixture.oneMember(tgz, "2026-11-23/shop.sql", member);
        try (FakeD1Server server = new FakeD1Server(dir.resolve("d1.sqlite"), ACCOUNT, DATABASE, TOKEN)) {
            DumpException e = assertThrows(DumpException.class, () -> importer(server).check(tgz));
            assertTrue(e.getMessage().contains("weekly archive")
                    && e.getMessage().contains("patina extract " + tgz + " shop 2026-11-23"), e.getMessage());
            assertEquals(0, server.requests(), "nothing was sent");
            try (var left = Files.list(dir.resolve("work"))) {
                assertEquals(List.of(), left.toList(), "no decompressed copy is left behind");
            }
        }
    }

    @Test
    void theDatabaseNameMustBeTypedToConfirm() throws Exception {
        try (FakeD1Server server = new FakeD1Server(dir.resolve("d1.sqlite"), ACCOUNT, DATABASE, TOKEN)) {
            D1Importer importer = importer(server);
            try (D1Importer.PreparedImport check = importer.check(dump(source(), DumpDialect.D1, Compression.NONE))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> importer.importInto(check, "yes", Duration.ofMillis(10), m -> { }));
                assertTrue(e.getMessage().contains("confirmation"), e.getMessage());
            }
            assertEquals(0, server.requests(), "nothing was sent without the confirmation");
        }
    }

    @Test
    void anImportD1RejectsFailsAsAWholeWithD1sReason() throws Exception {
        Path d1File = dir.resolve("d1.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1File); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)"); // already there: the import collides
        }
        try (FakeD1Server server = new FakeD1Server(d1File, ACCOUNT, DATABASE, TOKEN)) {
            D1Importer importer = importer(server);
            try (D1Importer.PreparedImport check = importer.check(dump(source(), DumpDialect.D1, Compression.NONE))) {
                D1ApiException e = assertThrows(D1ApiException.class, () -> importer.importInto(check,
                        D1Fixtures.config(server, DATABASE, TOKEN).name(), Duration.ofMillis(10), m -> { }));
                assertTrue(e.getMessage().contains("import failed") && e.getMessage().contains("already exists")
                        && !e.getMessage().contains(TOKEN), e.getMessage());
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1File); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'search'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "atomic: nothing of the failed import stayed");
        }
    }
}
