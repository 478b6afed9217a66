package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import java.time.ZoneId;

/**
 * How nightly backups are made.
 *
 * @param zone        the zone whose calendar date names the nightly ({@code daily/YYYY-MM-DD/…})
 * @param concurrency databases backed up at once (1–16)
 */
public record BackupSettings(Compression compression, ZoneId zone, int concurrency, DumpDialect dialect,
                             String patinaVersion) {
    public BackupSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be ≥ 1");
        }
    }
}
