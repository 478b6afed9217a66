package dev.grove.patina.backup;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.util.FileTargets;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Dumps one database to a file or a stream. A file is written as temp file → fsync → atomic rename, so a crash
 * or a failed dump never leaves a half file under the final name; a file that holds data is replaced only when
 * forced (and kept as the first free {@code .bak}), and never is it the database being dumped (RELIABILITY 28).
 */
public final class ExportService {
    private final SqlDumpWriter writer;

    public ExportService(SqlDumpWriter writer) {
        this.writer = writer;
    }

    /** A dump written to a file. */
    public record Exported(DumpSummary summary, Path file, Path previousFile) {
    }

    /** Dumps {@code source} into {@code file}, compressed as asked; a {@code file} that holds data is refused. */
    public DumpSummary exportToFile(DatabaseSource source, Path file, DumpOptions options, Compression compression,
                                    DumpProgress progress) {
        return exportToFile(source, file, options, compression, false, progress).summary();
    }

    /**
     * Dumps {@code source} into {@code file}, compressed as asked. A {@code file} that holds data is replaced only
     * when {@code force}, and kept as the first free {@code file.bak}, {@code .bak.1}, …; {@code file} is never
     * the database being dumped (nor its {@code -wal}/{@code -journal}/{@code -shm}), forced or not.
     *
     * @throws UncheckedIOException wrapping a {@link FileTargets.RefusedException} when {@code file} may not be
     *                              written, before anything is read
     */
    public Exported exportToFile(DatabaseSource source, Path file, DumpOptions options, Compression compression,
                                 boolean force, DumpProgress progress) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder of output file " + file + " does not exist");
        }
        List<Path> sources = source instanceof SqliteFileSource f ? List.of(f.file()) : List.of();
        try {
            FileTargets.checkOutput(file, force, sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
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
            FileTargets.refuseSources(file, sources); // a link made meanwhile
            Path previous = FileTargets.install(temp, file, force);
            return new Exported(summary, file, previous);
        } catch (FileTargets.RefusedException e) {
            throw new UncheckedIOException(e.getMessage(), e);
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
