package dev.grove.patina.backup.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The planner's invariants beyond the golden files. */
class RetentionPlannerTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    private static StoredObject daily(String db, LocalDate date, String sha) {
        return new StoredObject("daily/" + date + "/" + db + ".sql.gz", db, ObjectKind.DAILY, date, 10, sha,
                Map.of(), date.atTime(2, 0).toInstant(ZoneOffset.UTC), null, null);
    }

    private static List<StoredObject> month() {
        List<StoredObject> objects = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            objects.add(daily("shop", TODAY.minusDays(i), "ab"));
            objects.add(daily("blog", TODAY.minusDays(i), i < 12 ? null : "cd")); // blog's last 12 unchecked
        }
        return objects;
    }

    private static Set<String> removed(RetentionPlan plan) {
        return plan.removals().stream().map(Decision::key).collect(Collectors.toSet());
    }

    @Test
    void aPolicyMustKeepSomething() {
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-1, 12));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(7, -1));
        assertEquals(0, new RetentionPolicy(0, 4).dailyDays());
    }

    @Test
    void everyPresentObjectIsDecidedOnceWithAReason() {
        List<StoredObject> objects = month();
        RetentionPlan plan = RetentionPlanner.plan(objects, new RetentionPolicy(7, 12), TODAY);
        assertEquals(objects.size(), plan.decisions().size());
        assertEquals(objects.size(), new HashSet<>(plan.decisions().stream().map(Decision::key).toList()).size());
        assertTrue(plan.decisions().stream().noneMatch(d -> d.reason().isBlank()));
        assertEquals(1, plan.keptBySafety(), "blog's newest daily with a checksum");
    }

    @Test
    void aTodayThatGoesBackwardsNeverRemovesMore() {
        List<StoredObject> objects = month();
        RetentionPolicy policy = new RetentionPolicy(7, 12);
        Set<String> later = removed(RetentionPlanner.plan(objects, policy, TODAY));
        for (int back = 1; back <= 40; back++) {
            Set<String> earlier = removed(RetentionPlanner.plan(objects, policy, TODAY.minusDays(back)));
            assertTrue(later.containsAll(earlier), "today " + TODAY.minusDays(back) + " removes " + earlier);
            later = earlier;
        }
    }

    @Test
    void theNewestGoodDailyOfEveryDatabaseSurvivesAnyPolicyAndAnyDay() {
        List<StoredObject> objects = month();
        for (int days = 0; days <= 3; days++) {
            for (int ahead = 0; ahead < 400; ahead += 37) {
                RetentionPlan plan = RetentionPlanner.plan(objects, new RetentionPolicy(days, 1),
                        TODAY.plusDays(ahead));
                Set<String> gone = removed(plan);
                assertTrue(!gone.contains("daily/" + TODAY + "/shop.sql.gz"), plan.toString());
                assertTrue(!gone.contains("daily/" + TODAY.minusDays(12) + "/blog.sql.gz"), plan.toString());
            }
        }
    }

    @Test
    void aDatabaseWithAnIntactDailyAlwaysKeepsOneWhicheverOfItsDailiesAreDamaged() {
        // every way of marking shop's dailies damaged (seeded, repeatable), under every policy and day
        java.util.Random random = new java.util.Random(12);
        for (int round = 0; round < 300; round++) {
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                StoredObject o = daily("shop", TODAY.minusDays(i), "ab");
                objects.add(random.nextInt(3) == 0 ? o.asDamaged(Instant.parse("2026-11-28T09:00:00Z"),
                        random.nextBoolean() ? "checksum mismatch" : "missing from the store") : o);
            }
            int days = random.nextInt(4);
            LocalDate today = TODAY.plusDays(random.nextInt(60));
            RetentionPlan plan = RetentionPlanner.plan(objects, new RetentionPolicy(days, 1), today);
            List<StoredObject> intact = objects.stream().filter(o -> !o.damaged()).toList();
            List<StoredObject> keptIntact = plan.keeps().stream().map(Decision::object).filter(o -> !o.damaged())
                    .toList();
            if (!intact.isEmpty()) {
                assertTrue(!keptIntact.isEmpty(), "no intact daily kept: " + plan);
                assertTrue(plan.keeps().stream().filter(Decision::safety).noneMatch(d -> d.object().damaged()),
                        "a damaged daily kept by safety while an intact one exists: " + plan);
            }
            for (Decision d : plan.decisions()) { // a damaged daily says so; an intact one only to explain safety
                assertTrue(d.object().damaged() ? d.reason().contains("DAMAGED")
                        : !d.reason().contains("DAMAGED") || d.safety() && d.reason().contains("the newer dail"),
                        d.reason());
            }
        }
    }

    @Test
    void deletedObjectsAreNotPlannedAndDoNotCountAsGood() {
        StoredObject deletedNewer = new StoredObject("daily/2026-11-01/shop.sql.gz", "shop", ObjectKind.DAILY,
                LocalDate.of(2026, 11, 1), 10, "ab", Map.of(), Instant.parse("2026-11-01T02:00:00Z"), null,
                Instant.parse("2026-11-02T00:00:00Z"));
        StoredObject older = daily("shop", LocalDate.of(2026, 10, 1), "ab");
        RetentionPlan plan = RetentionPlanner.plan(List.of(deletedNewer, older), new RetentionPolicy(7, 0), TODAY);
        assertEquals(1, plan.decisions().size());
        assertTrue(plan.decisions().get(0).safety(), plan.toString());
    }

    /** The same day in another form (.age), stored {@code hours} after the plain one. */
    private static StoredObject encrypted(StoredObject plain, int hours) {
        return new StoredObject(plain.key() + ".age", plain.database(), ObjectKind.DAILY, plain.date(), 10,
                plain.sha256(), Map.of(), plain.createdAt().plusSeconds(3600L * hours), null, null);
    }

    @Test
    void everySlotKeepsExactlyOneCopyAcrossAMonthOfSwitchingForms() {
        List<StoredObject> objects = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StoredObject plain = daily("shop", TODAY.minusDays(i), "ab");
            objects.add(plain);
            if (i % 3 == 0) {
                objects.add(encrypted(plain, 12)); // encryption on for a manual backup that day
            }
        }
        for (int days : List.of(0, 1, 7, 40)) {
            RetentionPlan plan = RetentionPlanner.plan(objects, new RetentionPolicy(days, 4), TODAY);
            Map<LocalDate, List<String>> kept = plan.decisions().stream()
                    .filter(d -> d.action() == Decision.Action.KEEP)
                    .collect(Collectors.groupingBy(d -> d.object().date(),
                            Collectors.mapping(Decision::key, Collectors.toList())));
            kept.forEach((date, keys) -> assertEquals(1, keys.size(), days + " days, " + date + ": " + keys));
            assertEquals(Math.min(Math.max(days, 1), 30), kept.size(), days + " days: one kept per day of the window (or safety)");
            for (LocalDate date : kept.keySet()) {
                boolean both = objects.stream().filter(o -> o.date().equals(date)).count() == 2;
                assertEquals(both ? "daily/" + date + "/shop.sql.gz.age" : "daily/" + date + "/shop.sql.gz",
                        kept.get(date).get(0), "the newer form of a day is the one kept");
            }
        }
    }

    @Test
    void aSupersededFormIsNeverRemovedWhileTheCopyThatSupersedesItGoesOrASafetyRuleKeepsIt() {
        LocalDate old = TODAY.minusDays(20);
        StoredObject plainVerified = new StoredObject("daily/" + old + "/shop.sql.gz", "shop", ObjectKind.DAILY, old,
                10, "ab", Map.of(), old.atTime(2, 0).toInstant(ZoneOffset.UTC),
                old.atTime(3, 0).toInstant(ZoneOffset.UTC), null);
        StoredObject newer = encrypted(plainVerified, 12); // never verified
        RetentionPlan plan = RetentionPlanner.plan(List.of(plainVerified, newer), new RetentionPolicy(7, 4), TODAY);
        assertEquals(List.of("SAFETY " + newer.key(), "SAFETY " + plainVerified.key()), plan.decisions().stream()
                .map(d -> (d.safety() ? "SAFETY " : d.action() + " ") + d.key()).toList(),
                "the newest good copy and the newest verified one are both kept by safety, never superseded");

        StoredObject damagedOnly = daily("jobs", TODAY.minusDays(1), "ab").asDamaged(TODAY.atStartOfDay()
                .toInstant(ZoneOffset.UTC), "checksum mismatch");
        StoredObject damagedToo = encrypted(daily("jobs", TODAY.minusDays(1), "ab"), 12).asDamaged(
                TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), "missing from the store");
        RetentionPlan none = RetentionPlanner.plan(List.of(damagedOnly, damagedToo), new RetentionPolicy(7, 4), TODAY);
        assertEquals(Set.of(damagedOnly.key()), removed(none), "no intact copy: the newest one stays");
        assertTrue(none.decisions().stream().filter(d -> d.key().equals(damagedOnly.key())).findFirst().orElseThrow()
                .reason().contains("superseded by " + damagedToo.key() + ", the newest copy of the day"));

        RetentionPlan expired = RetentionPlanner.plan(List.of(daily("blog", TODAY.minusDays(30), "ab"),
                encrypted(daily("blog", TODAY.minusDays(30), "ab"), 1), daily("blog", TODAY, "ab")),
                new RetentionPolicy(7, 4), TODAY);
        assertEquals(2, expired.removals().size());
        assertTrue(expired.removals().stream().allMatch(d -> d.reason().endsWith("older than 7 days")),
                "both forms of an expired day go by the window: " + expired.removals());
    }
}
