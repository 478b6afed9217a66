package dev.grove.patina.model;

import java.util.Objects;

/**
 * How one replica store ({@code [[replicas]]}) fared in a run: what was copied to it (new objects and the catch-up of
 * earlier pending ones), what retention removed from it, and what it still lacks.
 *
 * @param replica the replica's name
 * @param copied  objects copied and read back with the primary's SHA-256 in this run
 * @param deleted copies retention removed from it in this run
 * @param behind  objects of the primary it still lacks after the run (pending copies)
 * @param error   why it is behind (the replica's first failure, or the run stopped waiting), secrets scrubbed;
 *                null when nothing failed
 */
public record ReplicaOutcome(String replica, int copied, int deleted, long behind, String error) {
    public ReplicaOutcome {
        Objects.requireNonNull(replica, "replica");
    }

    /** Tells whether the replica failed in this run (it is behind and an alert says why). */
    public boolean failed() {
        return error != null;
    }
}
