package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import java.time.ZoneId;

/**
 * How nightly backups are made.
 *
 * @param zone        the zone whose calendar date names the nightly ({@code daily/YYYY-MM-DD/…})
 * @param concurrency databases backed up at once (1–16)
 * @param cipher      encrypts each dump after compression (or stores it as written)
 * @param compressionWorkers threads compressing one daily dump ({@code [compression] workers}; 1 = one stream on
 *                    the dump's own thread, ADR 0018)
 */
public record BackupSettings(Compression compression, ZoneId zone, int concurrency, DumpDialect dialect,
                             String patinaVersion, ObjectCipher cipher, int compressionWorkers) {
    public BackupSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be ≥ 1");
        }
        if (compressionWorkers < 1) {
            throw new IllegalArgumentException("compression workers must be ≥ 1 (was " + compressionWorkers + ")");
        }
        java.util.Objects.requireNonNull(cipher, "cipher");
    }

    /** Settings that compress each dump on one thread per core. */
    public BackupSettings(Compression compression, ZoneId zone, int concurrency, DumpDialect dialect,
                          String patinaVersion, ObjectCipher cipher) {
        this(compression, zone, concurrency, dialect, patinaVersion, cipher, Compression.defaultWorkers());
    }

    /** Settings that store dumps as written (no encryption). */
    public BackupSettings(Compression compression, ZoneId zone, int concurrency, DumpDialect dialect,
                          String patinaVersion) {
        this(compression, zone, concurrency, dialect, patinaVersion, ObjectCipher.none());
    }
}
