package dev.grove.patina.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.ObjectKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link BackupStore} passes (restic's lesson: one suite, every backend). A subclass
 * supplies a fresh, empty store for each test and says how to find what an interrupted put could leave behind.
 */
public abstract class BackupStoreContract {
    /** A part size small enough that {@link #bigObjectSpanningSeveralParts} needs several parts. */
    protected static final int SMALL_PART = 5 * 1024 * 1024;

    protected BackupStore store;
    protected ObjectKeys keys;

    /** A fresh, empty store. */
    protected abstract BackupStore newStore() throws Exception;

    /** The prefix the store owns ({@code ""} for none). */
    protected abstract String prefix();

    /** What interrupted puts left: temporary files, unfinished multipart uploads. Empty when clean. */
    protected abstract List<String> leftovers() throws Exception;

    protected void closeStore() throws Exception {
    }

    /**
     * Leaves what a put of {@code key} killed midway (kill -9) leaves in this store, started just now: temporary
     * files beside the key in a folder, an unfinished multipart upload with one part in a bucket.
     */
    protected abstract void leaveInterruptedPut(String key) throws Exception;

    /** A store this implementation cannot reach or write (a folder under a file, a bucket that does not exist). */
    protected abstract BackupStore inaccessibleStore() throws Exception;

    /** What the error of {@link #inaccessibleStore()}'s {@code checkAccess} must name (its folder, its bucket). */
    protected abstract String inaccessibleName();

    /** What {@link BackupStore#describe()} of {@link #newStore()} must name: its folder, its bucket. */
    protected abstract String describedAs();

    /** The secret {@link #newStore()} was built with, which no description may show; null for none. */
    protected abstract String secret();

    /** Whether the store keeps each object as a file on this machine, which {@code localFile} then names. */
    protected abstract boolean keepsObjectsAsLocalFiles();

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        keys = new ObjectKeys(prefix());
    }

    @AfterEach
    void checkAndClose() throws Exception {
        try {
            assertEquals(List.of(), leftovers(), "nothing may be left behind by any put");
        } finally {
            closeStore();
        }
    }

    @Test
    void putThenGetHeadAndListTheSameObject() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 5), "shop", ".gz");
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        ObjectInfo put = store.put(key, out -> {
            out.write("hello, store".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "abc123", "rows", "3");
        });
        assertEquals(key, put.key());
        assertEquals(12, put.size());
        assertEquals(Map.of("sha256", "abc123", "rows", "3"), put.metadata());
        assertEquals("hello, store", new String(read(key), StandardCharsets.UTF_8));

        ObjectInfo head = store.head(key).orElseThrow();
        assertEquals(head, put, "put returns what the store confirms it holds, as head reads it");
        assertEquals(key, head.key());
        assertEquals(12, head.size());
        assertEquals(put.metadata(), head.metadata());
        assertTrue(head.lastModified().isAfter(before), "lastModified " + head.lastModified());
        assertTrue(head.lastModified().isBefore(Instant.now().plus(Duration.ofMinutes(5))));

        assertEquals(List.of(head), store.list(keys.dailyRoot()));
    }

    @Test
    void listFiltersByPrefixSortsByKeyAndCarriesMetadata() throws IOException {
        LocalDate d1 = LocalDate.of(2026, 1, 1);
        LocalDate d2 = LocalDate.of(2026, 1, 2);
        List<String> written = List.of(keys.daily(d2, "b", ""), keys.daily(d1, "c", ".zst"),
                keys.daily(d1, "a", ".gz"), keys.weekly(d1), keys.prefix() + "dailyx/other.txt");
        for (String key : written) {
            store.put(key, out -> {
                out.write(key.getBytes(StandardCharsets.UTF_8));
                return Map.of("name", key.replace('/', '|'));
            });
        }
        List<ObjectInfo> daily = store.list(keys.dailyRoot());
        assertEquals(List.of(keys.daily(d1, "a", ".gz"), keys.daily(d1, "c", ".zst"), keys.daily(d2, "b", "")),
                daily.stream().map(ObjectInfo::key).toList());
        for (ObjectInfo info : daily) {
            assertEquals(Map.of("name", info.key().replace('/', '|')), info.metadata());
            assertEquals(info.key().length(), info.size());
        }
        assertEquals(List.of(keys.daily(d1, "a", ".gz"), keys.daily(d1, "c", ".zst")),
                store.list(keys.dailyPrefix(d1)).stream().map(ObjectInfo::key).toList());
        // a prefix may end inside a segment
        assertEquals(4, store.list(keys.prefix() + "daily").size());
        assertEquals(3, store.list(keys.prefix() + "daily/2026-01-0").size());
        assertEquals(List.of(keys.weekly(d1)), store.list(keys.weeklyRoot()).stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(), store.list(keys.prefix() + "nothing/"));
        List<String> all = store.list(keys.prefix()).stream().map(ObjectInfo::key).toList();
        assertEquals(written.stream().sorted().toList(), all);
    }

    @Test
    void deleteRemovesTheObjectAndAMissingKeyIsNoError() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 2, 1), "shop", "");
        String other = keys.daily(LocalDate.of(2026, 2, 1), "crm", "");
        store.put(key, out -> {
            out.write(1);
            return Map.of("a", "b");
        });
        store.put(other, out -> Map.of());
        store.delete(key);
        assertEquals(Optional.empty(), store.head(key));
        assertThrows(NoSuchObjectException.class, () -> store.get(key));
        assertEquals(List.of(other), store.list(keys.prefix()).stream().map(ObjectInfo::key).toList());
        store.delete(key);
        store.delete(keys.daily(LocalDate.of(1999, 1, 1), "never", ".gz"));
        store.delete(other);
        assertEquals(List.of(), store.list(keys.prefix()));
    }

    @Test
    void putReplacesAnExistingObjectWithItsMetadata() throws IOException {
        String key = keys.weekly(LocalDate.of(2026, 3, 4));
        store.put(key, out -> {
            out.write(new byte[1000]);
            return Map.of("sha256", "old", "only-old", "x");
        });
        ObjectInfo replaced = store.put(key, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "new");
        });
        assertEquals(3, replaced.size());
        assertEquals("new", new String(read(key), StandardCharsets.UTF_8));
        assertEquals(Map.of("sha256", "new"), store.head(key).orElseThrow().metadata());
        assertEquals(1, store.list(keys.prefix()).size());
    }

    @Test
    void emptyObject() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 7), "empty", "");
        ObjectInfo info = store.put(key, out -> Map.of());
        assertEquals(0, info.size());
        assertEquals(Map.of(), info.metadata());
        assertArrayEquals(new byte[0], read(key));
        assertEquals(0, store.head(key).orElseThrow().size());
    }

    @Test
    void bigObjectSpanningSeveralParts() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 8), "big", ".zst");
        byte[] content = randomBytes(20_000_000, 42);
        ObjectInfo info = store.put(key, out -> {
            MessageDigest sha = sha256();
            for (int off = 0; off < content.length; off += 100_003) { // odd chunks: part edges fall mid-write
                int n = Math.min(100_003, content.length - off);
                out.write(content, off, n);
                sha.update(content, off, n);
            }
            return Map.of("sha256", HexFormat.of().formatHex(sha.digest()));
        });
        assertEquals(content.length, info.size());
        assertEquals(sha256Hex(content), info.metadata().get("sha256"));
        byte[] back = read(key);
        assertEquals(content.length, back.length);
        assertEquals(sha256Hex(content), sha256Hex(back));
        assertEquals(info.metadata(), store.head(key).orElseThrow().metadata());
    }

    @Test
    void objectOfExactlyOnePartAndOfOnePartPlusOneByte() throws IOException {
        for (int size : new int[] {SMALL_PART, SMALL_PART + 1, SMALL_PART - 1}) {
            String key = keys.daily(LocalDate.of(2026, 1, 9), "size" + size, "");
            byte[] content = randomBytes(size, size);
            store.put(key, out -> {
                out.write(content);
                return Map.of("size", Integer.toString(size));
            });
            assertEquals(sha256Hex(content), sha256Hex(read(key)), "size " + size);
            assertEquals(Map.of("size", Integer.toString(size)), store.head(key).orElseThrow().metadata());
        }
    }

    @Test
    void metadataRoundTripsExactly() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 10), "meta", ".gz");
        Map<String, String> metadata = Map.of(
                "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "rows", "{\"t\":2,\"sqlite_sequence\":1}",
                "patina-version", "0.1.0-SNAPSHOT",
                "empty", "",
                "spaces", "a b  c ~!@#$%^&*()_+=-`[]{};':,./<>?|");
        ObjectInfo info = store.put(key, out -> {
            out.write(7);
            return metadata;
        });
        assertEquals(metadata, info.metadata());
        assertEquals(metadata, store.head(key).orElseThrow().metadata());
        assertEquals(metadata, store.list(key).get(0).metadata());
    }

    @Test
    void metadataThatNoStoreCanHoldIsRefusedAndNothingIsStored() {
        String key = keys.daily(LocalDate.of(2026, 1, 11), "meta", "");
        for (Map<String, String> bad : List.<Map<String, String>>of(Map.of("Upper", "x"), Map.of("a_b", "x"),
                Map.of("ok", "caf\u00e9"), Map.of("ok", "line\nbreak"), Map.of("big", "x".repeat(3000)))) {
            StoreException e = assertThrows(StoreException.class, () -> store.put(key, out -> {
                out.write(new byte[10]);
                return bad;
            }));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        assertEquals(Optional.empty(), assertDoesNotThrowHead(key));
    }

    @Test
    void getOfAMissingKeyThrowsNoSuchObjectAndHeadIsEmpty() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 12), "missing", ".gz");
        NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> store.get(key));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertEquals(Optional.empty(), store.head(key));
    }

    @Test
    void aWriterThatThrowsMidwayLeavesNothingUnderTheKey() throws Exception {
        String key = keys.daily(LocalDate.of(2026, 1, 13), "broken", ".gz");
        for (int failAfter : new int[] {10, SMALL_PART + 2_000_000, 3 * SMALL_PART}) {
            IOException boom = new IOException("the dump broke after " + failAfter);
            IOException thrown = assertThrows(IOException.class, () -> store.put(key, out -> {
                out.write(randomBytes(failAfter, failAfter));
                throw boom;
            }));
            assertSame(boom, thrown, "the writer's own exception comes back unchanged");
            assertEquals(Optional.empty(), store.head(key));
            assertEquals(List.of(), store.list(keys.prefix()));
            assertEquals(List.of(), leftovers(), "after failing at " + failAfter);
        }
        RuntimeException bug = new IllegalStateException("bug in the writer");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> store.put(key, out -> {
            out.write(new byte[100]);
            throw bug;
        })));
        assertEquals(Optional.empty(), store.head(key));
    }

    @Test
    void aFailedReplaceKeepsTheOldObject() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 14), "keep", "");
        store.put(key, out -> {
            out.write("old".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "old");
        });
        assertThrows(IOException.class, () -> store.put(key, out -> {
            out.write(new byte[SMALL_PART + 10]);
            throw new IOException("broke");
        }));
        assertEquals("old", new String(read(key), StandardCharsets.UTF_8));
        assertEquals(Map.of("sha256", "old"), store.head(key).orElseThrow().metadata());
    }

    @Test
    void aWriterThatClosesTheStreamStillStores() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 15), "closer", "");
        store.put(key, out -> {
            try (OutputStream o = out) {
                o.write("abc".getBytes(StandardCharsets.UTF_8));
            }
            return Map.of("closed", "yes");
        });
        assertEquals("abc", new String(read(key), StandardCharsets.UTF_8));
        assertEquals(Map.of("closed", "yes"), store.head(key).orElseThrow().metadata());
    }

    @Test
    void dailyAndWeeklyLayoutKeysParseBackFromTheListing() throws IOException {
        LocalDate monday = LocalDate.of(2025, 12, 29); // ISO week 2026-W01
        List<String> written = List.of(keys.daily(monday, "shop", ".gz"), keys.daily(monday, "crm.v2", ".zst"),
                keys.daily(monday.plusDays(1), "shop", ""), keys.weekly(monday));
        for (String key : written) {
            store.put(key, out -> Map.of());
        }
        assertEquals(keys.prefix() + "weekly/2026-W01.tar.gz", keys.weekly(monday));
        List<ObjectInfo> dailies = store.list(keys.dailyRoot());
        assertEquals(3, dailies.size());
        for (ObjectInfo info : dailies) {
            ObjectKeys.Parsed parsed = keys.parse(info.key()).orElseThrow();
            assertEquals(ObjectKind.DAILY, parsed.kind());
        }
        ObjectKeys.Parsed weekly = keys.parse(store.list(keys.weeklyRoot()).get(0).key()).orElseThrow();
        assertEquals(ObjectKind.WEEKLY, weekly.kind());
        assertEquals(monday, weekly.date());
        assertEquals(2, store.list(keys.dailyPrefix(monday)).size());
    }

    @Test
    void unsafeKeysAreRefusedWithTheKeyInTheMessage() {
        for (String bad : List.of("", "/abs/x.sql", "a\\b.sql", "a//b.sql", "a/", "../x.sql", "a/../../x.sql",
                "a/./b.sql", "tab\there")) {
            String key = bad.isEmpty() ? "" : keys.prefix() + bad;
            StoreException put = assertThrows(StoreException.class, () -> store.put(key, out -> Map.of()),
                    "put " + key);
            assertTrue(put.getMessage().contains(StoreRules.printable(key)), put.getMessage());
            assertThrows(StoreException.class, () -> store.get(key), "get " + key);
            assertThrows(StoreException.class, () -> store.head(key), "head " + key);
            assertThrows(StoreException.class, () -> store.delete(key), "delete " + key);
        }
    }

    @Test
    void checkAccessPassesOnAWorkingStoreAndStoresNothing() throws IOException {
        store.checkAccess();
        store.checkAccess(); // every run calls it: twice is no different from once
        assertEquals(List.of(), store.list(keys.prefix()), "checking access leaves no object behind");
        String key = keys.daily(LocalDate.of(2026, 4, 1), "after-check", "");
        store.put(key, out -> {
            out.write(5);
            return Map.of();
        });
        store.checkAccess();
        assertEquals(List.of(key), store.list(keys.prefix()).stream().map(ObjectInfo::key).toList());
    }

    @Test
    void checkAccessOfAStoreThatCannotBeReachedFailsNamingIt() throws Exception {
        BackupStore unreachable = inaccessibleStore();
        try {
            StoreException e = assertThrows(StoreException.class, unreachable::checkAccess);
            assertTrue(e.getMessage().contains(inaccessibleName()), e.getMessage());
            assertFalse(unreachable.describe().isBlank());
        } finally {
            if (unreachable instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void theNightlyCleanupRemovesOnlyInterruptedPutsStartedBeforeItsCutOff() throws Exception {
        String complete = keys.daily(LocalDate.of(2026, 4, 2), "whole", ".gz");
        store.put(complete, out -> {
            out.write("whole".getBytes(StandardCharsets.UTF_8));
            return Map.of("sha256", "of-whole");
        });
        String killed = keys.daily(LocalDate.of(2026, 4, 2), "killed", ".gz");
        leaveInterruptedPut(killed);
        assertFalse(leftovers().isEmpty());
        Instant now = Instant.now();

        assertEquals(0, store.cleanUpInterruptedPuts(now.minus(Duration.ofDays(1))),
                "a put started a moment ago may be another process's, still running");
        assertFalse(leftovers().isEmpty(), "the recent put is left alone");

        assertTrue(store.cleanUpInterruptedPuts(now.plus(Duration.ofMinutes(1))) >= 1, "older than the cut-off");
        assertEquals(List.of(), leftovers());
        assertEquals(Optional.empty(), store.head(killed), "nothing appears under the killed put's key");
        assertEquals("whole", new String(read(complete), StandardCharsets.UTF_8), "a complete object is untouched");
        assertEquals(Map.of("sha256", "of-whole"), store.head(complete).orElseThrow().metadata());
        assertEquals(List.of(complete), store.list(keys.prefix()).stream().map(ObjectInfo::key).toList());
        assertEquals(0, store.cleanUpInterruptedPuts(now.plus(Duration.ofMinutes(1))), "nothing left to do");
    }

    @Test
    void aDeadRunsPutIsCleanedUpByItsKeyWhateverItsAgeAndNoOtherKey() throws Exception {
        String key = keys.daily(LocalDate.of(2026, 4, 3), "dead", ".gz");
        String other = keys.daily(LocalDate.of(2026, 4, 3), "alive", ".gz");
        store.put(key, out -> {
            out.write("old".getBytes(StandardCharsets.UTF_8));
            return Map.of("v", "old");
        });
        leaveInterruptedPut(key);
        leaveInterruptedPut(other);
        List<String> before = leftovers();

        assertTrue(store.cleanUpInterruptedPut(key) >= 1, "a moment old, but its run is dead: cleaned up");
        List<String> after = leftovers();
        assertFalse(after.isEmpty(), "another key's put, maybe alive, is not touched");
        assertTrue(before.containsAll(after) && after.size() < before.size(), before + " then " + after);
        assertEquals("old", new String(read(key), StandardCharsets.UTF_8), "the complete object stays as it was");
        assertEquals(Map.of("v", "old"), store.head(key).orElseThrow().metadata());
        assertEquals(0, store.cleanUpInterruptedPut(key), "nothing left for that key");
        assertEquals(0, store.cleanUpInterruptedPut(keys.daily(LocalDate.of(1999, 1, 1), "never", "")));

        assertTrue(store.cleanUpInterruptedPut(other) >= 1);
        assertEquals(List.of(), leftovers());
        assertEquals(Optional.empty(), store.head(other));
    }

    @Test
    void localFileIsEmptyOrTheFileThatHoldsTheObject() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 4, 4), "here", "");
        store.put(key, out -> {
            out.write("on disk".getBytes(StandardCharsets.UTF_8));
            return Map.of();
        });
        Optional<java.nio.file.Path> file = store.localFile(key);
        assertEquals(keepsObjectsAsLocalFiles(), file.isPresent(), "localFile of a stored key: " + file);
        if (file.isPresent()) {
            assertArrayEquals(read(key), java.nio.file.Files.readAllBytes(file.get()),
                    "a local file is the stored object itself, so nothing is ever written onto it");
        }
        assertEquals(Optional.empty(), store.localFile("../outside.sql"), "a refused key has no local file");
    }

    @Test
    void describeNamesWhereTheStoreIsAndNeverASecret() {
        String description = store.describe();
        assertTrue(description.contains(describedAs()), description);
        if (secret() != null) {
            assertFalse(description.contains(secret()), "a secret in " + description);
        }
    }

    @Test
    void cleanUpOnAnEmptyStoreFindsNothing() throws IOException {
        assertEquals(0, store.cleanUpInterruptedPuts());
        assertEquals(0, store.cleanUpInterruptedPuts(Instant.now().plus(Duration.ofMinutes(1))));
        assertEquals(0, store.cleanUpInterruptedPut(keys.daily(LocalDate.of(2026, 4, 5), "none", "")));
        assertFalse(store.describe().isBlank());
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    private Optional<ObjectInfo> assertDoesNotThrowHead(String key) {
        try {
            return store.head(key);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
