package dev.grove.patina.catalog;

/**
 * How a process knows that a run recorded as running is really alive: the process running it holds the run's lock
 * for the run's whole life, and loses it when it dies, however it dies ({@code kill -9} included). The lock is taken
 * before the run's row is written and released after its end is recorded, so a running row whose lock is free
 * belongs to a process that is gone. Two kinds: an OS file lock beside an SQLite catalog ({@link RunLeases}), a
 * PostgreSQL session advisory lock in a cluster's catalog ({@link PostgresRunLocks}), which every node sees.
 */
interface RunLocks {
    /**
     * Takes the lock of a new run.
     *
     * @throws CatalogException naming where, when it cannot be taken
     */
    void acquire(String runId);

    /** Releases the lock of a run this catalog started; nothing when it holds none. */
    void release(String runId);

    /** Releases every lock this catalog holds (it is closing: its runs can record nothing more). */
    void releaseAll();

    /** True when this catalog holds the run's lock: the run is going on in this process. */
    boolean holds(String runId);

    /**
     * Takes the locks of this process's running runs again when the session that held them was lost (a cluster's
     * PostgreSQL that came back); nothing where locks cannot be lost that way.
     *
     * @return how many were taken again
     */
    default int retake() {
        return 0;
    }

    /**
     * Whether the run's process is alive: true when this catalog, another catalog of this process or another process
     * (another node) holds its lock. When the lock cannot be tested, the run counts as alive: nothing is marked on a
     * guess.
     */
    boolean isAlive(String runId);
}
