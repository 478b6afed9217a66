package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupFreshnessTest {
    private static final Instant STORED = Instant.parse("2026-11-28T02:00:00Z");

    @Test
    void aBackupIsFreshUpToTwentySixHoursInclusive() {
        assertTrue(BackupFreshness.isFresh(STORED, STORED));
        assertTrue(BackupFreshness.isFresh(STORED, STORED.plus(Duration.ofHours(26))));
        assertFalse(BackupFreshness.isFresh(STORED, STORED.plus(Duration.ofHours(26)).plusSeconds(1)));
        assertEquals("26 h", BackupFreshness.limitText());
    }
}
