package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code patina} with no arguments decides to open the console, and how it fails. */
class ConsoleLauncherTest {
    @TempDir
    Path dir;

    @Test
    void aLinuxWithoutDisplaySaysSoInOneLine() {
        assertFalse(ConsoleLauncher.displayLikely(Map.of(), "Linux", null));
        assertFalse(ConsoleLauncher.displayLikely(Map.of("DISPLAY", " "), "Linux", null));
        assertTrue(ConsoleLauncher.displayLikely(Map.of("DISPLAY", ":0"), "Linux", null));
        assertTrue(ConsoleLauncher.displayLikely(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null));
        assertTrue(ConsoleLauncher.displayLikely(Map.of(), "Linux", "Monocle"));
        assertTrue(ConsoleLauncher.displayLikely(Map.of(), "Windows 11", null));
        assertTrue(ConsoleLauncher.displayLikely(Map.of(), "Mac OS X", null));
        assertEquals("patina: no display for the console; use a command, see patina --help",
                ConsoleLauncher.NO_DISPLAY);
    }

    @Test
    void aFirstStartCreatesTheDemoWorkspaceSoTheConsoleIsNeverEmpty() {
        AppDirs dirs = new AppDirs(Map.of("PATINA_HOME", dir.toString()), "Linux", dir);
        StringWriter err = new StringWriter();
        try (var runtime = new ConsoleStartup(null, Clock.systemUTC(), dirs).open(new PrintWriter(err, true))) {
            assertEquals(6, runtime.backups().databaseNames().size());
        }
        assertTrue(err.toString().contains("created the demo workspace"), err.toString());
        assertTrue(Files.exists(dir.resolve("patina.toml")));
    }

    @Test
    void aBrokenConfigFailsWithOneLineNamingTheFile() throws Exception {
        Path config = Files.writeString(dir.resolve("patina.toml"), "[store]\ntype = \"nowhere\"\n");
        ConsoleStartException e = assertThrows(ConsoleStartException.class,
                () -> ConsoleStartup.of(config, false).open(new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("patina.toml"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
