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
 * @param replicas  the {@code [[replicas]]}: further stores every object is copied to, in file order; names unique
 * @param encryption {@code [encryption]}: what new objects are encrypted to, what opens them
 * @param cluster   {@code [cluster]}: the PostgreSQL a daemon shares its schedule on; empty: it runs alone
 */
public record PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                           RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                           CatalogConfig catalog, ApiConfig api, List<String> warnings,
                           List<ReplicaConfig> replicas, EncryptionConfig encryption, Optional<ClusterConfig> cluster) {
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
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** A config without {@code [cluster]}. */
    public PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                        RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                        CatalogConfig catalog, ApiConfig api, List<String> warnings,
                        List<ReplicaConfig> replicas, EncryptionConfig encryption) {
        this(file, store, databases, schedule, retention, compression, alerts, catalog, api, warnings, replicas,
                encryption, Optional.empty());
    }

    /** A config without replicas and without {@code [encryption]}. */
    public PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                        RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                        CatalogConfig catalog, ApiConfig api, List<String> warnings) {
        this(file, store, databases, schedule, retention, compression, alerts, catalog, api, warnings, List.of(),
                EncryptionConfig.none());
    }

    /** A config with replicas and without {@code [encryption]}: nothing is encrypted. */
    public PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                        RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                        CatalogConfig catalog, ApiConfig api, List<String> warnings, List<ReplicaConfig> replicas) {
        this(file, store, databases, schedule, retention, compression, alerts, catalog, api, warnings, replicas,
                EncryptionConfig.none());
    }

    /** A config without replicas, with {@code encryption}. */
    public PatinaConfig(Path file, StoreConfig store, List<DatabaseConfig> databases, ScheduleConfig schedule,
                        RetentionConfig retention, CompressionConfig compression, AlertsConfig alerts,
                        CatalogConfig catalog, ApiConfig api, List<String> warnings, EncryptionConfig encryption) {
        this(file, store, databases, schedule, retention, compression, alerts, catalog, api, warnings, List.of(),
                encryption);
    }

    /** The same config with other replicas (an edit of another table keeps them: pass {@code replicas()}). */
    public PatinaConfig withReplicas(List<ReplicaConfig> others) {
        return new PatinaConfig(file, store, databases, schedule, retention, compression, alerts, catalog, api,
                warnings, others, encryption, cluster);
    }

    /** The replica of that name, if configured. */
    public Optional<ReplicaConfig> replica(String name) {
        return replicas.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The database of that name, if configured. */
    public Optional<DatabaseConfig> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
