package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.DatabaseSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Dumps one database to a file or a stream. A file is written as temp file → fsync → atomic rename, so a crash
 * or a failed dump never leaves a half file under the final name.
 */
public final class ExportService {
    private final SqlDumpWriter writer;

    public ExportService(SqlDumpWriter writer) {
        this.writer = writer;
    }

    /** Dumps {@code source} into {@code file}, compressed as asked. */
    public DumpSummary exportToFile(DatabaseSource source, Path file, DumpOptions options, Compression compression,
                                    DumpProgress progress) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder of output file " + file + " does not exist");
        }
        Path temp = dir.resolve("." + file.getFileName() + ".patina-" + UUID.randomUUID().toString().substring(0, 8)
                + ".tmp");
        try {
            DumpSummary summary;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream raw = new NonClosing(Channels.newOutputStream(channel));
                try (OutputStream out = compression.wrap(raw)) {
                    summary = exportToStream(source, out, options, progress);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover .patina-*.tmp file is never read
            }
        }
    }

    /** Dumps {@code source} to {@code out} (flushed, not closed). */
    public DumpSummary exportToStream(DatabaseSource source, OutputStream out, DumpOptions options,
                                      DumpProgress progress) throws IOException {
        try (DumpSnapshot snapshot = source.openSnapshot()) {
            return writer.write(snapshot, options, out, progress);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("database " + source.name() + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the file channel open when the compressor closes its stream, so it can be fsynced. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
