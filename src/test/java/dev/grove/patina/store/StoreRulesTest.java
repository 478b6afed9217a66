package dev.grove.patina.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreRulesTest {
    @Test
    void keysThatEveryStoreCanHoldPass() throws StoreException {
        for (String key : List.of("a", "daily/2026-01-01/shop.sql.gz", "p/weekly/2026-W01.tar.gz", ".hidden",
                "a/.b/c", "caf\u00e9/\u00fcber.sql", "x".repeat(1024))) {
            assertEquals(key, StoreRules.checkKey(key, "here"));
        }
    }

    @Test
    void unsafeKeysAreRefusedNamingTheKeyAndTheStore() {
        for (String key : List.of("", "/a", "a\\b", "a//b", "a/", "..", "a/../b", "./a", "a\u0000b", "a\nb",
                "x".repeat(1025), "\u00e9".repeat(513))) {
            StoreException e = assertThrows(StoreException.class, () -> StoreRules.checkKey(key, "folder /x"));
            assertTrue(e.getMessage().contains(StoreRules.printable(key)) && e.getMessage().contains("folder /x"),
                    e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
        }
    }

    @Test
    void metadataIsCheckedAndSorted() throws StoreException {
        assertEquals(List.of("a", "b-2", "z"), List.copyOf(StoreRules.checkMetadata("k",
                Map.of("z", "1", "a", "x y", "b-2", ""), "here").keySet()));
        assertEquals(Map.of(), StoreRules.checkMetadata("k", null, "here"));
        for (Map<String, String> bad : List.<Map<String, String>>of(Map.of("A", "x"), Map.of("", "x"),
                Map.of("a.b", "x"), Map.of("a", "\u00e9"), Map.of("a", "tab\t"), Map.of("a", " lead"),
                Map.of("a", "trail "), Map.of("a", "x".repeat(2048)))) {
            assertThrows(StoreException.class, () -> StoreRules.checkMetadata("k", bad, "here"), bad.toString());
        }
    }
}
