package dev.grove.patina.config;

import dev.grove.patina.compress.Compression;
import java.util.Objects;

/**
 * How dumps are compressed: the {@code [compression]} table.
 *
 * @param daily the compression of each daily dump
 */
public record CompressionConfig(Compression daily) {
    public static final Compression DEFAULT_DAILY = Compression.NONE;

    public CompressionConfig {
        Objects.requireNonNull(daily, "daily");
    }

    /** The compression used when {@code [compression]} is left out. */
    public static CompressionConfig defaults() {
        return new CompressionConfig(DEFAULT_DAILY);
    }
}
