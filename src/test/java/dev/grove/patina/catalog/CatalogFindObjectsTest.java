package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every filter of the object history, alone and combined, checked against the same filter applied in Java to the
 * list of everything recorded.
 */
class CatalogFindObjectsTest extends CatalogContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final LocalDate START = LocalDate.of(2026, 11, 1);
    private static final List<String> DATABASES = List.of("shop", "blog", "shop_eu");
    private static final Comparator<StoredObject> NEWEST_FIRST =
            Comparator.comparing(StoredObject::date).reversed().thenComparing(StoredObject::key);


    private Catalog catalog;
    private final List<StoredObject> all = new ArrayList<>();

    @BeforeEach
    void fill() {
        catalog = backend.open(TestClock.at("2026-12-01T00:00:00Z"));
        for (int d = 0; d < 30; d++) {
            LocalDate day = START.plusDays(d);
            for (String db : DATABASES) {
                Instant verified = d % 3 == 0 ? T0.plusSeconds(d) : null;
                Instant deleted = d < 10 ? T0.plusSeconds(100 + d) : null;
                all.add(new StoredObject("daily/" + day + "/" + db + ".sql.zst", db, ObjectKind.DAILY, day, 100 + d,
                        null, Map.of("t", (long) d), T0, verified, deleted));
            }
            if (day.getDayOfWeek() == DayOfWeek.MONDAY) {
                all.add(new StoredObject(new dev.grove.patina.store.ObjectKeys("").weekly(day), null,
                        ObjectKind.WEEKLY, day, 5000, null, Map.of(), T0, null, null));
            }
        }
        catalog.recordObjects(all);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private List<StoredObject> expected(Predicate<StoredObject> filter) {
        return all.stream().filter(filter).sorted(NEWEST_FIRST).toList();
    }

    private void check(ObjectQuery q, Predicate<StoredObject> filter) {
        List<StoredObject> want = expected(filter);
        Page<StoredObject> page = catalog.findObjects(q.page(1, ObjectQuery.MAX_LIMIT));
        assertEquals(want.size(), page.total(), q.toString());
        assertEquals(want, page.items(), q.toString());
    }

    @Test
    void noFilterListsEverythingNewestFirst() {
        Page<StoredObject> page = catalog.findObjects(ObjectQuery.firstPage(5));
        assertEquals(all.size(), page.total());
        assertEquals(expected(o -> true).subList(0, 5), page.items());
        assertEquals(LocalDate.of(2026, 11, 30), page.items().get(0).date());
        // within a day, by key: blog before shop before shop_eu
        assertEquals(List.of("blog", "shop", "shop_eu"),
                page.items().stream().limit(3).map(StoredObject::database).toList());
        assertTrue(page.hasNext());
    }

    @Test
    void eachFilterAlone() {
        ObjectQuery q = ObjectQuery.firstPage(10);
        check(q.withDatabase("shop"), o -> "shop".equals(o.database()));
        check(q.withDatabase("nope"), o -> false);
        check(q.withKind(ObjectKind.WEEKLY), o -> o.kind() == ObjectKind.WEEKLY);
        check(q.withKind(ObjectKind.DAILY), o -> o.kind() == ObjectKind.DAILY);
        check(q.withStatus(ObjectStatus.PRESENT), o -> o.deletedAt() == null);
        check(q.withStatus(ObjectStatus.DELETED), o -> o.deletedAt() != null);
        check(q.withStatus(ObjectStatus.VERIFIED), o -> o.deletedAt() == null && o.verifiedAt() != null);
        check(q.withStatus(ObjectStatus.UNVERIFIED), o -> o.deletedAt() == null && o.verifiedAt() == null);
        LocalDate from = LocalDate.of(2026, 11, 10);
        LocalDate to = LocalDate.of(2026, 11, 16);
        check(q.withDates(from, null), o -> !o.date().isBefore(from));
        check(q.withDates(null, to), o -> !o.date().isAfter(to));
        check(q.withDates(from, to), o -> !o.date().isBefore(from) && !o.date().isAfter(to));
        check(q.withDates(from, from), o -> o.date().equals(from));
        check(q.withText("2026-11-2"), o -> o.key().contains("2026-11-2"));
        check(q.withText("W4"), o -> o.key().contains("W4"));
        check(q.withText("   "), o -> true);
    }

    @Test
    void filtersCombine() {
        LocalDate from = LocalDate.of(2026, 11, 5);
        LocalDate to = LocalDate.of(2026, 11, 20);
        ObjectQuery q = ObjectQuery.firstPage(10).withDatabase("shop").withKind(ObjectKind.DAILY)
                .withStatus(ObjectStatus.UNVERIFIED).withDates(from, to).withText("-1");
        check(q, o -> "shop".equals(o.database()) && o.kind() == ObjectKind.DAILY && o.deletedAt() == null
                && o.verifiedAt() == null && !o.date().isBefore(from) && !o.date().isAfter(to)
                && o.key().contains("-1"));
        assertTrue(catalog.findObjects(q).total() > 0);
        check(ObjectQuery.firstPage(10).withKind(ObjectKind.WEEKLY).withDatabase("shop"), o -> false);
        check(ObjectQuery.firstPage(10).withKind(ObjectKind.WEEKLY).withStatus(ObjectStatus.DELETED), o -> false);
    }

    @Test
    void pagesTileTheResultWithoutOverlapOrGaps() {
        ObjectQuery q = ObjectQuery.firstPage(7).withStatus(ObjectStatus.PRESENT);
        List<StoredObject> want = expected(o -> o.deletedAt() == null);
        List<StoredObject> got = new ArrayList<>();
        Page<StoredObject> page = catalog.findObjects(q);
        int pages = 1;
        while (page.hasNext()) {
            assertEquals(7, page.items().size());
            got.addAll(page.items());
            q = q.next();
            page = catalog.findObjects(q);
            pages++;
            assertEquals(want.size(), page.total());
        }
        got.addAll(page.items());
        assertEquals(want, got);
        assertEquals(want.size(), new HashSet<>(got).size());
        assertEquals((want.size() + 6) / 7, pages);

        Page<StoredObject> third = catalog.findObjects(ObjectQuery.firstPage(7).withStatus(ObjectStatus.PRESENT)
                .page(3, 7));
        assertEquals(14, third.offset());
        assertEquals(want.subList(14, 21), third.items());

        Page<StoredObject> beyond = catalog.findObjects(ObjectQuery.firstPage(10).page(1000, 10));
        assertTrue(beyond.items().isEmpty());
        assertEquals(all.size(), beyond.total());
        assertFalse(beyond.hasNext());
    }

    @Test
    void textIsMatchedLiterallyWithPercentUnderscoreAndBackslash() {
        List<StoredObject> odd = List.of(
                weird("lab/100%/a.sql"), weird("lab/100x/a.sql"), weird("lab/a_b.sql"), weird("lab/axb.sql"),
                weird("lab/back\\slash.sql"), weird("lab/backXslash.sql"), weird("Lab/UPPER.sql"));
        catalog.recordObjects(odd);
        assertEquals(List.of("lab/100%/a.sql"), keys("100%"));
        assertEquals(List.of("lab/100%/a.sql", "lab/100x/a.sql"), keys("lab/100"));
        assertEquals(List.of("lab/a_b.sql"), keys("a_b"));
        assertEquals(List.of("lab/back\\slash.sql"), keys("back\\slash"));
        assertEquals(List.of("lab/back\\slash.sql"), keys("\\"));
        assertEquals(List.of(), keys("%%"));
        List<String> underscores = keys("_");
        assertEquals(31, underscores.size()); // lab/a_b.sql and the 30 dailies of shop_eu, nothing else
        assertTrue(underscores.stream().allMatch(k -> k.contains("_")), underscores.toString());
        assertEquals(List.of("Lab/UPPER.sql"), keys("lab/up")); // ASCII case is ignored
        assertEquals(List.of("lab/axb.sql"), keys("'axb".substring(1)));
        assertEquals(List.of(), keys("' OR 1=1 --"));
    }

    private static StoredObject weird(String key) {
        return new StoredObject(key, "lab", ObjectKind.DAILY, LocalDate.of(2020, 1, 1), 1, null, Map.of(), T0, null,
                null);
    }

    private List<String> keys(String text) {
        return catalog.findObjects(ObjectQuery.firstPage(100).withText(text)).items().stream()
                .map(StoredObject::key).sorted().toList();
    }

    @Test
    void badQueriesAreRefused() {
        ObjectQuery q = ObjectQuery.firstPage(10);
        assertThrows(IllegalArgumentException.class, () -> ObjectQuery.firstPage(0));
        assertThrows(IllegalArgumentException.class, () -> ObjectQuery.firstPage(ObjectQuery.MAX_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> q.page(0, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new ObjectQuery(null, null, null, null, null, null, -1, 10));
        assertThrows(IllegalArgumentException.class,
                () -> q.withDates(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1)));
    }
}
