package dev.grove.patina.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.BackupStoreContract;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.StoreException;
import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against a real S3 server (S3Proxy, in-process): the contract, plus what only S3 has. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StoreTest extends BackupStoreContract {
    private Path folder;
    private S3ProxyServer server;
    private S3Client raw;
    private String bucket;
    private RecordingSleeper sleeper;

    @BeforeAll
    void startServer() throws Exception {
        folder = Files.createTempDirectory("patina-s3proxy");
        server = new S3ProxyServer(folder);
        raw = server.rawClient();
    }

    @AfterAll
    void stopServer() throws Exception {
        raw.close();
        server.close();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    protected BackupStore newStore() {
        bucket = server.newBucket();
        sleeper = new RecordingSleeper();
        return new S3Store(server.settings(bucket, prefix()).withPartSize(SMALL_PART), sleeper);
    }

    @Override
    protected String prefix() {
        return "patina/";
    }

    @Override
    protected List<String> leftovers() {
        return server.unfinishedUploads(raw, bucket);
    }

    @Override
    protected void closeStore() {
        ((S3Store) store).close();
    }

    @Override
    protected void leaveInterruptedPut(String key) {
        String id = raw.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        raw.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1),
                RequestBody.fromBytes(new byte[1000]));
    }

    @Override
    protected BackupStore inaccessibleStore() {
        return new S3Store(server.settings(inaccessibleName(), prefix()), sleeper);
    }

    @Override
    protected String inaccessibleName() {
        return "no-such-bucket-here";
    }

    @Override
    protected String describedAs() {
        return "s3://" + bucket + "/" + prefix();
    }

    @Override
    protected String secret() {
        return server.settings(bucket, prefix()).secretAccessKey().reveal();
    }

    @Override
    protected boolean keepsObjectsAsLocalFiles() {
        return false;
    }

    @Test
    void aWrongSecretIsRefusedWithAMessageThatSaysWhatToCheckAndNeverShowsASecret() throws IOException {
        String wrong = "wrong-SECRET-value-7c1d";
        String key = keys.daily(LocalDate.of(2026, 1, 5), "shop", ".gz");
        try (S3Store bad = new S3Store(server.settings(bucket, prefix()).withSecret(new Secret(wrong, "env:R2")),
                sleeper)) {
            List<StoreException> failures = new ArrayList<>();
            failures.add(assertThrows(StoreException.class, () -> bad.put(key, out -> {
                out.write(new byte[100]);
                return Map.of();
            })));
            failures.add(assertThrows(StoreException.class, () -> bad.put(key, out -> {
                out.write(new byte[SMALL_PART * 2]);
                return Map.of();
            })));
            failures.add(assertThrows(StoreException.class, () -> bad.list(prefix())));
            failures.add(assertThrows(StoreException.class, () -> bad.get(key)));
            for (StoreException e : failures) {
                String message = e.getMessage();
                assertTrue(message.contains("403"), message);
                assertTrue(message.contains(bucket), message);
                assertTrue(message.contains("access key ID '" + S3ProxyServer.ACCESS_KEY + "'"), message);
                assertTrue(message.contains("permission"), message);
                assertTrue(message.contains("env:R2"), "says where the secret came from: " + message);
                assertNoSecretIn(e, wrong);
                assertNoSecretIn(e, S3ProxyServer.SECRET_KEY);
            }
            assertTrue(failures.get(0).getMessage().contains(key), failures.get(0).getMessage());
            assertEquals(List.of(), sleeper.waits(), "a 403 is not retried");
            assertFalse(bad.settings().toString().contains(wrong));
            assertFalse(bad.describe().contains(wrong));
        }
        assertEquals(Optional.empty(), store.head(key));
    }

    @Test
    void aMissingBucketIsNamedWithWhatToCheck() {
        try (S3Store missing = new S3Store(server.settings("no-such-bucket-here", prefix()), sleeper)) {
            StoreException list = assertThrows(StoreException.class, () -> missing.list(prefix()));
            assertTrue(list.getMessage().contains("bucket 'no-such-bucket-here' does not exist"), list.getMessage());
            assertTrue(list.getMessage().contains("NoSuchBucket"), list.getMessage());
            StoreException put = assertThrows(StoreException.class, () -> missing.put(prefix() + "x.sql",
                    out -> Map.of()));
            assertTrue(put.getMessage().contains("no-such-bucket-here"), put.getMessage());
            assertNoSecretIn(put, S3ProxyServer.SECRET_KEY);
        }
    }

    @Test
    void putAndDeleteOutsideThePrefixAreRefused() throws IOException {
        StoreException put = assertThrows(StoreException.class, () -> store.put("other/x.sql", out -> Map.of()));
        assertTrue(put.getMessage().contains("outside the prefix"), put.getMessage());
        assertThrows(StoreException.class, () -> store.delete("other/x.sql"));
        raw.putObject(b -> b.bucket(bucket).key("other/x.sql"), RequestBody.fromString("theirs"));
        assertEquals(6, store.head("other/x.sql").orElseThrow().size(), "reading outside the prefix is fine");
        raw.deleteObject(b -> b.bucket(bucket).key("other/x.sql"));
    }

    @Test
    void cleanUpInterruptedPutsAbortsAnUploadKilledMidway() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 6), "killed", ".gz");
        // what a kill -9 during a put leaves: an upload with parts, never completed nor aborted
        String id = raw.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        raw.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1),
                RequestBody.fromBytes(new byte[SMALL_PART]));
        String notOurs = raw.createMultipartUpload(b -> b.bucket(bucket).key("other/y")).uploadId();
        assertEquals(2, leftovers().size());
        assertEquals(Optional.empty(), store.head(key), "nothing visible at the key");

        assertEquals(1, store.cleanUpInterruptedPuts());
        assertEquals(List.of("other/y#" + notOurs), leftovers(), "uploads outside the prefix are not Patina's");
        assertEquals(Optional.empty(), store.head(key));
        assertEquals(List.of(), store.list(prefix()));
        assertEquals(0, store.cleanUpInterruptedPuts());
        raw.abortMultipartUpload(b -> b.bucket(bucket).key("other/y").uploadId(notOurs));
    }

    @Test
    void aDeadRunsUploadIsAbortedByItsKeyWhateverItsAgeAndNoOtherKeys() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 9), "dead", ".gz");
        String longer = key + ".part2"; // another key that starts with this one
        raw.createMultipartUpload(b -> b.bucket(bucket).key(key));
        String alive = raw.createMultipartUpload(b -> b.bucket(bucket).key(longer)).uploadId();
        assertEquals(1, store.cleanUpInterruptedPut(key), "a moment old, but its run is dead: aborted");
        assertEquals(List.of(longer + "#" + alive), leftovers());
        raw.abortMultipartUpload(b -> b.bucket(bucket).key(longer).uploadId(alive));
        assertThrows(StoreException.class, () -> store.cleanUpInterruptedPut("other/x"), "outside the prefix");
    }

    @Test
    void theNightlyCleanupLeavesUploadsStartedRecentlyAlone() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 8), "in-flight", ".gz");
        String id = raw.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        java.time.Instant now = java.time.Instant.now();
        assertEquals(0, store.cleanUpInterruptedPuts(now.minus(java.time.Duration.ofDays(1))),
                "an upload started a moment ago may be another process's, still running");
        assertEquals(1, leftovers().size());
        assertEquals(1, store.cleanUpInterruptedPuts(now.plusSeconds(60)), "older than the cut-off: aborted");
        assertEquals(List.of(), leftovers());
        assertTrue(id.length() > 0);
    }

    @Test
    void metadataOfAnObjectTooLargeForOneCopyIsSetByAMultipartCopy() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 7), "huge", ".zst");
        byte[] content = randomBytes(12 * 1024 * 1024 + 5, 7);
        try (S3Store small = new S3Store(server.settings(bucket, prefix()).withPartSize(SMALL_PART), sleeper,
                6L * 1024 * 1024, SMALL_PART)) {
            ObjectInfo info = small.put(key, out -> {
                out.write(content);
                return Map.of("sha256", sha256Hex(content));
            });
            assertEquals(Map.of("sha256", sha256Hex(content)), info.metadata());
        }
        assertEquals(sha256Hex(content), sha256Hex(read(key)));
        assertEquals(content.length, store.head(key).orElseThrow().size());
    }

    @Test
    void anUploadHoldsAtMostConcurrencyPlusOneParts() throws IOException {
        AtomicInteger most = new AtomicInteger();
        String key = keys.daily(LocalDate.of(2026, 1, 8), "bounded", "");
        store.put(key, out -> {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
                most.accumulateAndGet(((PartUploadStream) out).buffersMade(), Math::max);
            }
            return Map.of();
        });
        assertTrue(most.get() <= S3Settings.DEFAULT_UPLOAD_CONCURRENCY + 1, "buffers: " + most.get());
        assertEquals(40L << 20, store.head(key).orElseThrow().size());
    }

    @Test
    void aSmallObjectIsOnePutAndCostsAboutItsOwnSize() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 9), "tiny", "");
        store.put(key, out -> {
            out.write(new byte[1000]);
            assertEquals(null, ((PartUploadStream) out).uploadId(), "no multipart upload for a small object");
            return Map.of();
        });
        assertEquals(1000, store.head(key).orElseThrow().size());
    }

    static void assertNoSecretIn(Throwable e, String secret) {
        List<Throwable> seen = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (t == null || seen.contains(t)) {
                continue;
            }
            seen.add(t);
            assertFalse(String.valueOf(t.getMessage()).contains(secret), "secret in " + t);
            assertFalse(t.toString().contains(secret), "secret in " + t);
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
    }
}
