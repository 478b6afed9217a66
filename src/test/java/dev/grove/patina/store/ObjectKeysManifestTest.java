package dev.grove.patina.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A full's row manifest key (ADR 0030): beside the full, with its suffix, and never taken for a daily. */
class ObjectKeysManifestTest {
    private final ObjectKeys keys = new ObjectKeys("team/");

    @Test
    void theManifestKeyFollowsItsFullAndBack() {
        for (String suffix : new String[] {"", ".gz", ".zst", ".age", ".gz.age", ".zst.age"}) {
            String full = "team/daily/2026-11-23/shop.sql" + suffix;
            String manifest = keys.manifestOf(full);
            assertEquals("team/daily/2026-11-23/shop.manifest" + suffix, manifest);
            assertEquals(Optional.of(full), keys.fullOfManifest(manifest));
            assertTrue(keys.parse(manifest).isEmpty(), "not a daily: " + manifest);
        }
        // a database whose name ends in .manifest keeps its own keys apart
        String odd = keys.daily(java.time.LocalDate.of(2026, 11, 23), "a.manifest", ".zst");
        assertEquals("team/daily/2026-11-23/a.manifest.manifest.zst", keys.manifestOf(odd));
        assertEquals(Optional.of(odd), keys.fullOfManifest(keys.manifestOf(odd)));
        assertEquals("a.manifest", keys.parse(odd).orElseThrow().database());
    }

    @Test
    void onlyAFullHasAManifest() {
        assertThrows(IllegalArgumentException.class, () -> keys.manifestOf("team/daily/2026-11-24/shop.diff.sql.zst"));
        assertThrows(IllegalArgumentException.class, () -> keys.manifestOf("team/weekly/2026-W48.tar.gz"));
        assertEquals(Optional.empty(), keys.fullOfManifest("team/daily/2026-11-23/shop.sql.zst"));
        assertEquals(Optional.empty(), keys.fullOfManifest("other/daily/2026-11-23/shop.manifest.zst"));
        assertEquals(Optional.empty(), keys.fullOfManifest("team/daily/2026-13-45/shop.manifest.zst"));
    }
}
