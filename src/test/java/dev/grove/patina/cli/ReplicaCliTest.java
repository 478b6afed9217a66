package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with {@code [[replicas]]} (issue 14 §2): {@code backup} copies to each replica and says how each fared,
 * {@code status} shows "in sync / N behind", {@code verify --store NAME} checks one store's copies (a damaged copy is
 * recorded on that copy, never on the primary's object), and {@code download --from NAME} reads a replica while
 * the primary has lost the object.
 */
class ReplicaCliTest {
    @TempDir
    Path dir;

    private Path config;
    private LocalDate today;

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
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
            s.execute("INSERT INTO orders (item) VALUES ('tea'), ('cups'), ('saucers')");
        }
        Path notAFolder = Files.writeString(dir.resolve("unmounted"), "a file where the replica's folder should be");
        config = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[replicas]]
                name = "usb"
                type = "local"
                path = "%s"
                prefix = "mirror/"

                [[replicas]]
                name = "nas"
                type = "local"
                path = "%s"
                timeout_seconds = 10

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), dir.resolve("usb"), notAFolder.resolve("patina"), db,
                dir.resolve("catalog.sqlite")));
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void backupStatusVerifyAndDownloadWorkPerStore() throws Exception {
        Result backup = run("backup", "--config", config.toString());
        assertEquals(0, backup.code(), backup.out() + backup.err());
        assertTrue(backup.out().contains("replica usb              copied 1, deleted 0, in sync"), backup.out());
        assertTrue(backup.out().contains("replica nas              copied 0, deleted 0, 1 behind — copying daily/"),
                backup.out());
        String key = "daily/" + today + "/shop.sql";
        assertTrue(Files.isRegularFile(dir.resolve("usb/mirror").resolve(key)), "the copy is under usb's prefix");

        Result status = run("status", "--config", config.toString());
        assertTrue(status.out().contains("replica:  usb: in sync"), status.out());
        assertTrue(status.out().contains("replica:  nas: 1 behind — copying " + key + " on replica nas failed"),
                status.out());
        // nas's last sync failed: a stale replica is a warning monitoring sees, exit 1 like a stale database
        assertEquals(1, status.code(), status.out());
        assertTrue(status.out().contains("  STALE  replica nas: the last sync failed, 1 object(s) still to copy ("),
                status.out());
        assertFalse(status.out().contains("STALE  replica usb"), status.out());
        Result json = run("status", "--json", "--config", config.toString());
        assertTrue(json.out().contains("\"replicas\"") && json.out().contains("\"behind\" : 1"), json.out());
        assertEquals(1, json.code(), json.out());
        assertTrue(json.out().contains("\"healthy\" : false") && json.out().contains("\"stale\" : true")
                && json.out().contains("\"staleReason\" : \"replica nas: the last sync failed"), json.out());

        Result verified = run("verify", "--store", "usb", "--config", config.toString());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verifying the copies on usb") && verified.out().contains("1 ok"),
                verified.out());
        Result unknown = run("verify", "--store", "tape", "--config", config.toString());
        assertEquals(2, unknown.code(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("no store named tape (stores: primary, usb, nas)"), unknown.err());

        // the primary loses the object: the replica still serves it
        Files.delete(dir.resolve("store").resolve(key));
        Path out = dir.resolve("restored-from-usb.sql");
        Result fromPrimary = run("download", today.toString(), "shop", "-o", dir.resolve("x.sql").toString(), "-q",
                "--config", config.toString());
        assertEquals(1, fromPrimary.code(), fromPrimary.out() + fromPrimary.err());
        Result fromUsb = run("download", today.toString(), "shop", "-o", out.toString(), "--from", "usb", "-q",
                "--config", config.toString());
        assertEquals(0, fromUsb.code(), fromUsb.out() + fromUsb.err());
        assertTrue(fromUsb.out().contains("from usb") && fromUsb.out().contains("verified"), fromUsb.out());
        assertTrue(Files.readString(out).contains("'saucers'"), "the dump came whole from the replica");

        // a weekly is copied too, and extracted from the replica while the primary has lost it
        String week = String.format("%d-W%02d", today.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                today.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        Files.writeString(dir.resolve("store").resolve(key), Files.readString(out)); // the daily back, as plain SQL
        Result weekly = run("weekly", "--week", week, "--config", config.toString());
        assertTrue(weekly.out().contains("replica usb              copied 1, deleted 0, in sync"), weekly.out());
        Files.delete(dir.resolve("store/weekly/" + week + ".tar.gz"));
        Path member = dir.resolve("member.sql");
        Result extracted = run("extract", week, "shop", today.toString(), "-o", member.toString(), "--from", "usb",
                "-q", "--config", config.toString());
        assertEquals(0, extracted.code(), extracted.out() + extracted.err());
        assertTrue(Files.readString(member).contains("'saucers'"), "the member came whole from the replica");

        // a damaged copy on usb is recorded on that copy; the primary's object is not marked by it
        Path copy = dir.resolve("usb/mirror").resolve(key);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(copy, bytes);
        Result damaged = run("verify", "--store", "usb", "--config", config.toString());
        assertEquals(1, damaged.code(), damaged.out());
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), Clock.systemUTC())) {
            ObjectCopy c = catalog.copies().get(key, "usb").orElseThrow();
            assertEquals(CopyState.PENDING, c.state(), "copied again by the next run");
            assertTrue(c.lastError().startsWith("damaged on usb") && c.lastError().contains("checksum mismatch"),
                    c.lastError());
            StoredObject o = catalog.object(key).orElseThrow();
            assertFalse(o.damaged(), "the usb copy's damage is not the primary's");
            assertEquals(List.of("nas", "usb"), catalog.copies().of(key).stream().map(ObjectCopy::store).toList());
        }
    }
}
