package dev.grove.patina.source.d1;

import static dev.grove.patina.source.d1.D1Fixtures.ACCOUNT;
import static dev.grove.patina.source.d1.D1Fixtures.DATABASE;
import static dev.grove.patina.source.d1.D1Fixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.SourceException;
import dev.grove.patina.source.d1.D1Fixtures.FakeTime;
import dev.grove.patina.testing.DatabaseComparator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode = "export"}: Cloudflare's polled export, downloaded from the signed URL and read locally. */
class D1ExportTest {
    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();

    private Path database(boolean withVirtualTable) throws Exception {
        Path file = dir.resolve("d1.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, total REAL, note TEXT, big INTEGER)");
            s.execute("CREATE INDEX orders_total ON orders (total)");
            s.execute("INSERT INTO orders (total, note, big) VALUES (0.1, 'a' || char(0) || 'b', 9007199254740993),"
                    + " (5e-324, '😀', -9223372036854775808), (1e308, NULL, 9223372036854775807)");
            if (withVirtualTable) {
                s.execute("CREATE VIRTUAL TABLE search USING fts5(body)");
            }
        }
        return file;
    }

    private D1Source source(FakeD1Server server) {
        D1DatabaseConfig config = D1Fixtures.config(server, DATABASE, TOKEN, D1DatabaseConfig.MODE_EXPORT);
        return new D1Source(config, D1Fixtures.client(config, time, D1Settings.defaults()), new Restorer(time),
                Duration.ofMillis(500));
    }

    @Test
    void exportIsPolledDownloadedWithoutTheTokenAndDumpedLosslessly() throws Exception {
        Path file = database(false);
        Path sql = dir.resolve("dump.sql");
        try (FakeD1Server server = new FakeD1Server(file, ACCOUNT, DATABASE, TOKEN)) {
            try (DumpSnapshot snapshot = source(server).openSnapshot(); OutputStream out = Files.newOutputStream(sql)) {
                new SqlDumpWriter(time, "test").write(snapshot, DumpOptions.all("shop", DumpDialect.D1), out,
                        DumpProgress.NONE);
            }
            assertFalse(server.signedUrlSawToken(), "the API token must never go to the signed URL");
            assertEquals(List.of(Duration.ofMillis(500)), time.sleeps, "one poll wait between start and complete");
        }
        Path restored = dir.resolve("restored.sqlite");
        new Restorer(time).restore(sql, restored, RestoreOptions.all(), RestoreProgress.NONE);
        List<String> differences = DatabaseComparator.differences(file, restored).stream()
                .filter(d -> !d.contains("_cf_KV")).toList();
        assertEquals(List.of(), differences);
    }

    @Test
    void virtualTablesGetAClearMessageBeforeAnyExport() throws Exception {
        try (FakeD1Server server = new FakeD1Server(database(true), ACCOUNT, DATABASE, TOKEN)) {
            SourceException e = assertThrows(SourceException.class, () -> source(server).openSnapshot());
            assertTrue(e.getMessage().contains("database shop"), e.getMessage());
            assertTrue(e.getMessage().contains("virtual tables (search)"), e.getMessage());
            assertTrue(e.getMessage().contains("mode = \"query\""), e.getMessage());
        }
    }
}
