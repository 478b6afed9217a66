package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore of full + differential in one load (ADR 0028): the same database as restoring the full and applying
 * the differential afterwards, and every failure — a damaged differential, another full's differential, a table
 * whose digest differs from the footer or from the catalog's record — caught, named, and no target left (a replaced
 * file put back).
 */
class RestoreDifferentialTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);
    private Path source;
    private Path full;
    private Path diff;
    private DumpSummary base;

    @BeforeEach
    void backUp() throws Exception {
        source = ShopDatabase.create(dir.resolve("shop.db"));
        DiffChain chain = new DiffChain(clock, DumpDialect.SQLITE);
        full = dir.resolve("full.sql");
        Path manifest = dir.resolve("shop.manifest");
        base = chain.full(source, full, manifest);
        ShopDatabase.mutate(source);
        diff = dir.resolve("shop.diff.sql");
        chain.diff(source, manifest, diff, Files.createDirectories(dir.resolve("scratch")));
    }

    private RestoreReport oneLoad(Path differential, Path target, Map<String, TableDigest> recorded,
                                  RestoreOptions options) {
        return new Restorer(clock).restoreDifferential(full, new Restorer.WithDifferential(differential,
                f -> new SqliteFileSource("shop", f).openSnapshot(), recorded, "full with " + differential.getFileName()),
                target, options, RestoreProgress.NONE);
    }

    @Test
    void oneLoadGivesTheSourceBackAsApplyingAfterwardsDoes() throws Exception {
        Path inOneLoad = dir.resolve("one.db");
        RestoreReport report = oneLoad(diff, inOneLoad, Map.of(), RestoreOptions.all());
        DatabaseComparator.assertSameDatabase(source, inOneLoad);
        assertEquals(DatabaseComparator.fingerprint(source), DatabaseComparator.fingerprint(inOneLoad),
                "schema in the same order: the held-back indexes are built before the differential's triggers");
        Path applied = dir.resolve("applied.db");
        new DiffChain(clock, DumpDialect.SQLITE).restore(full, base.sha256(), diff, applied);
        assertEquals(DatabaseComparator.fingerprint(applied), DatabaseComparator.fingerprint(inOneLoad));
        assertEquals(DiffChain.digests(applied), DiffChain.digests(inOneLoad));
        assertTrue(report.checksumVerified());
        assertEquals(DiffChain.digests(source).get("customers").rows(), report.rowCounts().get("customers"),
                "the report counts the result's rows, not the full's");
    }

    @Test
    void aDamagedDifferentialIsNamedAndNothingIsRestored() throws Exception {
        byte[] b = Files.readAllBytes(diff);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("Customer 301");
        b[at] = 'K';
        Path damaged = Files.write(dir.resolve("damaged.diff.sql"), b);
        Path target = dir.resolve("t.db");
        DumpException e = assertThrows(DumpException.class, () -> oneLoad(damaged, target, Map.of(),
                RestoreOptions.all()));
        assertTrue(e.getMessage().contains("differential " + damaged + " is damaged"), e.getMessage());
        assertFalse(Files.exists(target));
        assertNoTempFiles();
    }

    @Test
    void aDigestThatDiffersFromTheFooterIsNamedAndTheReplacedFileIsPutBack() throws Exception {
        // the footer's own SHA-256 covers the text above it: a wrong digest in the footer passes it, and only the
        // digest check after the restore can catch it
        String text = Files.readString(diff);
        String expected = DiffChain.digests(source).get("orders").digest();
        assertTrue(text.contains(expected), "the footer records the orders' digest");
        String wrong = (expected.charAt(0) == '0' ? "1" : "0") + expected.substring(1);
        Path tampered = Files.writeString(dir.resolve("tampered.diff.sql"), text.replace(expected, wrong));
        Path target = Files.copy(source, dir.resolve("existing.db"));
        String before = DatabaseComparator.valueFingerprint(target);
        DumpException e = assertThrows(DumpException.class, () -> oneLoad(tampered, target, Map.of(),
                RestoreOptions.all().withForce(true)));
        assertTrue(e.getMessage().contains("full with tampered.diff.sql does not give back what was backed up"),
                e.getMessage());
        assertTrue(e.getMessage().contains("table orders holds other values than the backup read (digest "
                + expected + ", recorded " + wrong + ")"), e.getMessage());
        assertFalse(e.getMessage().contains("table customers"), "only the table that differs is named");
        assertEquals(before, DatabaseComparator.valueFingerprint(target), "the replaced file is back");
        assertNoTempFiles();
    }

    @Test
    void theCatalogsRecordIsCheckedToo() {
        Map<String, TableDigest> recorded = new LinkedHashMap<>();
        try {
            recorded.putAll(DiffChain.digests(source));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        TableDigest c = recorded.get("customers");
        recorded.put("customers", new TableDigest(c.rows() + 1, c.digest()));
        Path target = dir.resolve("t.db");
        DumpException e = assertThrows(DumpException.class, () -> oneLoad(diff, target, recorded,
                RestoreOptions.all()));
        assertTrue(e.getMessage().contains("(as the catalog recorded it)"), e.getMessage());
        assertTrue(e.getMessage().contains("table customers has " + c.rows() + " rows, the backup recorded "
                + (c.rows() + 1)), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void anotherFullsDifferentialIsRefused() throws Exception {
        DiffChain chain = new DiffChain(clock, DumpDialect.SQLITE);
        Path otherManifest = dir.resolve("other.manifest");
        chain.full(source, dir.resolve("other-full.sql"), otherManifest);
        ShopDatabase.exec(source, "UPDATE customers SET name = 'Other' WHERE id = 1");
        Path otherDiff = dir.resolve("other.diff.sql");
        chain.diff(source, otherManifest, otherDiff, dir.resolve("scratch"));
        Path target = dir.resolve("t.db");
        DumpException e = assertThrows(DumpException.class, () -> oneLoad(otherDiff, target, Map.of(),
                RestoreOptions.all()));
        assertTrue(e.getMessage().contains("applies to the full " + DiffChain.BASE_KEY + " (dump SHA-256 "),
                e.getMessage());
        assertTrue(e.getMessage().contains("not to the full restored here (" + base.sha256() + ")"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aSelectiveRestoreOfADifferentialIsRefused() {
        DumpException e = assertThrows(DumpException.class, () -> oneLoad(diff, dir.resolve("t.db"), Map.of(),
                new RestoreOptions(Set.of("customers"), Set.of(), false)));
        assertTrue(e.getMessage().contains("a differential restores whole databases"), e.getMessage());
    }

    @Test
    void digestsReadInPartsOnSeveralConnectionsEqualOneRead() throws Exception {
        Path db = dir.resolve("big.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT, r REAL, b BLOB)");
            s.execute("CREATE TABLE plain (a TEXT, b INTEGER)"); // rowid table without an alias
            s.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID");
            s.execute("CREATE TABLE empty (id INTEGER PRIMARY KEY)");
            c.setAutoCommit(false);
            try (PreparedStatement big = c.prepareStatement("INSERT INTO big VALUES (?, ?, ?, ?)");
                 PreparedStatement plain = c.prepareStatement("INSERT INTO plain VALUES (?, ?)");
                 PreparedStatement kv = c.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
                for (int i = 0; i < 130_000; i++) {
                    long id = i % 3 == 0 ? -i : i * 7L; // negative rowids and gaps
                    big.setLong(1, id);
                    big.setString(2, "v" + i);
                    big.setDouble(3, i / 3.0);
                    big.setBytes(4, new byte[] {(byte) i, (byte) (i >> 8)});
                    big.addBatch();
                    plain.setString(1, "p" + i);
                    plain.setLong(2, i);
                    plain.addBatch();
                    if (i < 5000) {
                        kv.setString(1, "k" + i);
                        kv.setLong(2, i);
                        kv.addBatch();
                    }
                }
                big.executeBatch();
                plain.executeBatch();
                kv.executeBatch();
            }
            c.commit();
        }
        Map<String, TableDigest> once = DiffChain.digests(db);
        Map<String, TableDigest> parts = TableDigester.of(f -> new SqliteFileSource("restored", f).openSnapshot(),
                db, "restored", 3);
        assertEquals(once, parts);
        assertEquals(java.util.List.copyOf(once.keySet()), java.util.List.copyOf(parts.keySet()), "same order");
        assertEquals(130_000, parts.get("big").rows());
        assertEquals(0, parts.get("empty").rows());
        ShopDatabase.exec(db, "UPDATE big SET v = 'changed' WHERE id = 700");
        assertFalse(parts.get("big").equals(TableDigester.of(f -> new SqliteFileSource("restored", f)
                .openSnapshot(), db, "restored", 3).get("big")), "a changed row in one part changes the digest");
    }

    private void assertNoTempFiles() throws Exception {
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("patina-restore")).toList());
        }
    }
}
