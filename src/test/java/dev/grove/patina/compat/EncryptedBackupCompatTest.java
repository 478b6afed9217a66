package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.Services;
import dev.grove.patina.cli.PatinaCli;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patina's real backup pipeline against the real tools (issue 14): an object the nightly compressed and encrypted —
 * to two X25519 recipients, or to a passphrase — is decrypted by {@code age -d}, decompressed by {@code gzip -d} and
 * loaded by the {@code sqlite3} shell with the source's row counts; and a dump {@code age -e} (X25519) or
 * {@code age -p} (passphrase, typed through a pseudo-terminal) encrypted restores with {@code patina restore}.
 */
@Tag("compat")
class EncryptedBackupCompatTest {
    private static final String PASSPHRASE = "compat nightly pass ✓ 2026";
    private static final int ITEMS = 20_000;
    private static final int NOTES = 700;

    @TempDir
    Path dir;

    private final X25519Identity operator = X25519Identity.generate(new SecureRandom());
    private final X25519Identity recovery = X25519Identity.generate(new SecureRandom());
    private CompatTools tools;
    private Path db;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        tools = CompatTools.load();
        db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, data BLOB)");
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, item INTEGER REFERENCES items(id), body TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + ITEMS + ") "
                    + "INSERT INTO items (name, price, data) SELECT 'item ' || x || ' ''q'' ✓', x / 3.0, "
                    + "randomblob(24) FROM n");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + NOTES + ") "
                    + "INSERT INTO notes (item, body) SELECT x, 'line one' || char(10) || 'line two' FROM n");
        }
    }

    private void writeConfig(String encryption) throws Exception {
        config = dir.resolve("patina.toml");
        Files.writeString(config, """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"

                [encryption]
                %s
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"), encryption));
    }

    private String patina(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("dump")) {
            all.add("--config");
            all.add(config.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services services = new Services(Clock.systemUTC(), new AppDirs(Map.of("PATINA_HOME",
                dir.resolve("home").toString()), "Linux", dir.resolve("home")));
        int code = PatinaCli.run(all.toArray(String[]::new), services, new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, "patina " + String.join(" ", args) + ": " + out + err);
        return out.toString();
    }

    private Path ownerOnly(String name, String text) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
    }

    private Map<String, Long> counts(Path sqlite) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement();
             ResultSet items = s.executeQuery("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM notes), "
                     + "(SELECT sum(length(data)) FROM items)")) {
            return Map.of("items", items.getLong(1), "notes", items.getLong(2), "blobBytes", items.getLong(3));
        }
    }

    /** age -d (with {@code ageArgs}), gzip -d, sqlite3 < dump: the stored object restored with outside tools only. */
    private Path restoreWithTools(Path stored, List<String> ageCommand, Map<String, String> env) throws Exception {
        Path gz = dir.resolve("out-" + System.nanoTime() + ".sql.gz");
        List<String> cmd = new ArrayList<>(ageCommand);
        cmd.addAll(List.of("-d", "-o", gz.toString()));
        cmd.addAll(List.of(stored.toString()));
        run(cmd, env);
        run(List.of("gzip", "-d", gz.toString()), Map.of());
        Path sql = Path.of(gz.toString().replaceAll("\\.gz$", ""));
        return new SqliteShell(tools).load(sql, dir.resolve("shell-" + System.nanoTime() + ".sqlite"));
    }

    @Test
    void x25519NightlyDecryptsWithAgeAndLoadsInSqlite3() throws Exception {
        Path opKey = ownerOnly("operator.txt", AgeIdentityFile.format(operator, OffsetDateTime.now()));
        Path recKey = ownerOnly("recovery.txt", AgeIdentityFile.format(recovery, OffsetDateTime.now()));
        writeConfig("recipients = [\"%s\", \"%s\"]\nidentity = \"%s\"".formatted(operator.recipient().encoded(),
                recovery.recipient().encoded(), opKey));
        patina("backup", "-q", "--now", "2026-11-28T02:00:00Z");
        Path stored = dir.resolve("store/daily/2026-11-28/shop.sql.gz.age");
        assertTrue(Files.isRegularFile(stored));
        for (Path key : List.of(opKey, recKey)) {
            Path loaded = restoreWithTools(stored, List.of(tools.age().toString(), "-i", key.toString()), Map.of());
            assertEquals(counts(db), counts(loaded), "age -d -i " + key.getFileName());
        }
    }

    @Test
    void passphraseNightlyDecryptsWithAgeThroughAPseudoTerminal() throws Exception {
        Path pass = ownerOnly("passphrase", PASSPHRASE);
        writeConfig("passphrase = \"file:" + pass + "\"");
        patina("backup", "-q", "--now", "2026-11-28T02:00:00Z");
        Path stored = dir.resolve("store/daily/2026-11-28/shop.sql.gz.age");
        assertTrue(Files.readString(stored, StandardCharsets.ISO_8859_1).contains("\n-> scrypt "));
        Path driver = Files.writeString(dir.resolve("pty_driver.py"), AgeCompatTest.PTY_DRIVER);
        Path loaded = restoreWithTools(stored, List.of("/usr/bin/python3", driver.toString(), tools.age().toString()),
                Map.of("AGE_PASSPHRASE", PASSPHRASE));
        assertEquals(counts(db), counts(loaded));
    }

    @Test
    void dumpsAgeEncryptedRestoreWithPatina() throws Exception {
        Path opKey = ownerOnly("operator.txt", AgeIdentityFile.format(operator, OffsetDateTime.now()));
        Path pass = ownerOnly("passphrase", PASSPHRASE);
        writeConfig("identity = \"%s\"".formatted(opKey));
        Path dump = dir.resolve("shop.sql.gz");
        patina("dump", db.toString(), "--name", "shop", "--compress", "gzip", "-q", "-o", dump.toString());
        Path x25519 = dir.resolve("shop.sql.gz.age");
        run(List.of(tools.age().toString(), "-e", "-r", operator.recipient().encoded(), "-o", x25519.toString(),
                dump.toString()), Map.of());
        Path restored = dir.resolve("from-x25519.sqlite");
        String out = patina("restore", "-q", x25519.toString(), restored.toString());
        assertTrue(out.contains("integrity_check: ok"), out);
        assertEquals(counts(db), counts(restored));

        Path driver = Files.writeString(dir.resolve("pty_driver.py"), AgeCompatTest.PTY_DRIVER);
        Path scrypt = dir.resolve("shop.sql.gz.p.age");
        run(List.of("/usr/bin/python3", driver.toString(), tools.age().toString(), "-p", "-o", scrypt.toString(),
                dump.toString()), Map.of("AGE_PASSPHRASE", PASSPHRASE));
        writeConfig("passphrase = \"file:" + pass + "\"");
        Path fromPass = dir.resolve("from-passphrase.sqlite");
        patina("restore", "-q", scrypt.toString(), fromPass.toString());
        assertEquals(counts(db), counts(fromPass));
    }
}
