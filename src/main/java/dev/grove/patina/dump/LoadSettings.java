package dev.grove.patina.dump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;

/**
 * The settings of the fresh, private temporary file a dump is loaded into (ADR 0022): the source's page size as
 * the dump's header records it (4096, SQLite's default, when it does not), a 256 MiB page cache, exclusive
 * locking, no journal and no fsync while loading — the file is nobody else's until it passed every check, a failed
 * load deletes it, and the restore fsyncs it before the rename that puts it in place.
 */
record LoadSettings(int pageSize, int cacheKib) {
    static final int DEFAULT_PAGE_SIZE = 4096;
    /** SQLite's page cache while loading: native memory, taken only as the file grows, freed at close. */
    static final int CACHE_KIB = 256 * 1024;
    /** The header is on the dump's third line; this much is read to find it. */
    private static final int HEADER_SEARCH_LINES = 16;

    /** The settings for {@code dump}: its header's page size if it records one. */
    static LoadSettings forDump(Path dump) {
        Integer recorded = recordedPageSize(dump);
        if (recorded == null) {
            return new LoadSettings(DEFAULT_PAGE_SIZE, CACHE_KIB);
        }
        int p = recorded;
        if (p < 512 || p > 65536 || Integer.bitCount(p) != 1) {
            throw new DumpException("dump " + dump + ": its header (line 3) records page size " + p + ", which is "
                    + "not a power of two from 512 to 65536 — restore refused, nothing was written");
        }
        return new LoadSettings(p, CACHE_KIB);
    }

    /** The pragmas of the temporary file, applied as the connection opens (before the first write). */
    SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(false);
        config.setPageSize(pageSize);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setCacheSize(-cacheKib);
        config.enforceForeignKeys(false);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    /**
     * The page size of the header among the dump's first lines, or null (no Patina header, or one without a page
     * size). A header that does not parse is left to the load, which reports it.
     */
    private static Integer recordedPageSize(Path dump) {
        try (InputStream raw = Files.newInputStream(dump);
             BufferedReader r = new BufferedReader(new InputStreamReader(DumpInput.open(dump, raw),
                     StandardCharsets.UTF_8))) {
            for (int i = 0; i < HEADER_SEARCH_LINES; i++) {
                String line = r.readLine();
                if (line == null || !line.startsWith("--")) {
                    return null;
                }
                if (line.startsWith(DumpHeader.LINE_PREFIX)) {
                    try {
                        return DumpHeader.parse(line.substring(DumpHeader.LINE_PREFIX.length())).pageSize();
                    } catch (DumpException e) {
                        return null;
                    }
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged start, a weekly archive: the load says what is wrong with the file
        }
    }
}
