package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogObjectsTest extends CatalogContract {
    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");


    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = backend.open(TestClock.at("2026-11-28T03:00:00Z"));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    static StoredObject daily(String database, LocalDate date, Instant createdAt) {
        return new StoredObject("daily/" + date + "/" + database + ".sql.zst", database, ObjectKind.DAILY, date,
                1000, "ab".repeat(32), Map.of("t", 1L), createdAt, null, null);
    }

    @Test
    void anObjectComesBackAsRecorded() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", 12L);
        counts.put("weird \"name\" \\ with\ttab", 0L);
        counts.put("ünïcödé 🦀", Long.MAX_VALUE);
        StoredObject o = new StoredObject("backups/daily/2026-11-28/app.sql.gz", "app", ObjectKind.DAILY,
                LocalDate.of(2026, 11, 28), 123_456_789_012L, "0f".repeat(32), counts, T0, null, null);
        catalog.recordObject(o);
        StoredObject back = catalog.object(o.key()).orElseThrow();
        assertEquals(o, back);
        assertEquals(List.copyOf(counts.keySet()), List.copyOf(back.rowCounts().keySet()));
        assertTrue(catalog.object("daily/2026-11-28/other.sql").isEmpty());

        StoredObject weekly = new StoredObject("weekly/2026-W48.tar.gz", null, ObjectKind.WEEKLY,
                LocalDate.of(2026, 11, 23), 5000, null, Map.of(), T0, null, null);
        catalog.recordObject(weekly);
        assertEquals(weekly, catalog.object(weekly.key()).orElseThrow());
    }

    @Test
    void recordingAKeyAgainReplacesTheRowAndClearsItsHistory() {
        LocalDate day = LocalDate.of(2026, 11, 28);
        StoredObject first = daily("app", day, T0);
        catalog.recordObject(first);
        assertTrue(catalog.markVerified(first.key(), T0.plusSeconds(60)));
        assertTrue(catalog.markDeleted(first.key(), T0.plusSeconds(120)));
        assertTrue(catalog.recordDeleteFailure(first.key(), "403"));
        StoredObject before = catalog.object(first.key()).orElseThrow();
        assertEquals("403", before.deleteError());
        assertEquals(T0.plusSeconds(60), before.verifiedAt());

        StoredObject second = new StoredObject(first.key(), "app", ObjectKind.DAILY, day, 2222, "cd".repeat(32),
                Map.of("t", 2L), T0.plusSeconds(3600), null, null);
        catalog.recordObject(second);
        StoredObject back = catalog.object(first.key()).orElseThrow();
        assertEquals(second, back);
        assertNull(back.verifiedAt());
        assertNull(back.deletedAt());
        assertNull(back.deleteError());
        assertEquals(1, catalog.findObjects(ObjectQuery.firstPage(10)).total());
    }

    @Test
    void verifiedDeletedAndFailedDeletesAreRecorded() {
        StoredObject o = daily("app", LocalDate.of(2026, 11, 28), T0);
        catalog.recordObject(o);

        assertTrue(catalog.markVerified(o.key(), T0.plusNanos(1_500_000))); // kept to the millisecond
        assertEquals(T0.plusMillis(1), catalog.object(o.key()).orElseThrow().verifiedAt());

        assertTrue(catalog.recordDeleteFailure(o.key(), "AccessDenied: not allowed to delete"));
        StoredObject failed = catalog.object(o.key()).orElseThrow();
        assertTrue(failed.present());
        assertEquals("AccessDenied: not allowed to delete", failed.deleteError());

        assertTrue(catalog.markDeleted(o.key(), T0.plusSeconds(5)));
        StoredObject deleted = catalog.object(o.key()).orElseThrow();
        assertFalse(deleted.present());
        assertEquals(T0.plusSeconds(5), deleted.deletedAt());
        assertNull(deleted.deleteError());
        assertEquals(T0.plusMillis(1), deleted.verifiedAt());

        assertFalse(catalog.markVerified("missing", T0));
        assertFalse(catalog.markDeleted("missing", T0));
        assertFalse(catalog.recordDeleteFailure("missing", "x"));
    }

    @Test
    void latestGoodIsTheNewestPresentDailyOfThatDatabase() {
        LocalDate day = LocalDate.of(2026, 11, 28);
        assertTrue(catalog.latestGood("app").isEmpty());
        catalog.recordObject(daily("app", day.minusDays(2), T0));
        catalog.recordObject(daily("app", day.minusDays(1), T0));
        StoredObject newest = daily("app", day, T0);
        catalog.recordObject(newest);
        catalog.recordObject(daily("other", day.plusDays(1), T0));
        catalog.recordObject(new StoredObject("weekly/2026-W49.tar.gz", null, ObjectKind.WEEKLY, day.plusDays(2),
                1, null, Map.of(), T0, null, null));
        assertEquals(newest, catalog.latestGood("app").orElseThrow());

        catalog.markDeleted(newest.key(), T0);
        assertEquals(day.minusDays(1), catalog.latestGood("app").orElseThrow().date());

        // a second object of the same day (the compression changed): the one stored last wins
        StoredObject gz = new StoredObject("daily/" + day.minusDays(1) + "/app.sql.gz", "app", ObjectKind.DAILY,
                day.minusDays(1), 1, null, Map.of(), T0.plusSeconds(1), null, null);
        catalog.recordObject(gz);
        assertEquals(gz.key(), catalog.latestGood("app").orElseThrow().key());

        catalog.markDeleted(gz.key(), T0);
        catalog.markDeleted("daily/" + day.minusDays(1) + "/app.sql.zst", T0);
        catalog.markDeleted("daily/" + day.minusDays(2) + "/app.sql.zst", T0);
        assertTrue(catalog.latestGood("app").isEmpty());
    }

    @Test
    void manyObjectsAreRecordedInOneCall() {
        List<StoredObject> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(daily("db" + (i % 5), LocalDate.of(2026, 1, 1).plusDays(i / 5), T0));
        }
        many.add(many.get(0)); // a repeated key is an upsert, not an error
        catalog.recordObjects(many);
        assertEquals(100, catalog.findObjects(ObjectQuery.firstPage(1)).total());
    }

    @Test
    void invalidObjectsAreRefusedBeforeTheCatalog() {
        assertThrows(IllegalArgumentException.class, () -> new StoredObject("daily/x", null, ObjectKind.DAILY,
                LocalDate.of(2026, 1, 1), 1, null, null, T0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new StoredObject("k", "a", ObjectKind.DAILY,
                LocalDate.of(2026, 1, 1), -1, null, null, T0, null, null));
        assertThrows(NullPointerException.class, () -> new StoredObject("k", "a", ObjectKind.DAILY,
                null, 1, null, null, T0, null, null));
    }
}
