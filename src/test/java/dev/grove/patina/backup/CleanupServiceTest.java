package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleanup over a real local-folder store (behind a fault injector) and a real catalog. */
class CleanupServiceTest {
    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    static final RetentionPolicy POLICY = new RetentionPolicy(7, 12);

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectKeys keys = new ObjectKeys("nightly");
    private FaultyStore store;
    private Catalog catalog;
    private CleanupService cleanup;

    @BeforeEach
    void setUp() {
        store = new FaultyStore(new LocalFolderStore(dir.resolve("store")));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        cleanup = new CleanupService(store, keys, catalog, clock);
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private String daily(String db, LocalDate date) throws Exception {
        return stored(keys.daily(date, db, ".gz"), db, ObjectKind.DAILY, date);
    }

    private String weekly(LocalDate day) throws Exception {
        return stored(keys.weekly(day), null, ObjectKind.WEEKLY, day);
    }

    private String stored(String key, String db, ObjectKind kind, LocalDate date) throws Exception {
        byte[] content = ("-- " + key + "\n").getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = store.put(key, out -> {
            out.write(content);
            return Map.of();
        });
        catalog.recordObject(new StoredObject(key, db, kind, date, info.size(), "ab".repeat(32), Map.of(),
                date.atTime(2, 0).toInstant(ZoneOffset.UTC), null, null));
        return key;
    }

    private List<String> tenDaysOfShop() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            made.add(daily("shop", TODAY.minusDays(i)));
        }
        return made;
    }

    private boolean inStore(String key) throws Exception {
        return store.head(key).isPresent();
    }

    @Test
    void removesExpiredObjectsFromTheStoreAndMarksThemDeleted() throws Exception {
        List<String> shop = tenDaysOfShop();
        String oldWeekly = weekly(TODAY.minusWeeks(20));
        String newWeekly = weekly(TODAY);

        RetentionPlan plan = cleanup.plan(POLICY, TODAY);
        assertEquals(12, plan.decisions().size());
        assertEquals(4, plan.removals().size());
        CleanupResult result = cleanup.apply(plan);

        assertNull(result.refusal());
        assertTrue(result.complete());
        assertEquals(4, result.removed());
        assertEquals(8, result.kept());
        long bytes = 0;
        for (Decision d : plan.removals()) {
            bytes += d.object().size();
            assertFalse(inStore(d.key()), d.key());
            assertEquals(NOW, catalog.object(d.key()).orElseThrow().deletedAt());
        }
        assertEquals(bytes, result.removedBytes());
        assertFalse(inStore(oldWeekly));
        assertTrue(inStore(newWeekly));
        for (String kept : shop.subList(0, 7)) {
            assertTrue(inStore(kept) && catalog.object(kept).orElseThrow().present(), kept);
        }
        assertTrue(cleanup.plan(POLICY, TODAY).removals().isEmpty(), "a second cleanup has nothing to do");
    }

    @Test
    void aFailingListingDeletesNothing() throws Exception {
        tenDaysOfShop();
        store.listFails = true;
        CleanupResult result = cleanup.apply(cleanup.plan(POLICY, TODAY));
        assertTrue(result.refused());
        assertTrue(result.refusal().contains("listing") && result.refusal().contains("nothing was deleted"),
                result.refusal());
        assertEquals(0, store.deletes);
        assertEquals(0, result.removed());
        assertEquals(10, result.kept());
    }

    @Test
    void anEmptyListingWhileTheCatalogHasObjectsDeletesNothing() throws Exception {
        tenDaysOfShop();
        store.listEmpty = true;
        CleanupResult result = cleanup.apply(cleanup.plan(POLICY, TODAY));
        assertTrue(result.refused());
        assertTrue(result.refusal().contains("lists 0 dailies") && result.refusal().contains("catalog has 10"),
                result.refusal());
        assertEquals(0, store.deletes);
    }

    @Test
    void aRefusedDeleteIsRecordedTheObjectStaysAndTheOthersGoOn() throws Exception {
        List<String> shop = tenDaysOfShop();
        String locked = shop.get(8);
        store.refuseDelete = Set.of(locked);

        CleanupResult result = cleanup.apply(cleanup.plan(POLICY, TODAY));

        assertEquals(2, result.removed());
        assertEquals(1, result.failures().size());
        assertEquals(locked, result.failures().get(0).key());
        assertTrue(result.failures().get(0).error().contains("locked"), result.failures().get(0).error());
        assertFalse(result.complete());
        StoredObject row = catalog.object(locked).orElseThrow();
        assertTrue(row.present());
        assertNotNull(row.deleteError());
        assertTrue(inStore(locked));
        assertFalse(inStore(shop.get(7)));
        assertFalse(inStore(shop.get(9)));
    }

    @Test
    void theNewestGoodDailyStaysWhenEveryLaterNightFailed() throws Exception {
        String last = daily("shop", TODAY.minusDays(20));
        String before = daily("shop", TODAY.minusDays(21));
        daily("blog", TODAY);

        RetentionPlan plan = cleanup.plan(POLICY, TODAY);
        CleanupResult result = cleanup.apply(plan);

        assertEquals(1, result.keptBySafety());
        assertTrue(plan.decision(last).orElseThrow().reason().startsWith("kept by safety: newest good daily of shop"),
                plan.decision(last).orElseThrow().reason());
        assertTrue(inStore(last));
        assertFalse(inStore(before));
    }

    @Test
    void aRemovalTheCatalogNowKeepsIsSkipped() throws Exception {
        String old = daily("shop", TODAY.minusDays(30));
        String fresh = daily("shop", TODAY);
        RetentionPlan plan = cleanup.plan(POLICY, TODAY);
        assertEquals(List.of(old), plan.removals().stream().map(Decision::key).toList());
        catalog.markDeleted(fresh, NOW); // between plan and apply, the newer daily went away

        CleanupResult result = cleanup.apply(plan);

        assertEquals(0, result.removed());
        assertEquals(1, result.skipped().size());
        assertTrue(result.skipped().get(0).reason().contains("kept by safety"), result.skipped().get(0).reason());
        assertTrue(inStore(old));
    }

    @Test
    void planReadsEveryPageOfTheCatalog() {
        List<StoredObject> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            LocalDate date = TODAY.minusDays(i % 50);
            String db = "db" + (i / 50);
            many.add(new StoredObject(keys.daily(date, db, ""), db, ObjectKind.DAILY, date, 1, "ab", Map.of(),
                    NOW, null, null));
        }
        catalog.recordObjects(many);
        RetentionPlan plan = cleanup.plan(POLICY, TODAY);
        assertEquals(2_500, plan.decisions().size());
        assertEquals(50 * 7, plan.keeps().size());
    }
}
