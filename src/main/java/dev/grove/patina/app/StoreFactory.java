package dev.grove.patina.app;

import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.config.StoreConfig;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.local.LocalFolderStore;
import dev.grove.patina.store.s3.S3Settings;
import dev.grove.patina.store.s3.S3Store;

/**
 * The one place a {@code [store]} becomes a {@link BackupStore}: the runtime's store, and the short-lived one the
 * settings' "Test connection" checks before a new store is saved.
 */
public final class StoreFactory {
    private StoreFactory() {
    }

    /** Opens the store {@code config} describes; close it with {@link #close} (an S3 store holds threads). */
    public static BackupStore open(StoreConfig config) {
        if (config instanceof LocalStoreConfig local) {
            return new LocalFolderStore(local.path());
        }
        S3StoreConfig s3 = (S3StoreConfig) config;
        return new S3Store(new S3Settings(s3.endpoint(), s3.bucket(), s3.region(), s3.accessKeyId(),
                s3.secretAccessKey(), s3.prefix(), 0, 0, null));
    }

    /** Releases the store's threads and connections, if it has any; a failure to close is not reported. */
    public static void close(BackupStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing releases threads; nothing is lost if it fails
            }
        }
    }
}
