package dev.grove.patina.source;

import dev.grove.patina.dump.DumpSnapshot;

/** A database Patina can back up: a SQLite file or a Cloudflare D1 database. */
public interface DatabaseSource {
    /** The name used in logs, object keys and the dump header. */
    String name();

    /**
     * Opens one consistent snapshot. The caller closes it; everything read through it reflects the moment it
     * was opened.
     *
     * @throws SourceException with a message naming the database when it cannot be opened
     */
    DumpSnapshot openSnapshot();
}
