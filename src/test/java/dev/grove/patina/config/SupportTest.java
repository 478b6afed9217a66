package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Suggestions, the syntax-error key finder and the keyring commands (not the keyring itself). */
class SupportTest {
    @Test
    void suggestions() {
        List<String> keys = List.of("daily_days", "weekly_weeks");
        assertEquals(Optional.of("daily_days"), Suggestions.closest("daily_day", keys));
        assertEquals(Optional.of("daily_days"), Suggestions.closest("dialy_days", keys));
        assertEquals(Optional.of("daily_days"), Suggestions.closest("DailyDays", keys));
        assertEquals(Optional.empty(), Suggestions.closest("keep", keys));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void syntaxContext() {
        String text = "top = 1\n[store]\ntype = \"s3\"\n\n[[databases]]\nname = x\n[[databases]]\npath = y\n";
        assertEquals("top", SyntaxContext.keyAt(text, 1));
        assertEquals("store", SyntaxContext.keyAt(text, 2));
        assertEquals("store.type", SyntaxContext.keyAt(text, 3));
        assertEquals("store", SyntaxContext.keyAt(text, 4));
        assertEquals("databases[1]", SyntaxContext.keyAt(text, 5));
        assertEquals("databases[1].name", SyntaxContext.keyAt(text, 6));
        assertEquals("databases[2].path", SyntaxContext.keyAt(text, 8));
        assertEquals(null, SyntaxContext.keyAt(text, 99));
    }

    @Test
    void keyringCommands() {
        assertEquals(List.of("secret-tool", "lookup", "service", "patina", "account", "r2"),
                new CommandKeyring("Linux", Duration.ofSeconds(1)).command("r2"));
        assertEquals(List.of("security", "find-generic-password", "-s", "patina", "-a", "r2", "-w"),
                new CommandKeyring("Mac OS X", Duration.ofSeconds(1)).command("r2"));
        KeyringUnavailableException e = assertThrows(KeyringUnavailableException.class,
                () -> new CommandKeyring("Windows 11", Duration.ofSeconds(1)).lookup("r2"));
        assertTrue(e.getMessage().contains("use env:NAME or file:/path instead"), e.getMessage());
    }
}
