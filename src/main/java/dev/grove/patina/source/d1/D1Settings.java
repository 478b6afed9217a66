package dev.grove.patina.source.d1;

import java.time.Duration;

/**
 * How the D1 client pages and retries.
 *
 * @param pageRows          most rows asked for in one {@code /raw} request
 * @param targetPageBytes   response size a page aims for; the row count adapts to the rows' size
 * @param maxAttempts       attempts per request for 429, 5xx and network errors (at least 1)
 * @param firstBackoff      wait after the first failure, doubled each time
 * @param maxBackoff        longest single wait, including a server's {@code Retry-After}
 * @param requestTimeout    per HTTP request (D1 stops a query after 30 s)
 */
public record D1Settings(int pageRows, int targetPageBytes, int maxAttempts, Duration firstBackoff,
                         Duration maxBackoff, Duration requestTimeout) {
    public D1Settings {
        if (pageRows < 1 || targetPageBytes < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("pageRows, targetPageBytes and maxAttempts must be positive");
        }
    }

    /**
     * Up to 50,000 rows or about 8 MiB of JSON per page (within D1's response limits; the page grows to it from 500
     * rows), 6 attempts, 1 s doubling up to 5 minutes (Cloudflare's block).
     */
    public static D1Settings defaults() {
        return new D1Settings(50_000, 8 << 20, 6, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(90));
    }

    public D1Settings withPageRows(int rows) {
        return new D1Settings(rows, targetPageBytes, maxAttempts, firstBackoff, maxBackoff, requestTimeout);
    }
}
