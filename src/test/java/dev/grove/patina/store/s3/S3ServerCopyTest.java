package dev.grove.patina.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ServerCopyRefusedException;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.util.Sleeper;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3Store#copyFrom}: a server-side copy between two buckets of one S3 endpoint (S3Proxy), by CopyObject or,
 * above the single-copy limit, a multipart UploadPartCopy; no copy for another endpoint, region or kind of store; a
 * 403 on the copy is a {@link ServerCopyRefusedException} that leaves nothing.
 */
class S3ServerCopyTest {
    static final int PART = S3Settings.MIN_PART_SIZE;

    @TempDir
    Path dir;
    S3ProxyServer server;
    FaultyTcpProxy proxy;
    String bucketA;
    String bucketB;
    S3Store primary;

    @BeforeEach
    void setUp() throws Exception {
        server = new S3ProxyServer();
        proxy = new FaultyTcpProxy(server.port());
        bucketA = server.newBucket();
        bucketB = server.newBucket();
        primary = new S3Store(server.settings(bucketA, "").withEndpoint(proxy.endpoint()), Sleeper.system());
    }

    @AfterEach
    void tearDown() throws Exception {
        primary.close();
        proxy.close();
        server.close();
    }

    @Test
    void anObjectAboveTheSingleCopyLimitIsCopiedInPartsWithItsMetadata() throws Exception {
        byte[] content = new byte[2 * PART + 4321];
        new Random(3).nextBytes(content);
        ObjectInfo source = primary.put("daily/2026-11-28/shop.sql.gz", out -> {
            out.write(content);
            return Map.of("sha256", "abc123", "patina-db", "shop");
        });
        try (S3Store replica = new S3Store(server.settings(bucketB, "copies/").withEndpoint(proxy.endpoint()),
                Sleeper.system(), PART + 1L, PART)) {
            long up = proxy.upstreamBytes();

            ObjectInfo copied = replica.copyFrom(primary, source, "copies/daily/2026-11-28/shop.sql.gz").orElseThrow();

            assertTrue(proxy.upstreamBytes() - up < content.length / 20, "no bytes went up through Patina");
            assertEquals(content.length, copied.size());
            assertEquals(Map.of("sha256", "abc123", "patina-db", "shop"), copied.metadata());
            assertArrayEquals(content, server.objectBytes(bucketB, "copies/daily/2026-11-28/shop.sql.gz"));
            assertEquals(List.of(), server.unfinishedUploads(bucketB), "the multipart copy was completed");
        }
    }

    @Test
    void anotherEndpointRegionOrKindOfStoreIsNoServerSideCopy() throws Exception {
        ObjectInfo source = primary.put("daily/2026-11-28/a.sql", out -> {
            out.write(new byte[]{1, 2, 3});
            return Map.of();
        });
        try (S3Store direct = new S3Store(server.settings(bucketB, ""), Sleeper.system());
             S3Store otherRegion = new S3Store(server.settings(bucketB, "").withEndpoint(proxy.endpoint())
                     .withRegion("eu-central-1"), Sleeper.system())) {
            assertEquals(Optional.empty(), direct.copyFrom(primary, source, "daily/2026-11-28/a.sql"),
                    "the same server under another endpoint URL is another endpoint");
            assertEquals(Optional.empty(), otherRegion.copyFrom(primary, source, "daily/2026-11-28/a.sql"));
            assertEquals(Optional.empty(), direct.copyFrom(new LocalFolderStore(dir), source, "daily/2026-11-28/a"
                    + ".sql"));
        }
        assertEquals(Optional.empty(), new LocalFolderStore(dir).copyFrom(primary, source, "daily/2026-11-28/a.sql"),
                "a folder never copies server-side");
        assertEquals(List.of(), server.objectKeys(bucketB));
        assertTrue(URI.create(proxy.endpoint().toString()).getPort() != server.port());
    }

    @Test
    void aForbiddenCopyIsRefusedAndLeavesNothing() throws Exception {
        ObjectInfo source = primary.put("daily/2026-11-28/b.sql", out -> {
            out.write(new byte[]{4, 5, 6});
            return Map.of();
        });
        proxy.forbidRequestsContaining("x-amz-copy-source:");
        try (S3Store replica = new S3Store(server.settings(bucketB, "").withEndpoint(proxy.endpoint()),
                Sleeper.system())) {
            ServerCopyRefusedException e = assertThrows(ServerCopyRefusedException.class,
                    () -> replica.copyFrom(primary, source, "daily/2026-11-28/b.sql"));

            assertTrue(e.getMessage().contains("server-side copy of s3://" + bucketA + "/daily/2026-11-28/b.sql")
                    && e.getMessage().contains("403"), e.getMessage());
            assertTrue(!e.getMessage().contains(S3ProxyServer.SECRET_KEY), e.getMessage());
        }
        assertEquals(List.of(), server.objectKeys(bucketB));
    }
}
