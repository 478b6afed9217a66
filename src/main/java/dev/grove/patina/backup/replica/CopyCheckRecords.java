package dev.grove.patina.backup.replica;

import dev.grove.patina.backup.CheckRecords;
import dev.grove.patina.catalog.Catalog;
import java.time.Instant;

/**
 * What a check of a replica (verify {@code --store NAME}, a download {@code --from NAME}) found, recorded on that
 * replica's copy: a damaged or missing copy becomes pending (the next run copies it again) with what failed; the
 * primary's object is not touched.
 */
public final class CopyCheckRecords implements CheckRecords {
    private final Catalog catalog;
    private final String store;

    public CopyCheckRecords(Catalog catalog, String store) {
        this.catalog = catalog;
        this.store = store;
    }

    @Override
    public void damaged(String key, Instant at, String what) {
        catalog.copies().recordFailure(key, store, "damaged on " + store + " (found " + at + "): " + what);
    }

    @Override
    public void verified(String key, Instant at) {
        catalog.copies().recordVerified(key, store, at);
    }
}
