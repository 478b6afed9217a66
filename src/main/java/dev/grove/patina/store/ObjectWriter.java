package dev.grove.patina.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Writes an object's content for {@link BackupStore#put} and returns the metadata to attach to it. */
@FunctionalInterface
public interface ObjectWriter {
    /** Writes the whole content to {@code out} (do not close it) and returns the object's metadata. */
    Map<String, String> write(OutputStream out) throws IOException;
}
