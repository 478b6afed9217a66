package dev.grove.patina.restore;

import java.nio.file.Path;
import java.util.Objects;

/** What a restore reads: a backup in the store (a daily, or a member of a weekly archive), or a dump on disk. */
public sealed interface RestoreSource permits BackupChoice, RestoreSource.LocalDump {
    /** A dump file on this machine ({@code .sql}, {@code .sql.gz}, {@code .sql.zst}), used where it lies. */
    record LocalDump(Path file) implements RestoreSource {
        public LocalDump {
            Objects.requireNonNull(file, "file");
        }
    }
}
