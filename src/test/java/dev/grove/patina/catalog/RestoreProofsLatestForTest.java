package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RestoreProofs#latestFor}: the newest test restore of each key of a page, in one query — what the Backups
 * table's badge reads.
 */
class RestoreProofsLatestForTest extends CatalogContract {
    static final Instant T = Instant.parse("2026-11-28T02:00:00Z");


    private static StoredObject daily(String db, LocalDate date) {
        return new StoredObject("daily/" + date + "/" + db + ".sql", db, ObjectKind.DAILY, date, 100, "aa",
                Map.of("t", 1L), T, null, null);
    }

    private static List<RestoreProofs.CheckRun> checks(boolean pass) {
        return List.of(new RestoreProofs.CheckRun("integrity_check", true, "ok"),
                new RestoreProofs.CheckRun("check 0: SELECT 1 = 0", pass, pass ? "returned 1" : "returned 0"));
    }

    @Test
    void eachKeyGetsItsNewestProofAndAKeyNeverTestRestoredIsAbsent() {
        try (Catalog c = backend.open(TestClock.at("2026-11-28T03:00:00Z"))) {
            StoredObject passedThenFailed = daily("shop", LocalDate.of(2026, 11, 27));
            StoredObject failedThenPassed = daily("jobs", LocalDate.of(2026, 11, 27));
            StoredObject never = daily("shop", LocalDate.of(2026, 11, 26));
            StoredObject quote = new StoredObject("daily/2026-11-27/o\"dd\\name.sql", "odd", ObjectKind.DAILY,
                    LocalDate.of(2026, 11, 27), 1, "bb", Map.of(), T, null, null);
            c.recordObjects(List.of(passedThenFailed, failedThenPassed, never, quote));
            RestoreProofs proofs = c.proofs();
            proofs.record(new RestoreProofs.Proof(passedThenFailed.key(), "shop", null, T, checks(true)));
            proofs.record(new RestoreProofs.Proof(passedThenFailed.key(), "shop", null, T.plusSeconds(60),
                    checks(false)));
            proofs.record(new RestoreProofs.Proof(failedThenPassed.key(), "jobs", null, T, checks(false)));
            proofs.record(new RestoreProofs.Proof(failedThenPassed.key(), "jobs", null, T.plusSeconds(60),
                    checks(true)));
            proofs.record(new RestoreProofs.Proof(quote.key(), "odd", null, T, checks(true)));

            Map<String, RestoreProofs.Proof> latest = proofs.latestFor(List.of(passedThenFailed.key(),
                    failedThenPassed.key(), never.key(), quote.key()));
            assertEquals(3, latest.size(), latest.keySet().toString());
            assertFalse(latest.containsKey(never.key()), "never test-restored: no badge");
            assertFalse(latest.get(passedThenFailed.key()).proven(), "the newest one failed");
            assertEquals(T.plusSeconds(60), latest.get(passedThenFailed.key()).verifiedAt());
            assertTrue(latest.get(failedThenPassed.key()).proven(), "the newest one passed");
            assertTrue(latest.get(quote.key()).proven(), "a key with a quote and a backslash is matched");
            for (String key : latest.keySet()) {
                assertEquals(proofs.latestOf(key).orElseThrow(), latest.get(key), "the same as one key at a time");
            }
            assertTrue(proofs.latestFor(List.of()).isEmpty());
        }
    }

    @Test
    void aWholePageOfTheTableIsOneQueryBeyondSqlitesVariableLimit() {
        try (Catalog c = backend.open(TestClock.at("2026-11-28T03:00:00Z"))) {
            List<StoredObject> objects = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                objects.add(daily("db" + i, LocalDate.of(2026, 11, 27)));
            }
            c.recordObjects(objects);
            for (int i = 0; i < objects.size(); i += 3) {
                c.proofs().record(new RestoreProofs.Proof(objects.get(i).key(), "db" + i, null, T, checks(true)));
            }
            Map<String, RestoreProofs.Proof> latest = c.proofs().latestFor(objects.stream().map(StoredObject::key)
                    .toList());
            assertEquals(500, latest.size(), "one in three was test-restored");
            assertTrue(latest.containsKey(objects.get(1_497).key()));
            assertFalse(latest.containsKey(objects.get(1_498).key()));
        }
    }
}
