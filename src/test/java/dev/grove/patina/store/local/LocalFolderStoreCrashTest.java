package dev.grove.patina.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.testing.ChildPatina;
import dev.grove.patina.util.SlowAtomicWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a child JVM putting objects into a {@link LocalFolderStore} (its last steps through
 * {@code AtomicFiles}), at moments the test does not choose: a put in its write, its fsync or between its renames.
 * Afterwards the key holds a whole version, its metadata is that version's or none (never another's), the store
 * lists the key alone, and the cleanup of interrupted puts leaves no temp file.
 */
class LocalFolderStoreCrashTest {
    private static final String KEY = "daily/2026-12-04/shop.sql";

    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putsKilledAtRandomMomentsLeaveAWholeObjectWithItsOwnMetadata() throws Exception {
        Path root = dir.resolve("store");
        Path folder = root.resolve("daily/2026-12-04");
        Random random = new Random(13);
        for (int round = 0; round < 5; round++) {
            ChildPatina child = ChildPatina.startMain(dir.resolve("child"), Map.of(),
                    SlowStorePut.class.getName(), root.toString(), KEY, "1");
            try {
                child.awaitWhileAlive("a first whole put", 60, () -> {
                    try {
                        return child.stdout().contains("put 1");
                    } catch (IOException e) {
                        return false;
                    }
                });
                Thread.sleep(random.nextInt(200)); // a moment the test does not choose
                assertTrue(child.isAlive(), "still putting when killed:\n" + child.output());
                child.kill();
            } finally {
                child.kill();
            }
            LocalFolderStore store = new LocalFolderStore(root);
            int version;
            try (InputStream in = store.get(KEY)) {
                version = SlowAtomicWriter.versionOf(in.readAllBytes());
            }
            ObjectInfo info = store.head(KEY).orElseThrow();
            String recorded = info.metadata().get("version");
            assertTrue(recorded == null || recorded.equals(Integer.toString(version)),
                    "the metadata is the object's own or none: " + recorded + " beside version " + version);
            assertEquals(List.of(KEY), store.list("daily/").stream().map(ObjectInfo::key).toList(),
                    "temp files are never listed as objects");

            store.cleanUpInterruptedPuts();
            assertTrue(names(folder).stream().noneMatch(n -> n.contains(".tmp-")), "no temp file left: "
                    + names(folder));
            try (InputStream in = store.get(KEY)) {
                assertEquals(version, SlowAtomicWriter.versionOf(in.readAllBytes()), "the cleanup kept the object");
            }
            String after = store.head(KEY).orElseThrow().metadata().get("version");
            assertTrue(after == null || after.equals(Integer.toString(version)), "metadata after cleanup: " + after);
        }
    }
}
