package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog's records where SQLite and PostgreSQL differ most (the places {@link CatalogDialect} covers, and SQL
 * that PostgreSQL reads more strictly): recorded schemas and their history marks, differential chains (an upsert),
 * the case-blind text filter, a replica's last copy error (insertion order). Part of the contract suite.
 */
class CatalogRecordsTest extends CatalogContract {
    private final TestClock clock = TestClock.at("2026-11-28T03:00:00Z");
    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = backend.open(clock);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private StoredObject daily(String database, LocalDate date, Instant createdAt) {
        return new StoredObject("daily/" + date + "/" + database + ".sql.zst", database, ObjectKind.DAILY, date, 10,
                "ab".repeat(32), Map.of("t", 1L), createdAt, null, null);
    }

    @Test
    void schemasAreRecordedOnceAndTheHistoryMarksAChange() {
        LocalDate d1 = LocalDate.of(2026, 11, 26);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d2.plusDays(1);
        StoredObject o1 = daily("app", d1, Instant.parse("2026-11-26T02:00:00Z"));
        StoredObject o2 = daily("app", d2, Instant.parse("2026-11-27T02:00:00Z"));
        StoredObject o3 = daily("app", d3, Instant.parse("2026-11-28T03:30:00Z")); // after the run began
        catalog.recordObjects(List.of(o1, o2, o3));
        List<String> v1 = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY)");
        List<String> v2 = List.of("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)");
        String f1 = catalog.schemas().record(o1.key(), v1);
        assertEquals(f1, catalog.schemas().record(o2.key(), v1), "one schema, one fingerprint");
        String f3 = catalog.schemas().record(o3.key(), v2);
        assertEquals(BackupSchemas.fingerprint(v2), f3);
        assertEquals(v2, catalog.schemas().latest("app").orElseThrow().statements());
        assertEquals(d1, catalog.schemas().of(o1.key()).orElseThrow().date());
        assertThrows(IllegalArgumentException.class, () -> catalog.schemas().record("daily/none.sql", v1));

        Map<String, BackupSchemas.SchemaMark> marks = catalog.schemas().marks(List.of(o1.key(), o2.key(), o3.key()));
        assertEquals(List.of(o3.key()), List.copyOf(marks.keySet()), "only the night the schema changed");
        BackupSchemas.SchemaMark mark = marks.get(o3.key());
        assertEquals(o2.key(), mark.previousKey());
        assertEquals("schema differs from the backup of " + d2, mark.summary());
        assertTrue(mark.previousComparable());
        catalog.markDeleted(o2.key(), Instant.parse("2026-11-28T04:00:00Z"));
        assertFalse(catalog.schemas().marks(List.of(o3.key())).get(o3.key()).previousComparable(),
                "a deleted previous backup cannot be compared");

        // the nightly's own verdict wins over the fingerprints
        String run = catalog.startRun(RunKind.NIGHTLY, "schedule", d3);
        catalog.recordOutcome(run, new DatabaseOutcome("app", RunStatus.OK, o3.key(), Map.of("users", 1L), 10,
                Duration.ofMillis(5), null, "column users.email added"));
        catalog.finishRun(run, RunStatus.OK);
        assertEquals("column users.email added",
                catalog.schemas().marks(List.of(o3.key())).get(o3.key()).summary());
    }

    @Test
    void aChainIsRecordedAndReplacedWhole() {
        StoredObject full = daily("app", LocalDate.of(2026, 11, 27), Instant.parse("2026-11-27T02:00:00Z"));
        StoredObject diff = daily("app", LocalDate.of(2026, 11, 28), Instant.parse("2026-11-28T02:00:00Z"));
        catalog.recordObjects(List.of(full, diff));
        Map<String, ObjectChains.Digest> digests = new LinkedHashMap<>();
        digests.put("users", new ObjectChains.Digest(13, "0123456789abcdef0123456789abcdef"));
        digests.put("orders", new ObjectChains.Digest(0, "00000000000000000000000000000000"));
        catalog.chains().record(new ObjectChains.Link(full.key(), "app", ObjectChains.FULL, null, null,
                "f".repeat(64), Map.of()));
        catalog.chains().record(new ObjectChains.Link(diff.key(), "app", ObjectChains.FULL, null, null,
                "e".repeat(64), Map.of()));
        catalog.chains().record(new ObjectChains.Link(diff.key(), "app", ObjectChains.DIFFERENTIAL, full.key(),
                "f".repeat(64), "d".repeat(64), digests)); // the same key again: replaced
        ObjectChains.Link link = catalog.chains().of(diff.key()).orElseThrow();
        assertTrue(link.differential());
        assertEquals("d".repeat(64), link.dumpSha256());
        assertEquals(List.of("users", "orders"), List.copyOf(link.digests().keySet()), "dump order is kept");
        assertEquals(Map.of(diff.key(), full.key()), catalog.chains().bases());
        assertEquals(List.of(diff.key()), catalog.chains().differentialsOf(full.key()).stream()
                .map(ObjectChains.Link::key).toList());
        assertThrows(CatalogException.class, () -> catalog.chains().record(new ObjectChains.Link(
                "daily/2026-11-29/app.sql.zst", "app", ObjectChains.DIFFERENTIAL, full.key(), "f".repeat(64),
                "e".repeat(64), Map.of())), "a link of an object the catalog does not know is refused");
        assertThrows(CatalogException.class, () -> catalog.chains().record(new ObjectChains.Link(diff.key(), "app",
                ObjectChains.DIFFERENTIAL, "daily/2026-11-20/app.sql.zst", "f".repeat(64), "e".repeat(64),
                Map.of())), "a base the catalog does not know is refused");
    }

    @Test
    void theTextFilterIgnoresTheCaseOfAsciiLettersAndSortsBytewise() {
        Instant at = Instant.parse("2026-11-28T02:00:00Z");
        LocalDate day = LocalDate.of(2026, 11, 28);
        catalog.recordObjects(List.of(daily("Shop", day, at), daily("shop", day, at), daily("_x", day, at),
                daily("Zed", day, at), daily("apple", day, at)));
        List<String> found = catalog.findObjects(ObjectQuery.firstPage(10).withText("SHOP")).items().stream()
                .map(StoredObject::database).toList();
        assertEquals(List.of("Shop", "shop"), found, "case-blind, and upper case first (bytewise)");
        assertEquals(List.of("Shop", "Zed", "_x", "apple", "shop"), catalog.findObjects(ObjectQuery.firstPage(10))
                .items().stream().map(StoredObject::database).toList(), "keys in byte order, whatever the locale");
    }

    @Test
    void aReplicasLastErrorIsItsNewestPendingCopy() {
        Instant at = Instant.parse("2026-11-28T02:00:00Z");
        StoredObject a = daily("a", LocalDate.of(2026, 11, 27), at);
        StoredObject b = daily("b", LocalDate.of(2026, 11, 28), at);
        catalog.recordObjects(List.of(a, b));
        catalog.copies().recordFailure(a.key(), "offsite", "timeout (first)");
        catalog.copies().recordFailure(b.key(), "offsite", "403 (second)");
        assertEquals("403 (second)", catalog.copies().lastError("offsite").orElseThrow());
        assertEquals("403 (second)", catalog.copies().missingError("offsite").orElseThrow());
        catalog.copies().recordPresent(b.key(), "offsite", 10, b.sha256(), at);
        assertEquals("timeout (first)", catalog.copies().lastError("offsite").orElseThrow());
        assertEquals(2, catalog.copies().of(List.of(a.key(), b.key())).size());
        assertEquals(1, catalog.copies().behind("offsite"));
    }
}
