package dev.grove.patina.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes may still be written in a folder: its file store's usable space. The seam lets a test make a
 * disk look fuller than it is; a verify asks it before a test restore starts ({@link VerifyService}).
 */
@FunctionalInterface
public interface FreeSpace {
    /** The usable space of the file store that holds {@code folder}, as the OS reports it. */
    FreeSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();

    /** The bytes that may still be written in {@code folder} (an existing folder). */
    long usableBytes(Path folder) throws IOException;
}
