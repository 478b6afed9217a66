package dev.grove.patina.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A differential's key names the database and the date as a full's does, and says it is a differential. */
class ObjectKeysDifferentialTest {
    private final ObjectKeys keys = new ObjectKeys("prod");
    private final LocalDate day = LocalDate.of(2026, 12, 1);

    @Test
    void aDifferentialsKeyParsesAsThatDatesDailyOfItsDatabase() {
        String key = keys.differential(day, "shop.eu", ".zst.age");
        assertEquals("prod/daily/2026-12-01/shop.eu.diff.sql.zst.age", key);
        ObjectKeys.Parsed p = keys.parse(key).orElseThrow();
        assertEquals(ObjectKind.DAILY, p.kind());
        assertEquals("shop.eu", p.database());
        assertEquals(day, p.date());
        assertEquals(".zst.age", p.suffix());
        assertTrue(p.differential());
        assertTrue(p.encrypted());
        ObjectKeys.Parsed full = keys.parse(keys.daily(day, "shop.eu", ".gz")).orElseThrow();
        assertEquals("shop.eu", full.database());
        assertFalse(full.differential());
        assertEquals("prod/daily/2026-12-01/shop.diff.sql", keys.differential(day, "shop", ""));
    }

    @Test
    void aDatabaseNameMayNotEndInDiff() {
        assertFalse(ObjectKeys.isValidDatabaseName("shop.diff"));
        assertTrue(ObjectKeys.isValidDatabaseName("shop.diffs"));
        assertThrows(IllegalArgumentException.class, () -> keys.daily(day, "shop.diff", ""));
        assertThrows(IllegalArgumentException.class, () -> keys.differential(day, "shop", ".bz2"));
    }
}
