package dev.grove.patina.config;

import dev.grove.patina.compress.Compression;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How dumps are compressed: the {@code [compression]} table.
 *
 * @param daily   the compression of each daily dump
 * @param workers {@code workers = N}: threads compressing one dump (1 = one stream on the dump's own thread); empty
 *                when left out, which means one per core (ADR 0018)
 */
public record CompressionConfig(Compression daily, OptionalInt workers) {
    public static final Compression DEFAULT_DAILY = Compression.NONE;
    /** The largest {@code workers} accepted. */
    public static final int MAX_WORKERS = 256;

    public CompressionConfig {
        Objects.requireNonNull(daily, "daily");
        Objects.requireNonNull(workers, "workers");
        if (workers.isPresent() && (workers.getAsInt() < 1 || workers.getAsInt() > MAX_WORKERS)) {
            throw new IllegalArgumentException("compression.workers must be between 1 and " + MAX_WORKERS
                    + " (found " + workers.getAsInt() + ")");
        }
    }

    /** {@code daily} on one thread per core. */
    public CompressionConfig(Compression daily) {
        this(daily, OptionalInt.empty());
    }

    /** The compression used when {@code [compression]} is left out. */
    public static CompressionConfig defaults() {
        return new CompressionConfig(DEFAULT_DAILY);
    }

    /** The threads that compress one dump: {@code workers}, or one per core when it is left out. */
    public int effectiveWorkers() {
        return workers.orElse(Compression.defaultWorkers());
    }
}
