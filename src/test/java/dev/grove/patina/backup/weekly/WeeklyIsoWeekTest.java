package dev.grove.patina.backup.weekly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ISO weeks across New Year, and the plan of such a week. */
class WeeklyIsoWeekTest {
    @TempDir
    Path dir;

    @Test
    void weekYearIsTheIsoOneAcrossNewYear() {
        assertEquals("2026-W53", IsoWeek.of(LocalDate.of(2026, 12, 31)).toString());
        assertEquals("2026-W53", IsoWeek.of(LocalDate.of(2027, 1, 1)).toString());
        assertEquals("2026-W53", IsoWeek.of(LocalDate.of(2027, 1, 3)).toString());
        assertEquals("2027-W01", IsoWeek.of(LocalDate.of(2027, 1, 4)).toString());
        assertEquals("2025-W01", IsoWeek.of(LocalDate.of(2024, 12, 30)).toString());
        assertEquals("2020-W53", IsoWeek.of(LocalDate.of(2021, 1, 3)).toString());
        assertEquals(LocalDate.of(2026, 12, 28), IsoWeek.parse("2026-W53").monday());
        assertEquals(LocalDate.of(2027, 1, 3), IsoWeek.parse("2026-W53").sunday());
        assertThrows(IllegalArgumentException.class, () -> IsoWeek.parse("2027-W53"));
        assertThrows(IllegalArgumentException.class, () -> IsoWeek.parse("2027-53"));
    }

    @Test
    void theArchivedWeekIsTheOneEndingOnSundayElseTheLastEnded() {
        assertEquals("2026-W48", IsoWeek.lastEndedOnOrBefore(LocalDate.of(2026, 11, 29)).toString()); // Sunday
        assertEquals("2026-W48", IsoWeek.lastEndedOnOrBefore(LocalDate.of(2026, 11, 30)).toString()); // Monday
        assertEquals("2026-W48", IsoWeek.lastEndedOnOrBefore(LocalDate.of(2026, 12, 5)).toString()); // Saturday
        assertEquals("2026-W53", IsoWeek.lastEndedOnOrBefore(LocalDate.of(2027, 1, 5)).toString());
    }

    @Test
    void aPlanAcrossNewYearCoversMondayToSundayOfTheIsoWeek() throws Exception {
        try (Catalog catalog = Catalog.open(dir.resolve("c.sqlite"), Clock.systemUTC())) {
            WeeklyPlan plan = new WeeklyArchiver(new LocalFolderStore(dir.resolve("s")), new ObjectKeys("p"),
                    catalog, Clock.systemUTC(), "test", List.of("a", "b")).plan(LocalDate.of(2027, 1, 1));
            assertEquals("p/weekly/2026-W53.tar.gz", plan.key());
            assertEquals(14, plan.missing().size());
            assertEquals(LocalDate.of(2026, 12, 28), plan.missing().get(0).date());
            assertEquals(LocalDate.of(2027, 1, 3), plan.missing().get(13).date());
        }
    }
}
