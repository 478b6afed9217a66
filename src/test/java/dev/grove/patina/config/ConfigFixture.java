package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A config folder in a temp dir, a fake environment and a fake keyring, and a loader wired to them. */
final class ConfigFixture {
    final Path dir;
    final Path file;
    final Path dataDir;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> keyring = new HashMap<>();
    String keyringFailure;

    ConfigFixture(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("patina.toml");
        this.dataDir = dir.resolve("data");
    }

    /** A keyring that answers from {@link #keyring}, or fails with {@link #keyringFailure} when set. */
    SecretStore fakeKeyring() {
        return name -> {
            if (keyringFailure != null) {
                throw new KeyringUnavailableException(keyringFailure);
            }
            return Optional.ofNullable(keyring.get(name));
        };
    }

    ConfigLoader loader() {
        return new ConfigLoader(env::get, dataDir, fakeKeyring());
    }

    PatinaConfig load(String toml) {
        write(toml);
        return loader().load(file);
    }

    ConfigException loadFails(String toml) {
        write(toml);
        return assertThrows(ConfigException.class, () -> loader().load(file));
    }

    /**
     * Asserts that loading {@code toml} fails on {@code line} (0: no line) about {@code key}, with a message in the
     * {@code <file> line N: …} style that contains every one of {@code fragments}.
     */
    ConfigException assertFails(String toml, int line, String key, String... fragments) {
        ConfigException e = loadFails(toml);
        String message = e.getMessage();
        String expectedStart = file + (line > 0 ? " line " + line : "") + ": ";
        assertTrue(message.startsWith(expectedStart),
                () -> "expected to start with '" + expectedStart + "': " + message);
        assertTrue(message.contains("patina.toml"), message);
        if (key != null) {
            assertTrue(message.contains(key), () -> "expected key '" + key + "' in: " + message);
            assertTrue(e.key().isPresent() && e.key().get().equals(key), () -> "key() " + e.key() + " in: " + message);
        }
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "expected '" + f + "' in: " + message);
        }
        assertTrue(e.line() == line, () -> "line() " + e.line() + " in: " + message);
        return e;
    }

    void write(String toml) {
        writeFile(file, toml);
    }

    /** Writes an owner-only secret file. */
    Path secretFile(String name, String content) {
        return secretFile(name, content, "rw-------");
    }

    Path secretFile(String name, String content, String permissions) {
        Path p = dir.resolve(name);
        writeFile(p, content);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not POSIX: tests that need permissions assume POSIX themselves
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static void writeFile(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid config: a local store and one SQLite database. */
    static String minimal(String extra) {
        return """
                [store]
                type = "local"
                path = "/backups"

                [[databases]]
                name = "jobs"
                type = "sqlite"
                path = "/data/jobs.sqlite"
                """ + extra;
    }
}
