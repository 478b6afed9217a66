package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.model.RunKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patina verify --date} and {@code --store} go through the run queue like every other verify (their progress
 * lines come from the queue's run events, the catalog records one VERIFY run with the CLI's trigger), print each
 * check's verdict, and record what they found on the store they checked only: a replica's copy verified never marks
 * the primary's object verified, and the primary's verify never marks a replica's damaged copy good.
 */
class VerifyStoresCliTest {
    @TempDir
    Path dir;

    private Path config;

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
        int code = PatinaCli.run(all, new Services(Clock.systemUTC()), new ByteArrayOutputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
            s.execute("INSERT INTO orders (item) VALUES ('tea'), ('cups'), ('saucers')");
        }
        writeConfig("");
    }

    private void writeConfig(String extra) throws Exception {
        config = Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[replicas]]
                name = "usb"
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                checks = ["SELECT count(*) = 3 FROM orders"]

                [catalog]
                path = "%s"
                %s
                """.formatted(dir.resolve("store"), dir.resolve("usb"), dir.resolve("shop.sqlite"),
                dir.resolve("data/catalog.sqlite"), extra));
    }

    private Catalog catalog() {
        return Catalog.open(dir.resolve("data/catalog.sqlite"), Clock.systemUTC());
    }

    private StoredObject object(String key) {
        try (Catalog c = catalog()) {
            return c.object(key).orElseThrow(() -> new AssertionError("not in the catalog: " + key));
        }
    }

    private ObjectCopy copy(String key) {
        try (Catalog c = catalog()) {
            return c.copies().get(key, "usb").orElseThrow(() -> new AssertionError("no usb copy of " + key));
        }
    }

    private RunSummary lastVerify() {
        try (Catalog c = catalog()) {
            return c.lastRun(RunKind.VERIFY).orElseThrow();
        }
    }

    /** A replayed run's clock starts at {@code --now} and ticks on: the time is within a minute after it. */
    static void assertAt(String now, Instant actual, String what) {
        Instant at = Instant.parse(now);
        assertTrue(actual != null && !actual.isBefore(at) && actual.isBefore(at.plusSeconds(60)),
                what + ": expected at " + now + ", was " + actual);
    }

    @Test
    void aDateOrAStoreIsVerifiedThroughTheQueueAndRecordedOnlyOnTheStoreItChecked() throws Exception {
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-02T02:00:00Z").code());
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-03T02:00:00Z").code());
        String monday = "daily/2026-11-02/shop.sql";
        String tuesday = "daily/2026-11-03/shop.sql";

        Result usb = patina("verify", "--store", "usb", "--date", "2026-11-02", "--now", "2026-11-03T05:00:00Z");
        assertEquals(0, usb.code(), usb.all());
        assertTrue(usb.out().contains("verifying the copies on usb ("), usb.out());
        assertTrue(usb.out().contains("test restore of the dailies of 2026-11-02 of every database on usb"),
                usb.out());
        assertTrue(usb.out().contains("ok                 " + monday + " — verified restorable"), usb.out());
        assertTrue(usb.out().contains("      ok     integrity_check: ok"), "each check's verdict: " + usb.out());
        assertTrue(usb.out().contains("      ok     foreign_key_check: "), usb.out());
        assertTrue(usb.out().contains("      ok     check 0: SELECT count(*) = 3 FROM orders: "), usb.out());
        assertTrue(usb.err().contains("verify: shop ok"), "the run queue's progress lines: " + usb.err());
        assertEquals("cli", lastVerify().trigger());
        Instant usbChecked = copy(monday).copiedAt();
        assertAt("2026-11-03T05:00:00Z", usbChecked, "usb's copy is recorded");
        assertNull(object(monday).verifiedAt(), "a replica's copy verified is not the primary's object");
        try (Catalog c = catalog()) {
            assertTrue(c.proofs().latestOf(monday).isEmpty(), "no proof of the primary's object from usb's copy");
        }

        Result date = patina("verify", "--date", "2026-11-02", "--db", "shop", "--now", "2026-11-03T06:00:00Z");
        assertEquals(0, date.code(), date.all());
        assertTrue(date.out().contains("verified 1 object(s): 1 ok, 0 failed"), date.out());
        assertAt("2026-11-03T06:00:00Z", object(monday).verifiedAt(), "the primary's object");
        assertNull(object(tuesday).verifiedAt(), "only that date's daily");
        assertEquals(usbChecked, copy(monday).copiedAt(), "usb's copy is not touched");

        // a damaged copy on usb: recorded on the copy; the primary's verify then passes and leaves the copy pending
        Path onUsb = dir.resolve("usb").resolve(tuesday);
        byte[] bytes = Files.readAllBytes(onUsb);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(onUsb, bytes);
        Result damaged = patina("verify", "--store", "usb", "--now", "2026-11-03T07:00:00Z");
        assertEquals(1, damaged.code(), damaged.all());
        assertTrue(damaged.out().contains("CHECKSUM_MISMATCH") && damaged.out().contains(tuesday), damaged.out());
        assertEquals(CopyState.PENDING, copy(tuesday).state());
        assertFalse(object(tuesday).damaged(), "usb's damage is not the primary's");
        Result primary = patina("verify", "--now", "2026-11-03T08:00:00Z");
        assertEquals(0, primary.code(), primary.all());
        assertAt("2026-11-03T08:00:00Z", object(tuesday).verifiedAt(), "the primary's object");
        assertEquals(CopyState.PENDING, copy(tuesday).state(), "the primary's verify does not vouch for usb's copy");

        Result unknown = patina("verify", "--store", "tape", "--date", "2026-11-02");
        assertEquals(2, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("no store named tape (stores: primary, usb)"), unknown.err());
        Result none = patina("verify", "--date", "2026-10-01", "--now", "2026-11-03T09:00:00Z");
        assertEquals(1, none.code(), none.all());
        assertTrue(none.out().contains("verify did not run: ") && none.out().contains("nothing to verify: no backup "
                + "in the catalog matches (the dailies of 2026-10-01 of every database)"), none.all());
    }

    @Test
    void aChecksumOnlyVerifyOfAReplicasEncryptedCopyDoesNotMarkThePrimarysObjectVerified() throws Exception {
        X25519Identity operator = X25519Identity.generate(new SecureRandom());
        writeConfig("\n[encryption]\nrecipients = [\"" + operator.recipient().encoded() + "\"]");
        assertEquals(0, patina("backup", "-q", "--now", "2026-11-02T02:00:00Z").code());
        String key = "daily/2026-11-02/shop.sql.age";
        assertNotNull(copy(key));

        Result usb = patina("verify", "--store", "usb", "--now", "2026-11-02T05:00:00Z");
        assertEquals(0, usb.code(), usb.all());
        assertTrue(usb.out().contains("the stored (encrypted) bytes match the SHA-256"), usb.out());
        Instant usbChecked = copy(key).copiedAt();
        assertAt("2026-11-02T05:00:00Z", usbChecked, "usb's copy is recorded");
        assertNull(object(key).verifiedAt(), "usb's copy checked is not the primary's object checked");

        Result primary = patina("verify", "--now", "2026-11-02T06:00:00Z");
        assertEquals(0, primary.code(), primary.all());
        assertAt("2026-11-02T06:00:00Z", object(key).verifiedAt(), "the primary's object");
        assertEquals(usbChecked, copy(key).copiedAt(), "and not the other way round");
    }
}
