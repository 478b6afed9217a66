package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.alert.DeliveryPolicy;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.LogLine;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.TestRuns;
import dev.grove.patina.schema.SchemaComparison;
import dev.grove.patina.schema.SchemaReader;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each nightly records the schema its daily holds (catalog version 4) and says what changed since the previous
 * backup — in the outcome, the run log, the catalog's outcome row and the webhook — over a real SQLite file that is
 * migrated between nights, a real local-folder store, a real catalog and a real webhook server.
 */
class SchemaWatchTest {
    @TempDir
    Path dir;

    private Path db;
    private Catalog catalog;
    private LocalFolderStore store;
    private HttpServer webhook;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private Instant now = Instant.parse("2026-12-01T02:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("auth.sqlite");
        sql("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT)",
                "CREATE INDEX users_email ON users (email)",
                "INSERT INTO users (email, name) VALUES ('a@example.org', 'A'), ('b@example.org', 'B')");
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        store = new LocalFolderStore(dir.resolve("store"));
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
        catalog.close();
    }

    @Test
    void aChangedSchemaIsNamedInTheReportTheCatalogAndTheLogAndAnUnchangedOneIsStoredOnce() throws Exception {
        DatabaseOutcome first = night("2026-12-01T02:00:00Z", false);
        assertNull(first.schemaChange(), "the first backup has nothing to compare with");

        sql("INSERT INTO users (email, name) VALUES ('c@example.org', 'C')");
        DatabaseOutcome second = night("2026-12-02T02:00:00Z", false);
        assertNull(second.schemaChange(), "new rows are no schema change");
        String fingerprint = catalog.schemas().of(first.objectKey()).orElseThrow().fingerprint();
        assertEquals(fingerprint, catalog.schemas().of(second.objectKey()).orElseThrow().fingerprint(),
                "the same schema, once");
        assertEquals(fingerprint, store.head(second.objectKey()).orElseThrow().metadata()
                .get(ObjectMetadata.SCHEMA), "the object's metadata carries the fingerprint too");

        sql("ALTER TABLE users DROP COLUMN name", "ALTER TABLE users ADD COLUMN created_at TEXT",
                "CREATE UNIQUE INDEX users_big ON users (email, created_at)");
        DatabaseOutcome third = night("2026-12-03T02:00:00Z", false);
        assertNotNull(third.schemaChange());
        assertTrue(third.schemaChange().contains("column users.name dropped"), third.schemaChange());
        assertTrue(third.schemaChange().contains("column users.created_at added"), third.schemaChange());
        assertTrue(third.schemaChange().contains("index users_big added"), third.schemaChange());

        // the catalog keeps it with the run's outcome, and the run log says it
        RunReport recorded = catalog.recentRuns(1).get(0).toReport();
        assertEquals(third.schemaChange(), recorded.databases().get(0).schemaChange());
        assertTrue(catalog.runLog(recorded.runId()).stream().map(LogLine::message)
                .anyMatch(m -> m.equals("auth: schema changed since the previous backup: " + third.schemaChange())));

        // the recorded schemas compare as the dumps do, without reading one
        SchemaReader reader = new SchemaReader();
        var a = catalog.schemas().of(second.objectKey()).orElseThrow();
        var b = catalog.schemas().of(third.objectKey()).orElseThrow();
        SchemaComparison fromRecords = SchemaComparison.of(
                reader.fromStatements("auth", "a", a.statements(), null),
                reader.fromStatements("auth", "b", b.statements(), null), "a", "b");
        Path dumpA = store.root().resolve(second.objectKey());
        Path dumpB = store.root().resolve(third.objectKey());
        SchemaComparison fromDumps = SchemaComparison.of(reader.fromDump("auth", dumpA),
                reader.fromDump("auth", dumpB), "a", "b");
        assertEquals(fromDumps.changes().stream().filter(c -> !c.objectType().equals("rows")).toList(),
                fromRecords.changes());
    }

    @Test
    void schemaChangesAlertEvenOnSuccessWhenConfiguredAndRideAlongOtherwise() throws Exception {
        night("2026-12-01T02:00:00Z", true);
        night("2026-12-02T02:00:00Z", true);
        assertEquals(0, alerts.size(), "successful runs without a change are not sent (on_success = false)");

        sql("ALTER TABLE users ADD COLUMN phone TEXT");
        DatabaseOutcome changed = night("2026-12-03T02:00:00Z", true);
        assertEquals("column users.phone added (TEXT)", changed.schemaChange());
        assertEquals(1, alerts.size(), "schema_changes = alert: the run is sent although it succeeded");
        assertTrue(alerts.get(0).contains("\"schemaChange\":\"column users.phone added (TEXT)\""), alerts.get(0));

        night("2026-12-04T02:00:00Z", true);
        assertEquals(1, alerts.size(), "the next night has no change again");
    }

    private DatabaseOutcome night(String at, boolean alertOnSchemaChange) {
        now = Instant.parse(at);
        BackupService service = new BackupService(List.of(new SqliteFileSource("auth", db)), store,
                new ObjectKeys(""), catalog, new SqlDumpWriter(clock, "test"),
                new BackupSettings(Compression.NONE, ZoneId.of("UTC"), 1, DumpDialect.D1, "test"),
                new DatabaseLocks(), Redactor.none(), clock);
        Secret url = new Secret("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", "test");
        WebhookNotifier notifier = new WebhookNotifier(url, AlertFormat.GENERIC, false, alertOnSchemaChange,
                WebhookNotifier.newHttpClient(DeliveryPolicy.defaults()), clock, Sleeper.system(),
                DeliveryPolicy.defaults());
        RunReport report = TestRuns.nightly(service, catalog, notifier, clock, RunTrigger.MANUAL, Set.of());
        assertEquals(1, report.databases().size());
        assertEquals(LocalDate.parse(at.substring(0, 10)), report.runDate());
        return report.databases().get(0);
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }
}
