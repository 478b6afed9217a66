package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and checked {@code patina.toml}. Secrets are resolved into {@link dev.grove.patina.util.Secret}s, whose
 * text never shows the value, so this record's {@code toString()} is safe to log.
 *
 * @param file      the file it was loaded from
 * @param databases in file order; names are unique
 * @param warnings  problems that do not stop Patina (a secret written in plain text, no databases), each in the
 *                  {@link ConfigException} style {@code patina.toml line 7: …}; never a secret value
 * @param encryption {@code [encryption]}: what new objects are encrypted to, what opens them
 */
public record PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                           RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                           CatalogConfig catalog, ApiConfig api, List<String> warnings, EncryptionConfig encryption) {
    public PatinaConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(store, "store");
        databases = List.copyOf(databases);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(api, "api");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(encryption, "encryption");
    }

    /** A config without {@code [encryption]}: nothing is encrypted. */
    public PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                        RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                        CatalogConfig catalog, ApiConfig api, List<String> warnings) {
        this(file, store, databases, schedule, retention, compression, alerts, catalog, api, warnings,
                EncryptionConfig.none());
    }

    /** The database of that name, if configured. */
    public Optional<DatabaseConfig> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
