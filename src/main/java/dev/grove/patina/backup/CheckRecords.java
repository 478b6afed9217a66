package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import java.time.Instant;

/**
 * Where a check (verify, a download) records what it found about one stored object: for the primary, the object's
 * own catalog row ({@link #of(Catalog)}); for a replica, that store's copy of it (issue 14), so that a damaged copy
 * on a replica never marks the primary's object damaged.
 */
public interface CheckRecords {
    /** The check found the object damaged or missing: {@code what} failed. */
    void damaged(String key, Instant at, String what);

    /** The check proved the object restores. */
    void verified(String key, Instant at);

    /**
     * A test restore ran its checks on the object ({@code proof} says which passed); recorded for the primary's
     * objects only: a replica's copy has its own verdicts, not proofs.
     */
    default void proven(dev.grove.patina.catalog.RestoreProofs.Proof proof) {
    }

    /** The primary's records: the catalog's objects rows. */
    static CheckRecords of(Catalog catalog) {
        return new CheckRecords() {
            @Override
            public void damaged(String key, Instant at, String what) {
                catalog.markDamaged(key, at, what);
            }

            @Override
            public void verified(String key, Instant at) {
                catalog.markVerified(key, at);
            }

            @Override
            public void proven(dev.grove.patina.catalog.RestoreProofs.Proof proof) {
                catalog.proofs().record(proof);
            }
        };
    }
}
