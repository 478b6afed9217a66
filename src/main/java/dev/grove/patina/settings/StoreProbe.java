package dev.grove.patina.settings;

import dev.grove.patina.store.BackupStore;
import java.io.IOException;

/** The store in use, as the Settings tab sees it: where it is, and whether Patina can reach it. */
public interface StoreProbe {
    /** Where backups go, in words (never a secret). */
    String describe();

    /**
     * Runs the store's access check (a local folder: writable; S3/R2: the bucket can be listed with these keys).
     *
     * @throws IOException naming the store and what failed
     */
    void checkAccess() throws IOException;

    /** The probe of {@code store}. */
    static StoreProbe of(BackupStore store) {
        return new StoreProbe() {
            @Override
            public String describe() {
                return store.describe();
            }

            @Override
            public void checkAccess() throws IOException {
                store.checkAccess();
            }
        };
    }
}
