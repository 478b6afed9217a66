package dev.grove.patina.compress;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Streaming compression of dump files: none, gzip (level 6) or zstd (level 3). */
public enum Compression {
    NONE(""), GZIP(".gz"), ZSTD(".zst");

    private static final int BUFFER = 1 << 16;

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file-name suffix after {@code .sql}: empty, {@code .gz} or {@code .zst}. */
    public String suffix() {
        return suffix;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code none}, {@code gzip} or {@code zstd}. */
    public static Compression parse(String text) {
        for (Compression c : values()) {
            if (c.id().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + text + "' (expected none, gzip or zstd)");
    }

    /** Wraps {@code out} so that what is written to the result is compressed; closing it closes {@code out}. */
    public OutputStream wrap(OutputStream out) throws IOException {
        return wrap(out, 1);
    }

    /**
     * Wraps {@code out} so that what is written to the result is compressed on {@code workers} threads owned by the
     * returned stream (ADR 0018): 1 is the single-threaded stream ({@link GZIPOutputStream}, zstd without workers);
     * more is {@link ParallelGzipOutputStream} for gzip and zstd's own workers for zstd. Either way the result is
     * one standard gzip or zstd stream. Closing it closes {@code out} and stops its threads.
     */
    public OutputStream wrap(OutputStream out, int workers) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("compression workers must be ≥ 1 (was " + workers + ")");
        }
        return switch (this) {
            case NONE -> out;
            case GZIP -> workers == 1 ? new GZIPOutputStream(out, BUFFER, false)
                    : new ParallelGzipOutputStream(out, workers);
            case ZSTD -> {
                ZstdOutputStream z = new ZstdOutputStream(out, 3);
                if (workers > 1) {
                    z.setWorkers(workers);
                }
                yield z;
            }
        };
    }

    /** The compression threads used when none are configured: one per core. */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Tells the compression of a stream from its first bytes (gzip and zstd magic numbers), else NONE. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xFF) == 0x28 && (head[1] & 0xFF) == 0xB5 && (head[2] & 0xFF) == 0x2F
                && (head[3] & 0xFF) == 0xFD) {
            return ZSTD;
        }
        return NONE;
    }

    /** Returns a stream of the decompressed content of {@code in}, whatever its compression. */
    public static InputStream decompressing(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(8);
        byte[] head = new byte[4];
        int n = buffered.readNBytes(head, 0, 4);
        buffered.reset();
        return switch (detect(head, n)) {
            case NONE -> buffered;
            case GZIP -> new GZIPInputStream(buffered, BUFFER);
            case ZSTD -> new BufferedInputStream(new ZstdInputStream(buffered), BUFFER);
        };
    }
}
