package dev.grove.patina.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delaysGrowExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            for (int failed = 1; failed <= 40; failed++) {
                long expected = Math.min(2000, 100L << Math.min(failed - 1, 20));
                long delay = policy.delayAfter(failed, random).toMillis();
                assertTrue(delay >= expected / 2 && delay <= expected, failed + ": " + delay);
            }
        }
        assertEquals(Duration.ZERO, RetryPolicy.none().delayAfter(1, random));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void settingsHaveR2DefaultsBoundsAndHideTheSecret() {
        S3Settings s = S3Settings.of(URI.create("https://acct.r2.cloudflarestorage.com"), "backups", "AKID",
                new Secret("very-secret", "env:PATINA_R2_SECRET"), "patina");
        assertEquals("auto", s.region());
        assertEquals("patina/", s.prefix());
        assertEquals(8 * 1024 * 1024, s.partSizeBytes());
        assertEquals(2, s.uploadConcurrency());
        assertEquals(RetryPolicy.defaults(), s.retryPolicy());
        assertFalse(s.toString().contains("very-secret"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> s.withPartSize(5 * 1024 * 1024 - 1));
        assertThrows(IllegalArgumentException.class, () -> s.withUploadConcurrency(17));
        assertThrows(IllegalArgumentException.class, () -> s.withBucket(" "));
    }
}
