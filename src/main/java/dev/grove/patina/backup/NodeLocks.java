package dev.grove.patina.backup;

import java.io.IOException;
import java.util.Optional;

/**
 * The per-database backup lock across the nodes of a cluster (issue 17, ADR 0024): {@link DatabaseLocks} takes it
 * after its own lock (this process, then this machine), so no database is backed up twice at once whichever node
 * or road (nightly, {@code patina backup --db}, the API's trigger) asked. The lock dies with the session that holds
 * it: a node that is killed or loses its network frees its databases.
 */
public interface NodeLocks {
    /** A database's cluster lock while it is held; closing releases it (never throws: a broken session freed it). */
    interface NodeLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the database's cluster lock if no node holds it now.
     *
     * @return the lock, or null when another node (or another holder on this one) has it
     * @throws IOException naming the database and the server, when the lock cannot be asked for
     */
    NodeLock tryTake(String database) throws IOException;

    /** The node holding the database's cluster lock, when it can be found cheaply; empty otherwise. */
    Optional<String> holder(String database);
}
