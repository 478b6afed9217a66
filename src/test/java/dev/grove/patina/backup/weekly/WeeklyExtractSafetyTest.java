package dev.grove.patina.backup.weekly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY 24: a hostile weekly archive is refused and nothing is written outside the destination. */
class WeeklyExtractSafetyTest {
    static final String KEY = "weekly/2026-W48.tar.gz";
    static final String GOOD = "2026-11-23/shop.sql";

    @TempDir
    Path dir;

    private BackupStore store;
    private Catalog catalog;
    private WeeklyArchiver archiver;
    private Path target;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T03:00:00Z"), ZoneOffset.UTC);
        store = new LocalFolderStore(dir.resolve("store"));
        catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock);
        archiver = new WeeklyArchiver(store, new ObjectKeys(""), catalog, clock, "test", List.of("shop"),
                dir.resolve("work"));
        target = Files.createDirectories(dir.resolve("a/b/target"));
        outside = Files.createDirectories(dir.resolve("outside"));
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    /** One hand-made member: a file (linkTarget null) or a link. */
    record Member(String name, byte type, String linkTarget, String content) {
        static Member file(String name, String content) {
            return new Member(name, TarConstants.LF_NORMAL, null, content);
        }
    }

    private void storeArchive(Member... members) throws IOException {
        store.put(KEY, out -> {
            GZIPOutputStream gz = new GZIPOutputStream(out);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Member m : members) {
                TarArchiveEntry e = m.linkTarget() == null ? new TarArchiveEntry(m.name(), true)
                        : new TarArchiveEntry(m.name(), m.type(), true);
                byte[] bytes = m.content() == null ? new byte[0] : m.content().getBytes(StandardCharsets.UTF_8);
                if (m.linkTarget() != null) {
                    e.setLinkName(m.linkTarget());
                } else {
                    e.setSize(bytes.length);
                }
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            tar.finish();
            gz.finish();
            return Map.of();
        });
    }

    private void assertRefused(String member, String naming) throws IOException {
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> archiver.extract(KEY, member, target));
        assertTrue(e.getMessage().contains("'" + naming + "'") && e.getMessage().contains("refused"),
                e.getMessage());
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        try (var files = Files.walk(dir.resolve("a"))) {
            assertEquals(List.of(dir.resolve("a"), dir.resolve("a/b"), target), files.sorted().toList(),
                    "nothing written in or beside the target");
        }
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing written outside");
        }
        assertFalse(Files.exists(dir.resolve("a/evil")));
        assertFalse(Files.exists(dir.resolve("a/b/evil")));
        assertFalse(Files.exists(Path.of("/abs-patina-evil")));
    }

    @Test
    void aDotDotMemberRefusesTheArchive() throws IOException {
        storeArchive(Member.file(GOOD, "x"), Member.file("../evil", "pwned"));
        assertRefused(GOOD, "../evil");
        assertRefused("../evil", "../evil");
    }

    @Test
    void aDeepDotDotMemberRefusesTheArchive() throws IOException {
        storeArchive(Member.file("2026-11-23/../../../evil", "pwned"), Member.file(GOOD, "x"));
        assertRefused(GOOD, "2026-11-23/../../../evil");
    }

    @Test
    void anAbsoluteMemberRefusesTheArchive() throws IOException {
        storeArchive(Member.file("/abs-patina-evil", "pwned"), Member.file(GOOD, "x"));
        assertRefused(GOOD, "/abs-patina-evil");
    }

    @Test
    void aSymlinkFollowedByAFileThroughItRefusesTheArchive() throws IOException {
        storeArchive(new Member("link", TarConstants.LF_SYMLINK, outside.toString(), null),
                Member.file("link/evil", "pwned"), Member.file(GOOD, "x"));
        assertRefused("link/evil", "link");
        assertRefused(GOOD, "link");
    }

    @Test
    void aHardLinkRefusesTheArchive() throws IOException {
        storeArchive(new Member("hard", TarConstants.LF_LINK, "/etc/passwd", null), Member.file(GOOD, "x"));
        assertRefused(GOOD, "hard");
    }

    @Test
    void aRequestedPathOutsideTheTargetIsRefusedBeforeReading() throws IOException {
        for (String bad : List.of("../evil", "/etc/passwd", "a/../../evil", "a\\..\\evil", "")) {
            assertThrows(UnsafeArchiveException.class, () -> archiver.extract(KEY, bad, target), bad);
        }
        assertNothingWritten();
    }

    /** A manifest listing GOOD as the one-byte file "x". */
    private static Member manifestOfX() {
        ArchivedMember x = new ArchivedMember(GOOD, "shop", LocalDate.of(2026, 11, 23),
                "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", 1, Map.of(), "k");
        WeeklyManifest m = new WeeklyManifest(IsoWeek.of(LocalDate.of(2026, 11, 23)), Instant.EPOCH, "test",
                List.of(x), List.of());
        return Member.file(WeeklyManifest.PATH, new String(m.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void aTruncatedArchiveIsNamedDamagedAndLeavesNothing() throws IOException {
        storeArchive(Member.file(GOOD, "x".repeat(100_000)), manifestOfX());
        Path stored = dir.resolve("store").resolve(KEY);
        byte[] whole = Files.readAllBytes(stored);
        Files.write(stored, java.util.Arrays.copyOf(whole, whole.length - 20)); // the gzip trailer and more cut off
        IOException e = assertThrows(IOException.class, () -> archiver.extract(KEY, GOOD, target));
        assertTrue(e.getMessage().contains(KEY) && e.getMessage().contains("is damaged"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void aPlainArchiveExtractsAndMatchesItsManifest() throws IOException {
        storeArchive(Member.file(GOOD, "x"), manifestOfX());
        Path file = archiver.extract(KEY, GOOD, target);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void anExistingLinkInsideTheTargetIsNotFollowedOutside() throws IOException {
        storeArchive(Member.file(GOOD, "x"), manifestOfX());
        Files.createSymbolicLink(target.resolve("2026-11-23"), outside);
        assertThrows(IOException.class, () -> archiver.extract(KEY, GOOD, target));
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing written outside");
        }
    }

    @Test
    void aMemberThatDoesNotMatchTheManifestIsNotExtracted() throws IOException {
        storeArchive(Member.file(GOOD, "y"), manifestOfX());
        IOException e = assertThrows(IOException.class, () -> archiver.extract(KEY, GOOD, target));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertNothingWritten();
    }
}
