package dev.grove.patina.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileWholeAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("instance.json");
        AtomicFiles.write(target, "{\"pid\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"pid\":1}", Files.readString(target));
        assertEquals(List.of("instance.json"), names());
    }

    @Test
    void replacesTheOldContentWhole() throws Exception {
        Path target = dir.resolve("patina.toml");
        Files.writeString(target, "old content, longer than the new one");
        AtomicFiles.write(target, AtomicFiles.Access.DEFAULT, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("patina.toml"), names());
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTempFile() throws Exception {
        Path target = dir.resolve("patina.toml");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, AtomicFiles.Access.DEFAULT,
                out -> {
                    out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("the source went away");
                }));
        assertEquals("the source went away", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("patina.toml"), names());
    }

    @Test
    void anUncheckedFailureAlsoLeavesTheOldFile() throws Exception {
        Path target = dir.resolve("a.sql");
        Files.writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, AtomicFiles.Access.DEFAULT,
                out -> {
                    out.write(1);
                    throw new IllegalStateException("bug");
                }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("a.sql"), names());
    }

    @Test
    void ownerOnlyFilesAreReadableByTheOwnerAlone() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path target = dir.resolve("patina.toml");
        AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, out -> out.write('x'));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void theTempFileIsHiddenBesideTheTargetAndNeverItsName() {
        Path target = dir.resolve("shop.sql");
        Path temp = AtomicFiles.tempBeside(target, "patina-download");
        assertEquals(dir.toAbsolutePath(), temp.getParent());
        assertTrue(temp.getFileName().toString().matches("\\.shop\\.sql\\.patina-download-[0-9a-f]{8}\\.tmp"),
                temp.toString());
        assertTrue(!temp.equals(AtomicFiles.tempBeside(target, "patina-download")), "a fresh name each time");
    }

    @Test
    void replaceRenamesAFinishedTempFileOntoTheTarget() throws Exception {
        Path target = dir.resolve("restored.sqlite");
        Files.write(target, new byte[] {1, 2, 3});
        Path temp = AtomicFiles.tempBeside(target, "patina-restore");
        Files.write(temp, new byte[] {4, 5});
        AtomicFiles.syncFile(temp);
        AtomicFiles.replace(temp, target);
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
        assertEquals(List.of("restored.sqlite"), names());
    }

    @Test
    void syncFolderFailsLoudlyOnAFolderThatIsNotThere() {
        assumeTrue(!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows"),
                "Windows skips the folder fsync");
        assertThrows(IOException.class, () -> AtomicFiles.syncFolder(dir.resolve("missing")));
    }
}
