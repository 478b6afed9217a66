package dev.grove.patina.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small gzip'd tar files for tests that hand an archive where a dump is expected. */
public final class TarFixture {
    private TarFixture() {
    }

    /** Writes {@code tgz}: a gzip'd tar holding one plain file {@code member} (e.g. {@code 2026-11-23/shop.sql}). */
    public static Path oneMember(Path tgz, String member, byte[] content) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e = new TarArchiveEntry(member);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return tgz;
    }
}
