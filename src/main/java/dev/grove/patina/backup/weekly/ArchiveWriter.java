package dev.grove.patina.backup.weekly;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a {@code .tar.gz} (gzip level 6, as {@code tar czf}) of plain files into a store's stream, counting and
 * hashing the stored bytes. {@link #finish()} ends the archive but leaves the store's stream open: the store owns it.
 */
final class ArchiveWriter {
    private static final int BUFFER = 1 << 16;

    private final MessageDigest sha256 = Sha256.digest();
    private final Counting counted;
    private final GZIPOutputStream gzip;
    private final TarArchiveOutputStream tar;
    private final Instant modified;

    ArchiveWriter(OutputStream storeStream, Instant modified) throws IOException {
        this.counted = new Counting(new DigestOutputStream(storeStream, sha256));
        this.gzip = new GZIPOutputStream(counted, BUFFER);
        this.tar = new TarArchiveOutputStream(gzip, BUFFER);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.modified = modified;
    }

    /** Adds a regular file member with {@code content}'s bytes. */
    void addFile(String path, Path content, long size) throws IOException {
        tar.putArchiveEntry(entry(path, size));
        try (InputStream in = Files.newInputStream(content)) {
            long copied = in.transferTo(tar);
            if (copied != size) {
                throw new IOException("member " + path + " changed while being archived (" + copied + " bytes, "
                        + "expected " + size + ")");
            }
        }
        tar.closeArchiveEntry();
    }

    void addBytes(String path, byte[] content) throws IOException {
        tar.putArchiveEntry(entry(path, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Writes the tar end records and the gzip trailer; the store's stream stays open. */
    void finish() throws IOException {
        tar.finish();
        gzip.finish();
        counted.flush();
    }

    long size() {
        return counted.count;
    }

    /** The SHA-256 of the stored bytes; call once, after {@link #finish()}. */
    String sha256() {
        return Sha256.hex(sha256);
    }

    private TarArchiveEntry entry(String path, long size) {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setSize(size);
        e.setMode(0100644);
        e.setLastModifiedTime(java.nio.file.attribute.FileTime.from(modified));
        return e;
    }

    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
