package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 part 1 through the real CLI, a real SQLite database and a folder store: the nightly compresses, then
 * encrypts to two X25519 recipients ({@code .sql.zst.age}); the catalog records the encryption and the recipients'
 * fingerprints and the SHA-256 of the stored bytes; download, restore, inspect, verify (with and without
 * {@code --decrypt}), the weekly archive and its extraction all decrypt with the identity; without the identity or
 * with the wrong one every read path says which key it needs and writes nothing; damaged objects are named.
 */
class EncryptedBackupCliTest {
    private static final int ROWS = 3000;

    @TempDir
    Path dir;

    private final X25519Identity operator = X25519Identity.generate(new SecureRandom());
    private final X25519Identity recovery = X25519Identity.generate(new SecureRandom());
    private final X25519Identity stranger = X25519Identity.generate(new SecureRandom());
    private Path config;
    private Path db;

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
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
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + ROWS + ") "
                    + "INSERT INTO items (name, price) SELECT 'item ' || x || ' ' || hex(randomblob(16)), x / 7.0 "
                    + "FROM n");
        }
        Files.writeString(dir.resolve("operator.txt"), AgeIdentityFile.format(operator, OffsetDateTime.now()));
        Files.writeString(dir.resolve("stranger.txt"), AgeIdentityFile.format(stranger, OffsetDateTime.now()));
        encryptedConfig();
    }

    private void encryptedConfig() throws Exception {
        writeConfig("recipients = [\"%s\", \"%s\"]\nidentity = \"%s\"".formatted(operator.recipient().encoded(),
                recovery.recipient().encoded(), dir.resolve("operator.txt")));
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
                daily = "zstd"

                [catalog]
                path = "%s"
                %s
                """.formatted(dir.resolve("store"), db, dir.resolve("data/catalog.sqlite"),
                encryption.isEmpty() ? "" : "\n[encryption]\n" + encryption));
    }

    private void recipientsOnly() throws Exception {
        writeConfig("recipients = [\"%s\", \"%s\"]".formatted(operator.recipient().encoded(),
                recovery.recipient().encoded()));
    }

    private StoredObject object(String key) {
        try (Catalog c = Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC())) {
            return c.object(key).orElseThrow(() -> new AssertionError("not in the catalog: " + key));
        }
    }

    private static long rows(Path sqlite) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            return rs.getLong(1);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theNightlyIsCompressedThenEncryptedAndEveryReadPathDecrypts() throws Exception {
        for (int day = 2; day <= 4; day++) {
            Result r = patina("backup", "-q", "--now", "2026-11-0" + day + "T02:00:00Z");
            assertEquals(0, r.code(), r.all());
        }
        String key = "daily/2026-11-02/shop.sql.zst.age";
        Path stored = dir.resolve("store").resolve(key);
        byte[] bytes = Files.readAllBytes(stored);
        assertTrue(new String(bytes, 0, 22, StandardCharsets.US_ASCII).startsWith("age-encryption.org/v1\n"));
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("CREATE TABLE"), "nothing in clear");
        StoredObject o = object(key);
        assertEquals("age", o.encryption());
        assertEquals(List.of(operator.fingerprint(), recovery.fingerprint()), o.recipients());
        assertEquals(sha256(bytes), o.sha256(), "the SHA-256 is of the stored, encrypted bytes");
        assertEquals(bytes.length, o.size());
        assertEquals(Long.valueOf(ROWS), o.rowCounts().get("items"));

        Path sql = dir.resolve("shop.sql");
        Result download = patina("download", "2026-11-02", "shop", "--decompress", "-q", "-o", sql.toString());
        assertEquals(0, download.code(), download.all());
        String text = Files.readString(sql);
        assertTrue(text.contains("CREATE TABLE") && text.contains("item " + ROWS + " "), text.substring(0, 200));

        Path kept = dir.resolve("kept.sql.zst.age");
        Result keep = patina("download", "2026-11-02", "shop", "--keep-encrypted", "-q", "-o", kept.toString());
        assertEquals(0, keep.code(), keep.all());
        assertArrayEquals(bytes, Files.readAllBytes(kept), "--keep-encrypted writes the stored bytes");

        Path restored = dir.resolve("restored.sqlite");
        Result restore = patina("restore", "-q", kept.toString(), restored.toString());
        assertEquals(0, restore.code(), restore.all());
        assertEquals(ROWS, rows(restored));
        Result inspect = patina("inspect", kept.toString());
        assertEquals(0, inspect.code(), inspect.all());
        assertTrue(inspect.out().contains("checksum:    ok"), inspect.all());

        Result verify = patina("verify", "--date", "2026-11-02");
        assertEquals(0, verify.code(), verify.all());
        assertTrue(verify.out().contains("not decrypted"), verify.all());
        Result decrypt = patina("verify", "--date", "2026-11-02", "--decrypt");
        assertEquals(0, decrypt.code(), decrypt.all());
        assertTrue(decrypt.out().contains("integrity_check ok"), decrypt.all());

        Result weekly = patina("weekly", "--now", "2026-11-09T03:00:00Z");
        assertTrue(weekly.code() == 0 || weekly.code() == 1, weekly.all()); // days 5–8 are missing: partial
        Path archive = dir.resolve("store/weekly/2026-W45.tar.gz.age");
        assertTrue(Files.exists(archive), weekly.all());
        byte[] archived = Files.readAllBytes(archive);
        assertTrue(new String(archived, 0, 21, StandardCharsets.US_ASCII).equals("age-encryption.org/v1"));
        StoredObject w = object("weekly/2026-W45.tar.gz.age");
        assertEquals(sha256(archived), w.sha256());
        assertEquals(List.of(operator.fingerprint(), recovery.fingerprint()), w.recipients());

        Path member = dir.resolve("member.sql");
        Result extract = patina("extract", "2026-W45", "shop", "2026-11-03", "-q", "-o", member.toString());
        assertEquals(0, extract.code(), extract.all());
        assertTrue(Files.readString(member).contains("item " + ROWS + " "));
        Path copy = Files.copy(archive, dir.resolve("copy.tar.gz.age"));
        Result local = patina("extract", copy.toString(), "shop", "2026-11-03", "-q", "-o",
                dir.resolve("local.sql").toString());
        assertEquals(1, local.code(), local.all());
        assertTrue(local.all().contains("is an age-encrypted archive") && local.all().contains("age -d"), local.all());
        assertFalse(Files.exists(dir.resolve("local.sql")));
    }

    @Test
    void withoutTheIdentityOrWithAnotherOneEveryReadSaysWhichKeyAndWritesNothing() throws Exception {
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-02T02:00:00Z").code());
        recipientsOnly();
        Path out = dir.resolve("out.sql");
        Result download = patina("download", "2026-11-02", "shop", "--decompress", "-q", "-o", out.toString());
        assertEquals(1, download.code(), download.all());
        assertTrue(download.all().contains("daily/2026-11-02/shop.sql.zst.age is encrypted")
                && download.all().contains(operator.fingerprint()) && download.all().contains(recovery.fingerprint())
                && download.all().contains("[encryption] identity"), download.all());
        assertFalse(Files.exists(out));

        Result verify = patina("verify", "--date", "2026-11-02");
        assertEquals(0, verify.code(), "the checksum needs no key: " + verify.all());
        Result decrypt = patina("verify", "--date", "2026-11-02", "--decrypt");
        assertEquals(1, decrypt.code(), decrypt.all());
        assertTrue(decrypt.out().contains("CHECK_FAILED") && decrypt.out().contains(operator.fingerprint()),
                decrypt.all());
        assertFalse(decrypt.out().contains("DAMAGED"), "a missing key is no damage: " + decrypt.all());

        Result weekly = patina("weekly", "--now", "2026-11-09T03:00:00Z");
        assertNotEquals(0, weekly.code(), weekly.all());
        assertTrue(weekly.all().contains(operator.fingerprint()) && weekly.all().contains("no weekly archive"),
                weekly.all());
        assertFalse(Files.exists(dir.resolve("store/weekly")) && Files.list(dir.resolve("store/weekly"))
                .anyMatch(p -> !p.getFileName().toString().startsWith(".")), "no archive was stored");

        writeConfig("recipients = [\"%s\"]\nidentity = \"%s\"".formatted(operator.recipient().encoded(),
                dir.resolve("stranger.txt")));
        Result wrong = patina("download", "2026-11-02", "shop", "-q", "-o", out.toString());
        assertEquals(1, wrong.code(), wrong.all());
        assertTrue(wrong.all().contains("cannot open object daily/2026-11-02/shop.sql.zst.age")
                && wrong.all().contains(operator.fingerprint()) && wrong.all().contains(stranger.fingerprint()),
                wrong.all());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("patina-download")),
                    "no temp file is left");
        }
    }

    @Test
    void aFlippedByteOrATruncatedObjectIsNamedDamagedAndNothingIsWritten() throws Exception {
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-02T02:00:00Z").code());
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-03T02:00:00Z").code());
        Path flipped = dir.resolve("store/daily/2026-11-02/shop.sql.zst.age");
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(flipped, bytes);
        Path truncated = dir.resolve("store/daily/2026-11-03/shop.sql.zst.age");
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 100));

        Path out = dir.resolve("out.sql");
        for (String date : List.of("2026-11-02", "2026-11-03")) {
            Result r = patina("download", date, "shop", "--decompress", "-q", "-o", out.toString());
            assertEquals(1, r.code(), r.all());
            assertTrue(r.all().contains("daily/" + date + "/shop.sql.zst.age is damaged"), r.all());
            assertFalse(Files.exists(out), "nothing half written");
        }
        Result verify = patina("verify", "--date", "2026-11-02");
        assertEquals(1, verify.code(), verify.all());
        assertTrue(verify.out().contains("CHECKSUM_MISMATCH"), verify.all());
    }

    @Test
    void turningEncryptionOnAffectsNewObjectsOnlyAndAStoreOfBothKindsWorks() throws Exception {
        writeConfig("identity = \"%s\"".formatted(dir.resolve("operator.txt"))); // opens, does not encrypt
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-02T02:00:00Z").code());
        encryptedConfig(); // encryption on
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-03T02:00:00Z").code());
        assertTrue(Files.exists(dir.resolve("store/daily/2026-11-02/shop.sql.zst")));
        assertTrue(Files.exists(dir.resolve("store/daily/2026-11-03/shop.sql.zst.age")));
        assertFalse(object("daily/2026-11-02/shop.sql.zst").encrypted());
        assertTrue(object("daily/2026-11-03/shop.sql.zst.age").encrypted());

        Result verify = patina("verify", "--date", "2026-11-02", "--decrypt");
        assertEquals(0, verify.code(), verify.all());
        Result list = patina("list", "--json");
        assertEquals(0, list.code(), list.all());
        assertTrue(list.out().contains("\"encryption\" : \"age\"") || list.out().contains("\"encryption\":\"age\""),
                list.out());

        Result weekly = patina("weekly", "--now", "2026-11-09T03:00:00Z");
        assertTrue(Files.exists(dir.resolve("store/weekly/2026-W45.tar.gz.age")), weekly.all());
        for (String day : List.of("2026-11-02", "2026-11-03")) {
            Path member = dir.resolve("m-" + day + ".sql");
            Result extract = patina("extract", "2026-W45", "shop", day, "-q", "-o", member.toString());
            assertEquals(0, extract.code(), extract.all());
            assertTrue(Files.readString(member).contains("CREATE TABLE"));
        }
    }
}
