package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.ui.settings.DatabaseEditorViewModel.DatabaseField;
import dev.grove.patina.ui.settings.DatabaseEditorViewModel.DatabaseKind;
import dev.grove.patina.util.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database editor on a real config file, real SQLite files and the fake D1 API over HTTP. */
class DatabaseEditorViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-28T06:30:00Z");
    private static final String ACCOUNT = "acc0123456789abcdef";
    private static final String DATABASE = "db-7f3c";
    private static final String TOKEN = "tok-SECRET-d1-4242";
    private static final String WRONG_TOKEN = "tok-WRONG-d1-0000";
    private static final Map<String, String> ENV = Map.of("CF_API_TOKEN", TOKEN, "CF_OLD_TOKEN", WRONG_TOKEN);

    @TempDir
    Path dir;
    private Path file;
    private ConfigLoader loader;
    private SettingsViewModel settings;

    @BeforeEach
    void setUp() throws Exception {
        file = UiFixtures.workspace(dir, List.of("shop"), 2);
        loader = new ConfigLoader(ENV::get, dir.resolve("data"), name -> Optional.empty());
        settings = new SettingsViewModel(loader.load(file), new SettingsSaver(loader), Clock.fixed(NOW, ZoneOffset.UTC),
                StoreProbe.of(new LocalFolderStore(dir.resolve("store"))), Notifier.none(), new SyncUiExecutor());
    }

    private Path sqlite(String name, boolean wal) throws Exception {
        Path db = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            if (wal) {
                s.execute("PRAGMA journal_mode = wal");
            }
            s.execute("CREATE TABLE job (id INTEGER PRIMARY KEY, state TEXT)");
            s.execute("CREATE TABLE log (at TEXT)");
            s.execute("INSERT INTO job (state) VALUES ('queued'), ('done')");
        }
        return db;
    }

    @Test
    void everyFieldIsCheckedAsTheLoaderChecksItAndTheErrorIsNamedByField() {
        DatabaseEditorViewModel m = settings.newDatabase();
        assertTrue(m.errorProperty(DatabaseField.NAME).get().startsWith("Required"));
        assertTrue(m.errorProperty(DatabaseField.PATH).get().startsWith("Required"));
        m.nameProperty().set("Shop Main");
        assertTrue(m.errorProperty(DatabaseField.NAME).get().startsWith("Must be lower-case letters, digits"),
                m.errorProperty(DatabaseField.NAME).get());
        m.nameProperty().set("shop");
        assertEquals("'shop' is already the name of another database; names must be unique",
                m.errorProperty(DatabaseField.NAME).get());
        m.nameProperty().set("jobs");
        assertEquals("", m.errorProperty(DatabaseField.NAME).get());

        m.kindProperty().set(DatabaseKind.D1);
        assertEquals("", m.errorProperty(DatabaseField.PATH).get(), "a D1 database has no path");
        m.accountIdProperty().set("acc 1");
        assertTrue(m.errorProperty(DatabaseField.ACCOUNT_ID).get()
                .contains("letters, digits and '-' as Cloudflare shows it"));
        m.databaseIdProperty().set("");
        assertTrue(m.errorProperty(DatabaseField.DATABASE_ID).get().startsWith("Required"));
        m.tokenProperty().set(TOKEN);
        String tokenError = m.errorProperty(DatabaseField.TOKEN).get();
        assertTrue(tokenError.contains("not the secret itself"), tokenError);
        assertFalse(tokenError.contains(TOKEN));
        m.tokenProperty().set("env:CF-TOKEN");
        assertTrue(m.errorProperty(DatabaseField.TOKEN).get().contains("is not a valid env:NAME reference"));
        m.apiBaseProperty().set("ftp://api.example");
        assertTrue(m.errorProperty(DatabaseField.API_BASE).get().startsWith("Must be an http(s) URL"));
        assertFalse(m.validProperty().get());

        m.accountIdProperty().set(ACCOUNT);
        m.databaseIdProperty().set(DATABASE);
        m.tokenProperty().set("env:CF_API_TOKEN");
        m.apiBaseProperty().set(D1DatabaseConfig.DEFAULT_API_BASE.toString());
        assertTrue(m.validProperty().get());
    }

    @Test
    void aMissingFileOrAFolderIsNamedUnderThePathAndNothingIsWritten() throws Exception {
        String before = Files.readString(file);
        DatabaseEditorViewModel m = settings.newDatabase();
        m.nameProperty().set("jobs");
        m.pathProperty().set(dir.resolve("nope/jobs.sqlite").toString());
        AtomicInteger closed = new AtomicInteger();
        m.save(closed::incrementAndGet);
        assertEquals("No such file: " + dir.resolve("nope/jobs.sqlite"), m.errorProperty(DatabaseField.PATH).get());
        assertEquals(0, closed.get(), "the dialog stays open");
        assertFalse(m.validProperty().get(), "Save stays disabled until the path changes");

        m.pathProperty().set(dir.toString());
        assertEquals("", m.errorProperty(DatabaseField.PATH).get());
        m.save(closed::incrementAndGet);
        assertEquals(dir + " is a folder, not a SQLite file", m.errorProperty(DatabaseField.PATH).get());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void anAddedSqliteDatabaseIsSavedAndTheFileLoadsBackWithIt() throws Exception {
        Path jobs = sqlite("jobs.sqlite", true);
        DatabaseEditorViewModel m = settings.newDatabase();
        m.nameProperty().set("jobs");
        m.pathProperty().set("jobs.sqlite"); // relative: to the config's folder, as in the file
        AtomicInteger closed = new AtomicInteger();
        m.save(closed::incrementAndGet);
        assertEquals(1, closed.get(), m.statusProperty().get() + m.errorProperty(DatabaseField.PATH).get());

        PatinaConfig reloaded = loader.load(file);
        assertEquals(List.of("shop", "jobs"), reloaded.databases().stream().map(DatabaseConfig::name).toList());
        assertEquals(new SqliteDatabaseConfig("jobs", jobs), reloaded.database("jobs").orElseThrow());
        assertEquals(List.of("shop", "jobs"), settings.databases().stream().map(DatabaseRow::name).toList());
        assertTrue(settings.messageProperty().get().contains("Restart Patina to back it up"),
                settings.messageProperty().get());
        assertTrue(settings.restartNoteProperty().get().contains("restart Patina"));
        assertEquals(reloaded.databases(), settings.saved().databases());
    }

    @Test
    void aD1DatabaseIsWrittenWithItsTokenAsAReferenceAndShownOnlyByIt() throws Exception {
        DatabaseEditorViewModel m = settings.newDatabase();
        m.kindProperty().set(DatabaseKind.D1);
        m.nameProperty().set("edge");
        m.accountIdProperty().set(ACCOUNT);
        m.databaseIdProperty().set(DATABASE);
        m.tokenProperty().set("env:CF_UNSET");
        m.save(() -> { });
        assertEquals("The token refers to environment variable CF_UNSET, which is not set",
                m.errorProperty(DatabaseField.TOKEN).get());

        m.tokenProperty().set("env:CF_API_TOKEN");
        m.modeProperty().set(D1DatabaseConfig.MODE_EXPORT);
        m.save(() -> { });
        String toml = Files.readString(file);
        assertTrue(toml.contains("api_token = \"env:CF_API_TOKEN\""), toml);
        assertFalse(toml.contains(TOKEN), toml);
        D1DatabaseConfig d1 = (D1DatabaseConfig) loader.load(file).database("edge").orElseThrow();
        assertEquals(new Secret(TOKEN, "env:CF_API_TOKEN"), d1.apiToken());
        assertEquals(D1DatabaseConfig.MODE_EXPORT, d1.mode());

        DatabaseRow row = settings.databases().get(1);
        assertEquals(new DatabaseRow("edge", "d1", "account " + ACCOUNT + " · database " + DATABASE
                + " (export mode)", "token from env:CF_API_TOKEN"), row);
        List<String> shown = new ArrayList<>(List.of(row.name(), row.kind(), row.source(), row.secret(),
                settings.messageProperty().get()));
        DatabaseEditorViewModel again = settings.editDatabase("edge");
        assertEquals("env:CF_API_TOKEN", again.tokenProperty().get());
        shown.add(again.tokenProperty().get());
        for (String text : shown) {
            assertFalse(text.contains(TOKEN), text);
        }
    }

    @Test
    void editRenamesAndRemoveAsksFirstAndKeepsTheBackups() throws Exception {
        DatabaseEditorViewModel m = settings.editDatabase("shop");
        assertEquals("Edit database shop", m.title());
        assertTrue(m.validProperty().get(), "its own name is not a duplicate");
        m.nameProperty().set("shop-main");
        m.save(() -> { });
        assertEquals(List.of("shop-main"), loader.load(file).databases().stream().map(DatabaseConfig::name).toList());
        assertTrue(settings.messageProperty().get().contains("Backups made under the old name shop stay in the store"),
                settings.messageProperty().get());

        String question = settings.removeQuestion("shop-main");
        assertTrue(question.contains("existing backups stay in the store"), question);
        settings.removeDatabase("shop-main");
        assertEquals(List.of(), loader.load(file).databases());
        assertEquals(List.of(), settings.databases());
        assertTrue(settings.messageProperty().get().startsWith("Removed database shop-main from " + file
                + "; its backups stay in the store."), settings.messageProperty().get());
    }

    @Test
    void unsavedScheduleEditsStayPendingWhenADatabaseIsSaved() throws Exception {
        settings.dailyDaysProperty().set("30");
        DatabaseEditorViewModel m = settings.newDatabase();
        m.nameProperty().set("jobs");
        m.pathProperty().set(sqlite("jobs.sqlite", false).toString());
        m.save(() -> { });
        assertEquals(7, loader.load(file).retention().dailyDays(), "only the database was saved");
        assertTrue(settings.canSaveProperty().get(), "the retention edit is still there to save");
        settings.save();
        PatinaConfig after = loader.load(file);
        assertEquals(30, after.retention().dailyDays());
        assertEquals(2, after.databases().size(), "and the schedule save keeps the new database");
    }

    @Test
    void testConnectionOpensTheSqliteFileReadOnlyAndNamesTheFileWhenItIsNotSqlite() throws Exception {
        Path jobs = sqlite("jobs.sqlite", true);
        byte[] before = Files.readAllBytes(jobs);
        DatabaseEditorViewModel m = settings.newDatabase();
        m.pathProperty().set(jobs.toString());
        m.testConnection();
        assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
        assertTrue(m.statusProperty().get().matches("ok — 2 tables, [0-9.]+ (B|KiB), journal mode wal"),
                m.statusProperty().get());
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(jobs).length));

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are notes, not a database ".repeat(200));
        m.pathProperty().set(text.toString());
        m.testConnection();
        assertFalse(m.statusOkProperty().get());
        assertEquals("database (new): " + text + " is not a SQLite database", m.statusProperty().get());

        m.pathProperty().set(dir.resolve("gone.sqlite").toString());
        m.testConnection();
        assertEquals("database (new): file " + dir.resolve("gone.sqlite") + " does not exist",
                m.statusProperty().get());
        assertFalse(Files.exists(dir.resolve("gone.sqlite")), "a test never creates the file");
    }

    @Test
    void d1TestConnectionRunsOneQueryOverHttpAndExplainsARefusedTokenWithoutShowingIt() throws Exception {
        Path d1File = sqlite("d1.sqlite", false);
        try (FakeD1Server server = new FakeD1Server(d1File, ACCOUNT, DATABASE, TOKEN)) {
            DatabaseEditorViewModel m = settings.newDatabase();
            m.kindProperty().set(DatabaseKind.D1);
            m.nameProperty().set("edge");
            m.accountIdProperty().set(ACCOUNT);
            m.databaseIdProperty().set(DATABASE);
            m.apiBaseProperty().set(server.apiBase().toString());
            m.tokenProperty().set("env:CF_API_TOKEN");
            m.testConnection();
            assertEquals("ok — 2 tables in D1 database " + DATABASE, m.statusProperty().get());
            assertTrue(m.statusOkProperty().get());

            m.tokenProperty().set("env:CF_OLD_TOKEN");
            m.testConnection();
            String refused = m.statusProperty().get();
            assertFalse(m.statusOkProperty().get());
            assertTrue(refused.startsWith("database edge (D1 " + DATABASE + "): Cloudflare refused the API token"
                    + " (HTTP 403"), refused);
            assertTrue(refused.contains("belongs to account " + ACCOUNT), refused);
            assertFalse(refused.contains(WRONG_TOKEN) || refused.contains(TOKEN), refused);

            m.tokenProperty().set("env:CF_API_TOKEN");
            m.databaseIdProperty().set("db-unknown");
            m.testConnection();
            assertTrue(m.statusProperty().get().contains("Cloudflare does not know this database (HTTP 404"),
                    m.statusProperty().get());
        }
    }
}
