package dev.grove.patina.run;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly's first-start rule (RunWorks.beforeFirstDaily), over a real catalog. */
class WeeklyFirstStartTest {
    private static final Instant SATURDAY = Instant.parse("2026-11-28T18:00:00Z"); // last ended week: 2026-W47

    @TempDir
    Path dir;

    @Test
    void aWeekBeforeTheFirstDailyIsNotNeededAWeekWithADailyIs() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), Clock.fixed(SATURDAY, ZoneOffset.UTC))) {
            IsoWeek w47 = IsoWeek.lastEndedOnOrBefore(LocalDate.of(2026, 11, 28));
            assertEquals(Optional.of("no daily backup existed yet in 2026-W47 (2026-11-16 to 2026-11-22): nothing to "
                    + "archive before Patina's first backups"), RunWorks.beforeFirstDaily(catalog, w47));

            // dailies only after that week (Patina started this week): still nothing to archive for W47
            catalog.recordObject(daily(LocalDate.of(2026, 11, 28)));
            assertTrue(RunWorks.beforeFirstDaily(catalog, w47).isPresent());

            // one daily inside the week: the weekly runs (and says what is missing)
            catalog.recordObject(daily(LocalDate.of(2026, 11, 21)));
            assertEquals(Optional.empty(), RunWorks.beforeFirstDaily(catalog, w47));
        }
    }

    private static StoredObject daily(LocalDate date) {
        return new StoredObject("daily/" + date + "/shop.sql.gz", "shop", ObjectKind.DAILY, date, 100, "ab".repeat(32),
                Map.of("t", 1L), SATURDAY, null, null);
    }
}
