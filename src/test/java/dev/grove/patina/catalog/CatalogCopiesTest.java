package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code object_copies} through {@link Catalog#copies()} (catalog version 3): what a replica lacks, how a copy moves
 * between pending, present and deleted, and which copies a replica still owes a delete.
 */
class CatalogCopiesTest extends CatalogContract {
    static final Instant T = Instant.parse("2026-11-28T02:00:00Z");


    private static StoredObject daily(String db, int day, String sha) {
        LocalDate date = LocalDate.of(2026, 11, day);
        return new StoredObject("daily/" + date + "/" + db + ".sql", db, ObjectKind.DAILY, date, 100 + day, sha,
                Map.of("t", 1L), T.plusSeconds(day), null, null);
    }

    @Test
    void aReplicaLacksWhatItHasNoMatchingCopyOfAndNothingTheReplicaCannotBeGiven() {
        try (Catalog c = backend.open(TestClock.at("2026-11-28T03:00:00Z"))) {
            StoredObject a = daily("shop", 1, "aa");
            StoredObject b = daily("shop", 2, "bb");
            StoredObject damaged = daily("shop", 3, "cc");
            StoredObject gone = daily("jobs", 4, "dd");
            c.recordObjects(List.of(a, b, damaged, gone));
            c.markDamaged(damaged.key(), T, "missing: the store has no object under this key");
            c.markDeleted(gone.key(), T);
            ObjectCopies copies = c.copies();

            assertEquals(List.of(a.key(), b.key()), copies.missing("offsite", 10).stream().map(StoredObject::key)
                    .toList(), "oldest first; not the damaged one (nothing to copy) nor the deleted one");
            assertEquals(2, copies.behind("offsite"));
            assertEquals(1, copies.missing("offsite", 1).size(), "the limit holds");

            copies.recordFailure(a.key(), "offsite", "connection refused");
            copies.recordFailure(a.key(), "offsite", "connection reset");
            ObjectCopy pending = copies.get(a.key(), "offsite").orElseThrow();
            assertEquals(CopyState.PENDING, pending.state());
            assertEquals(2, pending.attempts());
            assertEquals("connection reset", pending.lastError());
            assertEquals("connection reset", copies.lastError("offsite").orElseThrow());
            assertEquals(2, copies.behind("offsite"), "pending is still behind");

            copies.recordPresent(a.key(), "offsite", a.size(), "aa", T);
            copies.recordPresent(b.key(), "offsite", b.size(), "bb", T);
            assertEquals(0, copies.behind("offsite"));
            assertTrue(copies.lastError("offsite").isEmpty());
            ObjectCopy present = copies.get(a.key(), "offsite").orElseThrow();
            assertEquals(CopyState.PRESENT, present.state());
            assertEquals(3, present.attempts());
            assertEquals(T, present.copiedAt());
            assertEquals(2, copies.behind("usb"), "each replica on its own");

            // the same key stored again with other bytes: the copy is of the old upload
            c.recordObject(daily("shop", 2, "b2"));
            assertEquals(List.of(b.key()), copies.missing("offsite", 10).stream().map(StoredObject::key).toList());

            // retention removed a from the primary: offsite still owes its delete, until it is marked
            c.markDeleted(a.key(), T);
            assertEquals(List.of(a.key()), copies.leftBehind("offsite").stream().map(ObjectCopy::key).toList());
            assertTrue(copies.markDeleted(a.key(), "offsite", T));
            assertEquals(CopyState.DELETED, copies.get(a.key(), "offsite").orElseThrow().state());
            assertTrue(copies.leftBehind("offsite").isEmpty());
            assertFalse(copies.markDeleted("daily/none.sql", "offsite", T), "no copy row, nothing marked");

            // a copy of an object the primary lost is never owed a delete
            copies.recordPresent(damaged.key(), "offsite", damaged.size(), "cc", T);
            c.markDeleted(damaged.key(), T);
            assertTrue(copies.leftBehind("offsite").isEmpty());

            Map<String, List<ObjectCopy>> byKey = copies.of(List.of(a.key(), b.key(), "daily/\"odd\\key.sql"));
            assertEquals(List.of(a.key(), b.key()), List.copyOf(byKey.keySet()));
            assertTrue(copies.recordVerified(b.key(), "offsite", T.plusSeconds(60)));
            ObjectCopy verified = copies.get(b.key(), "offsite").orElseThrow();
            assertEquals("b2", verified.sha256(), "a verified copy matches the object as it is now");
            assertEquals(CopyState.PRESENT, verified.state());
        }
    }

    @Test
    void theOldestMissingObjectAndTheLastFailureThatStillMattersSayWhetherAReplicaIsStale() {
        try (Catalog c = backend.open(TestClock.at("2026-11-28T03:00:00Z"))) {
            StoredObject a = daily("shop", 1, "aa");
            StoredObject b = daily("shop", 2, "bb");
            c.recordObjects(List.of(a, b));
            ObjectCopies copies = c.copies();
            assertEquals(a.createdAt(), copies.oldestMissing("offsite").orElseThrow());
            assertTrue(copies.missingError("offsite").isEmpty(), "not tried yet: no failure");

            copies.recordFailure(a.key(), "offsite", "connection refused");
            assertEquals("connection refused", copies.missingError("offsite").orElseThrow());

            c.markDeleted(a.key(), T); // retention removed it: its failed copy no longer matters
            assertTrue(copies.missingError("offsite").isEmpty());
            assertEquals("connection refused", copies.lastError("offsite").orElseThrow(), "still the row's history");
            assertEquals(b.createdAt(), copies.oldestMissing("offsite").orElseThrow());

            copies.recordPresent(b.key(), "offsite", b.size(), "bb", T);
            assertTrue(copies.oldestMissing("offsite").isEmpty());
            assertTrue(copies.recordDeleteFailure(a.key(), "offsite", "403 on delete"));
            assertEquals("403 on delete", copies.get(a.key(), "offsite").orElseThrow().lastError());
            assertEquals(CopyState.PENDING, copies.get(a.key(), "offsite").orElseThrow().state(), "unchanged");
            assertFalse(copies.recordDeleteFailure("daily/none.sql", "offsite", "x"), "no copy row");
        }
    }
}
