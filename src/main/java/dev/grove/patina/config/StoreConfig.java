package dev.grove.patina.config;

/** Where backups go: the {@code [store]} table. */
public sealed interface StoreConfig permits S3StoreConfig, LocalStoreConfig {
    /** The key prefix inside the store; empty for none. */
    String prefix();
}
