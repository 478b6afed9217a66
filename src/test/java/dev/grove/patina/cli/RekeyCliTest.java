package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.crypt.AgeDecryptor;
import dev.grove.patina.crypt.AgeFailure;
import dev.grove.patina.crypt.AgeFormatException;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.store.local.LocalFolderStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patina rekey} through the real CLI and a folder store: a replaced recovery key — the objects are
 * re-encrypted to the new recipients, the old key no longer opens them, the new one does, the catalog records the new
 * SHA-256 and recipients, nothing is left staged; a run stopped after the replace but before the catalog heard of it
 * is finished by the next run; a left-over staging object is redone.
 */
class RekeyCliTest {
    @TempDir
    Path dir;

    private final X25519Identity operator = X25519Identity.generate(new SecureRandom());
    private final X25519Identity oldRecovery = X25519Identity.generate(new SecureRandom());
    private final X25519Identity newRecovery = X25519Identity.generate(new SecureRandom());
    private Path config;
    private Path db;

    record Result(int code, String out) {
    }

    private Result patina(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services services = new Services(Clock.systemUTC(), new AppDirs(Map.of("PATINA_HOME",
                dir.resolve("home").toString()), "Linux", dir.resolve("home")));
        int code = PatinaCli.run(all, services, new ByteArrayOutputStream(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out + err.toString());
    }

    private void writeConfig(X25519Identity recovery) throws Exception {
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
                daily = "zstd"

                [catalog]
                path = "%s"

                [encryption]
                recipients = ["%s", "%s"]
                identity = "%s"
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"),
                operator.recipient().encoded(), recovery.recipient().encoded(), dir.resolve("operator.txt")));
    }

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) "
                    + "INSERT INTO items (name) SELECT 'item ' || x FROM n");
        }
        Files.writeString(dir.resolve("operator.txt"), AgeIdentityFile.format(operator, OffsetDateTime.now()));
        writeConfig(oldRecovery);
        for (String day : List.of("02", "03")) {
            Result r = patina("backup", "-q", "--now", "2026-11-" + day + "T02:00:00Z");
            assertEquals(0, r.code(), r.out());
        }
        writeConfig(newRecovery);
    }

    private StoredObject object(String key) {
        try (Catalog c = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
            return c.object(key).orElseThrow();
        }
    }

    private byte[] decrypt(X25519Identity id, Path file) throws Exception {
        try (InputStream in = new AgeDecryptor(List.of(id)).decrypt(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private List<String> staged() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            return files.map(Path::toString).filter(p -> p.contains(".rekey")).toList();
        }
    }

    @Test
    void reEncryptsToTheNewRecipientsChecksAndRecordsThem() throws Exception {
        String key = "daily/2026-11-02/shop.sql.zst.age";
        Path file = dir.resolve("store").resolve(key);
        byte[] plainBefore = decrypt(operator, file);
        Files.writeString(dir.resolve("store/daily/2026-11-03/shop.sql.zst.age.rekey"), "left by a crash");

        Result dry = patina("rekey", "--dry-run");
        assertEquals(0, dry.code(), dry.out());
        assertTrue(dry.out().contains("2 object(s) to re-encrypt") && dry.out().contains(key), dry.out());
        assertEquals(List.of(operator.fingerprint(), oldRecovery.fingerprint()), object(key).recipients());

        Result r = patina("rekey");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("re-encrypted 2 object(s), 0 failed"), r.out());
        StoredObject o = object(key);
        assertEquals(List.of(operator.fingerprint(), newRecovery.fingerprint()), o.recipients());
        byte[] stored = Files.readAllBytes(file);
        assertEquals(sha256(stored), o.sha256());
        assertEquals(stored.length, o.size());
        assertArrayEquals(plainBefore, decrypt(newRecovery, file), "the new recovery key opens it");
        AgeFormatException refused = assertThrows(AgeFormatException.class, () -> decrypt(oldRecovery, file));
        assertEquals(AgeFailure.NO_MATCH, refused.failure(), "the replaced key no longer does");
        assertEquals(List.of(), staged(), "no staging object is left");
        assertEquals(0, patina("verify", "--date", "2026-11-03", "--decrypt").code());

        Result again = patina("rekey");
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("0 object(s) to re-encrypt"), again.out());
    }

    @Test
    void aRunStoppedAfterTheReplaceIsFinishedByTheNextOne() throws Exception {
        String key = "daily/2026-11-02/shop.sql.zst.age";
        StoredObject before = object(key);
        assertEquals(0, patina("rekey").code());
        StoredObject after = object(key);
        // as if the process died after the new object replaced the old and before the catalog and the cleanup:
        // the catalog still says the old SHA-256 and recipients, and the checked staging copy is still there
        LocalFolderStore store = new LocalFolderStore(dir.resolve("store"));
        store.put(key + ".rekey", out -> {
            try (InputStream in = store.get(key)) {
                in.transferTo(out);
            }
            return store.head(key).orElseThrow().metadata();
        });
        try (Catalog c = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
            c.recordObject(before);
        }
        byte[] storedBytes = Files.readAllBytes(dir.resolve("store").resolve(key));

        Result r = patina("rekey");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("re-encrypted 1 object(s)"), r.out());
        assertEquals(after.sha256(), object(key).sha256());
        assertEquals(after.recipients(), object(key).recipients());
        assertArrayEquals(storedBytes, Files.readAllBytes(dir.resolve("store").resolve(key)), "finished, not redone");
        assertEquals(List.of(), staged());
        assertFalse(patina("download", "2026-11-02", "shop", "-q", "-o", dir.resolve("x.sql.zst").toString())
                .code() != 0);
    }
}
