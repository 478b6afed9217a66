package dev.grove.patina.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * RELIABILITY.md items 9–11 against a real S3 server behind a {@link FaultyTcpProxy}: resets mid-upload and
 * mid-download, 503s, 200 failures in a row, a part that fails for good. The retries' waits are recorded, not
 * waited, so every test is quick; every loop is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class S3StoreFaultTest {
    private static final int PART = 5 * 1024 * 1024;
    private static final String PREFIX = "patina/";

    private S3ProxyServer server;
    private S3Client raw;
    private FaultyTcpProxy proxy;
    private String bucket;
    private RecordingSleeper sleeper;
    private S3Store direct;
    private final ObjectKeys keys = new ObjectKeys(PREFIX);

    /**
     * In memory: S3Proxy 3.0.0's {@code filesystem-nio2} keeps the file of a part whose upload was cut off, without
     * its MD5 attribute, and from then on fails CompleteMultipartUpload and ListMultipartUploads with HTTP 500.
     */
    @BeforeAll
    void startServer() throws Exception {
        server = new S3ProxyServer();
        raw = server.rawClient();
    }

    @AfterAll
    void stopServer() throws Exception {
        raw.close();
        server.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        proxy = new FaultyTcpProxy(server.port());
        bucket = server.newBucket();
        sleeper = new RecordingSleeper();
        direct = new S3Store(server.settings(bucket, PREFIX).withPartSize(PART), sleeper);
    }

    @AfterEach
    void tearDown() throws Exception {
        direct.close();
        proxy.close();
    }

    private S3Store throughProxy(RetryPolicy policy) {
        return new S3Store(server.settings(bucket, PREFIX).withEndpoint(proxy.endpoint()).withPartSize(PART)
                .withRetryPolicy(policy), sleeper);
    }

    @Test
    void aConnectionResetDuringAPartIsRetriedAndTheStoredObjectIsTheSource() throws IOException {
        byte[] content = randomBytes(20_000_000, 1);
        String key = keys.daily(LocalDate.of(2026, 1, 5), "shop", ".gz");
        try (S3Store store = throughProxy(RetryPolicy.defaults())) {
            proxy.resetUpstreamAfter(PART + 2 * 1024 * 1024); // in the middle of the second part
            ObjectInfo info = store.put(key, writing(content));
            assertEquals(1, proxy.resets(), "the connection was reset once");
            assertFalse(sleeper.waits().isEmpty(), "and the part was retried after a wait");
            assertEquals(sha256Hex(content), info.metadata().get("sha256"));
        }
        // checked on the server directly, not through the store under test
        byte[] stored = raw.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        assertEquals(sha256Hex(content), sha256Hex(stored));
        assertEquals(List.of(), server.unfinishedUploads(raw, bucket));
    }

    @Test
    void aConnectionResetDuringADownloadResumesWhereItBroke() throws IOException {
        byte[] content = randomBytes(12_000_000, 2);
        String key = keys.daily(LocalDate.of(2026, 1, 6), "shop", ".gz");
        direct.put(key, writing(content));
        try (S3Store store = throughProxy(RetryPolicy.defaults())) {
            proxy.resetDownstreamAfter(7_000_000);
            byte[] back;
            try (InputStream in = store.get(key)) {
                back = in.readAllBytes();
            }
            assertEquals(1, proxy.resets());
            assertEquals(sha256Hex(content), sha256Hex(back));
        }
    }

    @Test
    void http503IsRetriedWithGrowingWaits() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 7), "shop", "");
        direct.put(key, writing(new byte[10]));
        proxy.answer503(3);
        try (S3Store store = throughProxy(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10)))) {
            assertEquals(List.of(key), store.list(PREFIX).stream().map(ObjectInfo::key).toList());
        }
        assertEquals(3, proxy.served503());
        List<Duration> waits = sleeper.waits();
        assertEquals(3, waits.size(), waits.toString());
        assertTrue(waits.get(0).toMillis() >= 50 && waits.get(0).toMillis() <= 100, waits.toString());
        assertTrue(waits.get(2).toMillis() >= 200 && waits.get(2).toMillis() <= 400, waits.toString());
    }

    @Test
    void twoHundredFailuresInARowEndEachPutCleanlyAndTheNextHealthyPutWorks() throws IOException {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(3));
        try (S3Store store = throughProxy(policy)) {
            proxy.refuseAll(true);
            long start = System.nanoTime();
            int puts = 0;
            while (proxy.refused() < 200) {
                assertTrue(++puts <= 200, "each put must give up after a bounded number of tries");
                String key = keys.daily(LocalDate.of(2026, 2, 1), "db" + puts, ".gz");
                byte[] content = randomBytes(puts % 2 == 0 ? 1000 : PART + 1000, puts); // single and multipart
                StoreException e = assertThrows(StoreException.class, () -> store.put(key, writing(content)));
                assertTrue(e.getMessage().contains(key) && e.getMessage().contains(bucket), e.getMessage());
                assertTrue(e.getMessage().contains("after 5 attempts"), e.getMessage());
                assertEquals(Optional.empty(), direct.head(key), "nothing stored");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(Duration.ofSeconds(60)) < 0, "took " + elapsed);
            assertTrue(puts >= 200 / 5 / 2, "puts " + puts);
            for (Duration wait : sleeper.waits()) {
                assertTrue(wait.compareTo(policy.maxDelay()) <= 0, wait.toString());
            }
            assertEquals(List.of(), direct.list(PREFIX));
            assertEquals(List.of(), server.unfinishedUploads(raw, bucket));

            proxy.refuseAll(false);
            byte[] content = randomBytes(PART * 2 + 7, 99);
            String key = keys.daily(LocalDate.of(2026, 2, 2), "after", ".gz");
            store.put(key, writing(content));
            assertEquals(sha256Hex(content), sha256Hex(raw.getObjectAsBytes(b -> b.bucket(bucket).key(key))
                    .asByteArray()));
        }
    }

    @Test
    void aPartThatFailsForGoodAbortsTheWholeUpload() throws IOException {
        String key = keys.daily(LocalDate.of(2026, 1, 8), "shop", ".gz");
        byte[] content = randomBytes(20_000_000, 3);
        try (S3Store store = throughProxy(RetryPolicy.none())) {
            proxy.resetUpstreamAfter(PART + 1024 * 1024);
            StoreException e = assertThrows(StoreException.class, () -> store.put(key, writing(content)));
            assertTrue(e.getMessage().contains("upload part") && e.getMessage().contains(key), e.getMessage());
        }
        assertEquals(Optional.empty(), direct.head(key));
        assertEquals(List.of(), server.unfinishedUploads(raw, bucket), "the upload was aborted");
    }

    private static ObjectWriter writing(byte[] content) {
        return out -> {
            MessageDigest sha = sha256();
            for (int off = 0; off < content.length; off += 65_536) {
                int n = Math.min(65_536, content.length - off);
                out.write(content, off, n);
                sha.update(content, off, n);
            }
            return Map.of("sha256", HexFormat.of().formatHex(sha.digest()));
        };
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
