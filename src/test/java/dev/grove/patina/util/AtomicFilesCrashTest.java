package dev.grove.patina.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.grove.patina.testing.ChildPatina;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real child JVM writing a file through {@link AtomicFiles} ({@link SlowAtomicWriter}): the
 * final name holds the old content or a whole new version, never a half file, and what the killed write leaves is a
 * hidden {@code .<name>.patina-<token>.tmp} that is never the final name and never read as it.
 */
class AtomicFilesCrashTest {
    private static final String MAIN = SlowAtomicWriter.class.getName();
    private static final int REACH_SECONDS = 60;

    @TempDir
    Path dir;

    private static boolean isLinuxOrMac() {
        return !System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    private static void kill9(ChildPatina child) throws Exception {
        assertTrue(child.isAlive(), "still running when killed:\n" + child.output());
        child.kill();
        if (isLinuxOrMac()) {
            assertEquals(128 + 9, child.exitCode(), "died of SIGKILL:\n" + child.output());
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The write's temp file in {@code folder}, once it holds at least {@code minBytes}. */
    private static boolean tempHolding(Path folder, String target, long minBytes) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> leftover(target, p.getFileName().toString())).anyMatch(p -> {
                try {
                    return Files.size(p) >= minBytes;
                } catch (IOException e) {
                    return false; // renamed meanwhile
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean leftover(String target, String name) {
        return name.matches("\\." + java.util.regex.Pattern.quote(target) + "\\.patina-[0-9a-f]{8}\\.tmp");
    }

    /** Every name in {@code folder} is {@code target} or a hidden leftover temp file of it. */
    private static void onlyTargetAndHiddenLeftovers(Path folder, String target) throws IOException {
        for (String name : names(folder)) {
            assertTrue(name.equals(target) || leftover(target, name), "unexpected file " + name + " in "
                    + names(folder));
        }
    }

    /** {@code file} is a whole version written by {@link SlowAtomicWriter}; returns its number. */
    private static int wholeVersion(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int eol = -1;
        for (int i = 0; i < bytes.length && i < 100; i++) {
            if (bytes[i] == '\n') {
                eol = i;
                break;
            }
        }
        if (eol < 0) {
            fail(file + " has no version header: a half file (" + bytes.length + " bytes)");
        }
        String[] header = new String(bytes, 0, eol, StandardCharsets.US_ASCII).split(" ");
        int n = Integer.parseInt(header[1]);
        int length = Integer.parseInt(header[2]);
        assertEquals(SlowAtomicWriter.LENGTH, length);
        assertEquals(eol + 1 + length, bytes.length, "version " + n + " is whole, not cut short");
        for (int i = eol + 1; i < bytes.length; i++) {
            if (bytes[i] != SlowAtomicWriter.letter(n)) {
                fail("byte " + i + " of version " + n + " is not its letter: a torn file");
            }
        }
        return n;
    }

    @Test
    void aWriteKilledInTheMiddleLeavesTheOldFileUnderItsName() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path target = work.resolve("patina.toml");
        byte[] old = "# the old config, whole\n[store]\ntype = \"local\"\n".getBytes(StandardCharsets.UTF_8);
        Files.write(target, old);

        // 2 MiB in 32 chunks, 100 ms apart: more than 3 s of writing
        ChildPatina child = ChildPatina.startMain(dir.resolve("child"), Map.of(), MAIN, target.toString(), "once",
                "100");
        try {
            child.awaitWhileAlive("the temp file beside the target, holding data", REACH_SECONDS,
                    () -> tempHolding(work, "patina.toml", 64 * 1024));
            kill9(child);
        } finally {
            child.kill();
        }
        assertArrayEquals(old, Files.readAllBytes(target), "the final name holds the old content");
        onlyTargetAndHiddenLeftovers(work, "patina.toml");
        assertTrue(names(work).stream().anyMatch(n -> leftover("patina.toml", n)),
                "the killed write's temp file is left (nothing ran after SIGKILL): " + names(work));

        // the next write works beside the leftover, which is never taken for the file
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        onlyTargetAndHiddenLeftovers(work, "patina.toml");
    }

    @Test
    void writesKilledAtRandomMomentsLeaveAWholeVersionEveryTime() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path target = work.resolve("shop.sql");
        Random random = new Random(13);
        int previous = 0;
        for (int round = 0; round < 5; round++) {
            // versions of 2 MiB written back to back (1 ms pauses): a kill lands in a write, an fsync or a rename
            ChildPatina child = ChildPatina.startMain(dir.resolve("child"), Map.of(), MAIN, target.toString(),
                    "loop", "1");
            try {
                child.awaitWhileAlive("a first whole version", REACH_SECONDS, () -> {
                    try {
                        return child.stdout().contains("wrote 1");
                    } catch (IOException e) {
                        return false;
                    }
                });
                Thread.sleep(random.nextInt(200)); // a moment the test does not choose
                kill9(child);
            } finally {
                child.kill();
            }
            int version = wholeVersion(target);
            assertTrue(version >= 1, "a version the child wrote");
            onlyTargetAndHiddenLeftovers(work, "shop.sql");
            previous = version;
        }
        assertTrue(previous >= 1);
    }
}
