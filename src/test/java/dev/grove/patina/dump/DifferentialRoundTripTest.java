package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full → change the database → differential → restore the full and apply the differential → the same database,
 * every value's type and bytes, rowids, sqlite_sequence, triggers, FTS (ADR 0016).
 */
class DifferentialRoundTripTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);
    private Path source;

    @BeforeEach
    void createSource() throws Exception {
        source = ShopDatabase.create(dir.resolve("shop.db"));
    }

    @Test
    void aDifferentialRestoresTheChangedDatabaseExactly() throws Exception {
        DiffChain chain = new DiffChain(clock, DumpDialect.SQLITE);
        Path full = dir.resolve("full.sql");
        Path manifest = dir.resolve("shop.manifest");
        DumpSummary base = chain.full(source, full, manifest);
        ShopDatabase.mutate(source);
        Path diff = dir.resolve("shop.diff.sql");
        DiffSummary summary = chain.diff(source, manifest, diff, Files.createDirectories(dir.resolve("scratch")));
        Path restored = dir.resolve("restored.db");
        DiffApplier.Applied applied = chain.restore(full, base.sha256(), diff, restored);
        DatabaseComparator.assertSameDatabase(source, restored);

        assertEquals(DiffChain.BASE_KEY, applied.header().baseKey());
        assertEquals(base.sha256(), applied.header().baseDumpSha256());
        assertArrayEquals(new long[] {2, 5, 2}, summary.footer().changes().get("customers"),
                "added 301 and 303 (302 came and went); changed 1, 2 and 6 (a swap), 3 (deleted and inserted "
                        + "again), 5 (one blob); removed 4 and 7");
        String text = Files.readString(diff);
        assertFalse(text.contains("'c100@example.com'"), "an unchanged row is not written");
        assertTrue(text.contains("'Customer X'"), "a changed one is");
        assertTrue(text.indexOf("PRAGMA foreign_keys=OFF;") < text.indexOf("BEGIN TRANSACTION;"), "before BEGIN");
        assertTrue(text.indexOf("DROP TRIGGER IF EXISTS \"customers_deleted\";") < text.indexOf("DELETE FROM "
                + "\"customers\""), "triggers are dropped before the first row changes");
        assertTrue(text.lastIndexOf("CREATE TRIGGER customers_deleted") > text.lastIndexOf("INSERT INTO \""),
                "and created again after the last");
        assertEquals(DatabaseComparator.fingerprint(source), DatabaseComparator.fingerprint(restored));
    }

    @Test
    void anUnchangedDatabaseGivesADifferentialWithoutRows() throws Exception {
        DiffChain chain = new DiffChain(clock, DumpDialect.D1);
        Path full = dir.resolve("full.sql");
        Path manifest = dir.resolve("shop.manifest");
        DumpSummary base = chain.full(source, full, manifest);
        Path diff = dir.resolve("shop.diff.sql");
        DiffSummary summary = chain.diff(source, manifest, diff, dir);
        assertArrayEquals(new long[] {0, 0, 0}, summary.changeTotals());
        String text = Files.readString(diff);
        assertFalse(text.contains("INSERT INTO \"customers\""), text);
        assertFalse(text.contains("BEGIN TRANSACTION"), "the d1 dialect has no transaction");
        Path restored = dir.resolve("restored.db");
        chain.restore(full, base.sha256(), diff, restored);
        DatabaseComparator.assertSameDatabase(source, restored);
        assertEquals(base.rowCounts().get("customers"), summary.rowCounts().get("customers"));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".patina-diff-")).count(),
                    "no spill file is left in the scratch folder");
        }
    }

    @Test
    void aSchemaChangeNeedsAFull() throws Exception {
        DiffChain chain = new DiffChain(clock, DumpDialect.SQLITE);
        Path manifest = dir.resolve("shop.manifest");
        chain.full(source, dir.resolve("full.sql"), manifest);
        ShopDatabase.exec(source, "CREATE INDEX customers_by_name ON customers (name);");
        ManifestHeader header;
        try (ManifestReader r = new ManifestReader(Files.newInputStream(manifest))) {
            header = r.header();
        }
        try (DumpSnapshot snapshot = new SqliteFileSource("shop", source).openSnapshot()) {
            assertEquals("the schema changed since the full " + DiffChain.BASE_KEY,
                    new SqlDiffWriter(clock, "test").fullNeeded(snapshot, header, "shop").orElseThrow());
        }
        DumpException e = assertThrows(DumpException.class, () -> chain.diff(source, manifest,
                dir.resolve("d.sql"), dir));
        assertTrue(e.getMessage().contains("the schema changed since the full"), e.getMessage());
    }

    @Test
    void aDifferentialOnTheWrongFullOrDamagedIsRefusedAndChangesNothing() throws Exception {
        DiffChain chain = new DiffChain(clock, DumpDialect.SQLITE);
        Path full = dir.resolve("full.sql");
        Path manifest = dir.resolve("shop.manifest");
        DumpSummary base = chain.full(source, full, manifest);
        ShopDatabase.mutate(source);
        Path diff = dir.resolve("shop.diff.sql");
        chain.diff(source, manifest, diff, dir);
        Path restored = dir.resolve("restored.db");
        new Restorer(clock).restore(full, restored, RestoreOptions.all(), RestoreProgress.NONE);
        Map<String, TableDigest> before = DiffChain.digests(restored);
        DumpException wrong = assertThrows(DumpException.class,
                () -> new DiffApplier().apply(diff, restored, "0".repeat(64)));
        assertTrue(wrong.getMessage().contains("applies to the full " + DiffChain.BASE_KEY), wrong.getMessage());
        byte[] b = Files.readAllBytes(diff);
        int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("Customer 301");
        b[at] = 'K';
        Path damaged = dir.resolve("damaged.diff.sql");
        Files.write(damaged, b);
        DumpException e = assertThrows(DumpException.class,
                () -> new DiffApplier().apply(damaged, restored, base.sha256()));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertEquals(before, DiffChain.digests(restored), "nothing was applied");
    }
}
