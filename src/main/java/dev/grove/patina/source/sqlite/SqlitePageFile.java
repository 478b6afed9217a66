package dev.grove.patina.source.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The pages of a SQLite database file, read straight from the file (format: sqlite.org/fileformat2.html). Only
 * what a rowid table's rows need: the 100-byte header, table b-tree pages, overflow pages. Read-only; the caller
 * proves the bytes are its snapshot (ADR 0032).
 */
final class SqlitePageFile implements AutoCloseable {
    static final int HEADER_BYTES = 100;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final FileChannel channel;
    private final byte[] header;
    private final int pageSize;
    private final int usableSize;
    private final long pageCount;
    private final int walFormat;

    private SqlitePageFile(Path path, FileChannel channel, byte[] header, int pageSize, int usableSize,
                           long pageCount, int walFormat) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.pageSize = pageSize;
        this.usableSize = usableSize;
        this.pageCount = pageCount;
        this.walFormat = walFormat;
    }

    /** Thrown when the file holds something this reader does not read; the caller falls back to sqlite-jdbc. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * Opens {@code path} and checks its header.
     *
     * @throws Unsupported when the file is not one this reader reads (saying why)
     */
    static SqlitePageFile open(Path path) throws IOException, Unsupported {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            byte[] h = new byte[HEADER_BYTES];
            readFully(ch, h, 0);
            if (!Arrays.equals(Arrays.copyOf(h, MAGIC.length), MAGIC)) {
                throw new Unsupported("the file does not start with the SQLite header string");
            }
            int ps = u16(h, 16);
            int pageSize = ps == 1 ? 65536 : ps;
            if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
                throw new Unsupported("page size " + ps + " in the header is not a valid page size");
            }
            int write = h[18] & 0xFF;
            int read = h[19] & 0xFF;
            if (write != read || (write != 1 && write != 2)) {
                throw new Unsupported("file format version bytes " + write + "/" + read + " are not 1 or 2");
            }
            if (write == 2) {
                // WAL mode: the file alone is the snapshot only when the -wal file holds no frames. Checked after
                // the read transaction began: frames written since are not ours, and frames of our snapshot
                // cannot have been removed meanwhile (a WAL reset or truncation waits for the WAL's readers and
                // deleting it for the file's shared lock) — ADR 0032.
                Path wal = path.resolveSibling(path.getFileName() + "-wal");
                long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
                if (walBytes > 0) {
                    throw new Unsupported("the database is in WAL mode and its -wal file holds " + walBytes
                            + " bytes, which the page reader does not read");
                }
            }
            int reserved = h[20] & 0xFF;
            if ((h[21] & 0xFF) != 64 || (h[22] & 0xFF) != 32 || (h[23] & 0xFF) != 32) {
                throw new Unsupported("the payload fractions in the header are not 64/32/32");
            }
            int usable = pageSize - reserved;
            if (usable < 480) {
                throw new Unsupported("usable page size " + usable + " is below 480");
            }
            long encoding = u32(h, 56);
            if (encoding != 1) {
                throw new Unsupported("text encoding " + (encoding == 2 ? "UTF-16le" : encoding == 3 ? "UTF-16be"
                        : String.valueOf(encoding)) + " (the page reader reads UTF-8 only)");
            }
            long schemaFormat = u32(h, 44);
            if (schemaFormat < 1 || schemaFormat > 4) {
                throw new Unsupported("schema format " + schemaFormat + " is unknown");
            }
            long pages = ch.size() / pageSize;
            return new SqlitePageFile(path, ch, h, pageSize, usable, pages, write);
        } catch (IOException | Unsupported | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    int pageSize() {
        return pageSize;
    }

    int usableSize() {
        return usableSize;
    }

    long pageCount() {
        return pageCount;
    }

    /** 2 when the header says WAL mode, 1 for a rollback journal. */
    int walFormat() {
        return walFormat;
    }

    Path path() {
        return path;
    }

    /** True when the first 100 bytes of the file are still those read at {@link #open}. */
    boolean headerUnchanged() throws IOException {
        byte[] now = new byte[HEADER_BYTES];
        readFully(channel, now, 0);
        return Arrays.equals(now, header);
    }

    /** Reads page {@code page} (1-based) into {@code into}, which is at least {@link #pageSize()} long. */
    void read(long page, byte[] into) throws IOException {
        if (page < 1 || page > pageCount) {
            throw new IOException("page " + page + " is outside the file's " + pageCount + " pages (" + path + ")");
        }
        readFully(channel, into, (page - 1) * pageSize, pageSize);
    }

    private static void readFully(FileChannel ch, byte[] into, long position) throws IOException {
        readFully(ch, into, position, into.length);
    }

    private static void readFully(FileChannel ch, byte[] into, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, 0, length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + (position + b.position()));
            }
        }
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
