package dev.grove.patina.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.BackupStoreContract;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder store: the contract, plus what only a folder has (temp files, sidecars, crash leftovers). */
class LocalFolderStoreTest extends BackupStoreContract {
    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("backups");
    }

    @Override
    protected BackupStore newStore() {
        return new LocalFolderStore(root());
    }

    @Override
    protected String prefix() {
        return "";
    }

    @Override
    protected List<String> leftovers() throws IOException {
        if (!Files.exists(root())) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".tmp-") || n.contains(".meta-tmp-")).toList();
        }
    }

    @Override
    protected void leaveInterruptedPut(String key) throws IOException {
        Path target = root().resolve(key);
        Path folder = Files.createDirectories(target.getParent());
        String name = target.getFileName().toString();
        Files.write(folder.resolve("." + name + ".tmp-k1ll3d"), new byte[100]);
        Files.write(folder.resolve("." + name + ".meta-tmp-k1ll3d"), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected BackupStore inaccessibleStore() throws IOException {
        Path file = Files.write(dir.resolve("a-file"), new byte[1]);
        return new LocalFolderStore(file.resolve("backups"));
    }

    @Override
    protected String inaccessibleName() {
        return dir.resolve("a-file").resolve("backups").toString();
    }

    @Override
    protected String describedAs() {
        return root().toAbsolutePath().normalize().toString();
    }

    @Override
    protected String secret() {
        return null; // a folder needs none
    }

    @Override
    protected boolean keepsObjectsAsLocalFiles() {
        return true;
    }

    @Test
    void filesAreWhereTheKeysSayWithHiddenMetadataBeside() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 5), "shop", ".gz");
        store.put(key, out -> {
            out.write("x".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "abc");
        });
        Path file = root().resolve("daily/2026-01-05/shop.sql.gz");
        assertEquals("x", Files.readString(file));
        Path sidecar = file.resolveSibling(".shop.sql.gz.meta.json");
        assertTrue(Files.readString(sidecar).contains("\"sha256\":\"abc\""));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(2, files.count(), "the data and its sidecar, nothing else");
        }
    }

    @Test
    void theStoresOwnFileNamesAreRefusedAsKeysAndHiddenFromLists() throws IOException {
        for (String bad : List.of("a/.x.sql.meta.json", ".x.tmp-abc123", "a/.x.meta-tmp-zz9")) {
            StoreException e = assertThrows(StoreException.class, () -> store.put(bad, out -> Map.of()));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        // an ordinary dot-name (a database called ".hidden") is a fine key
        store.put("daily/2026-01-01/.hidden.sql", out -> Map.of("k", "v"));
        assertEquals(List.of("daily/2026-01-01/.hidden.sql"),
                store.list("").stream().map(ObjectInfo::key).toList());
    }

    @Test
    void theNightlyCleanupOnlyTouchesLeftoversOlderThanItsCutOff() throws IOException {
        Path folder = Files.createDirectories(root().resolve("daily/2026-01-02"));
        Path old = Files.write(folder.resolve(".old.sql.tmp-a1"), new byte[10]);
        Path recent = Files.write(folder.resolve(".recent.sql.tmp-b2"), new byte[10]);
        java.time.Instant now = java.time.Instant.now();
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofDays(2))));
        assertEquals(1, store.cleanUpInterruptedPuts(now.minus(java.time.Duration.ofDays(1))));
        assertFalse(Files.exists(old), "a day-old leftover of a killed put is removed");
        assertTrue(Files.exists(recent), "a put still being written by another process is left alone");
        Files.delete(recent);
    }

    @Test
    void aDeadRunsPutIsCleanedUpByKeyWhateverItsAgeAndNothingElse() throws IOException {
        store.put("daily/2026-01-03/shop.sql", out -> {
            out.write(7);
            return Map.of("k", "v");
        });
        Path folder = root().resolve("daily/2026-01-03");
        Path killed = Files.write(folder.resolve(".shop.sql.tmp-x9"), new byte[100]); // seconds old
        Path killedMeta = Files.write(folder.resolve(".shop.sql.meta-tmp-x9"), "{}".getBytes(StandardCharsets.UTF_8));
        Path otherKey = Files.write(folder.resolve(".shops.sql.tmp-y1"), new byte[10]); // another put, alive
        assertEquals(2, store.cleanUpInterruptedPut("daily/2026-01-03/shop.sql"));
        assertFalse(Files.exists(killed));
        assertFalse(Files.exists(killedMeta));
        assertTrue(Files.exists(otherKey), "another key's put is not touched");
        assertEquals(Map.of("k", "v"), store.head("daily/2026-01-03/shop.sql").orElseThrow().metadata(),
                "the complete object at the key is untouched");
        assertEquals(0, store.cleanUpInterruptedPut("daily/2026-01-09/none.sql"), "no folder: nothing to do");
        Files.delete(otherKey);
    }

    @Test
    void cleanupRemovesTempFilesAndOrphanSidecarsButNoObject() throws IOException {
        store.put("daily/2026-01-01/a.sql", out -> {
            out.write(1);
            return Map.of("k", "v");
        });
        Path folder = root().resolve("daily/2026-01-01");
        Files.write(folder.resolve(".b.sql.tmp-k3j2"), new byte[100]); // a dump killed mid-write
        Files.write(folder.resolve(".b.sql.meta-tmp-k3j2"), "{}".getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve(".c.sql.meta.json"), "{\"size\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("daily/2026-01-01/a.sql"), store.list("").stream().map(ObjectInfo::key).toList());

        assertEquals(3, new LocalFolderStore(root()).cleanUpInterruptedPuts());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(".a.sql.meta.json", "a.sql"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
        assertEquals(Map.of("k", "v"), store.head("daily/2026-01-01/a.sql").orElseThrow().metadata());
        assertEquals(0, store.cleanUpInterruptedPuts());
    }

    @Test
    void cleanupFinishesAPutThatCrashedBetweenItsTwoRenames() throws IOException {
        Path folder = root().resolve("daily/2026-01-02");
        Files.createDirectories(folder);
        // The state after "delete old sidecar, rename data" and before "rename metadata":
        Files.write(folder.resolve("shop.sql"), "new data".getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve(".shop.sql.meta-tmp-abc"),
                "{\"format\":1,\"size\":8,\"metadata\":{\"sha256\":\"new\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(), store.head("daily/2026-01-02/shop.sql").orElseThrow().metadata());

        assertEquals(1, store.cleanUpInterruptedPuts());
        assertEquals(Map.of("sha256", "new"), store.head("daily/2026-01-02/shop.sql").orElseThrow().metadata());
    }

    @Test
    void aCrashBeforeTheDataRenameLeavesTheOldObjectWhole() throws IOException {
        store.put("k.sql", out -> {
            out.write("old".getBytes(StandardCharsets.UTF_8));
            return Map.of("v", "old");
        });
        // a killed put: its temp files exist, the final names are untouched
        Files.write(root().resolve(".k.sql.tmp-x1"), "new, half writ".getBytes(StandardCharsets.UTF_8));
        Files.write(root().resolve(".k.sql.meta-tmp-x1"), "{\"size\":14,\"metadata\":{\"v\":\"new\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, store.cleanUpInterruptedPuts());
        assertEquals("old", new String(read("k.sql"), StandardCharsets.UTF_8));
        assertEquals(Map.of("v", "old"), store.head("k.sql").orElseThrow().metadata());
    }

    @Test
    void aSidecarThatDoesNotDescribeItsDataIsIgnored() throws IOException {
        store.put("k.sql", out -> {
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "of-abc");
        });
        Files.writeString(root().resolve("k.sql"), "abcd"); // changed behind the store's back
        assertEquals(Map.of(), store.head("k.sql").orElseThrow().metadata());
    }

    @Test
    void deletePrunesEmptyFoldersButNotTheRoot() throws IOException {
        store.put("daily/2026-01-03/a.sql", out -> Map.of());
        store.delete("daily/2026-01-03/a.sql");
        assertFalse(Files.exists(root().resolve("daily")));
        assertTrue(Files.isDirectory(root()));
    }

    @Test
    void aFileWhereAFolderShouldBeIsAClearError() throws IOException {
        store.put("daily", out -> Map.of());
        StoreException e = assertThrows(StoreException.class, () -> store.put("daily/x.sql", out -> Map.of()));
        assertTrue(e.getMessage().contains("daily/x.sql"), e.getMessage());
        assertEquals(List.of(), store.list("daily/"));
    }

    @Test
    void aMissingRootListsNothing() throws IOException {
        assertEquals(List.of(), new LocalFolderStore(dir.resolve("nope")).list(""));
        assertEquals(0, new LocalFolderStore(dir.resolve("nope")).cleanUpInterruptedPuts());
    }
}
