package dev.grove.patina.ui.settings;

import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.StoreConfig;
import java.util.List;
import java.util.Optional;

/**
 * A saved config with one part replaced: what each editor of the Settings tab saves. Every other part is kept as it
 * is, {@code [cluster]} included (a save once dropped it: the canonical constructor only, never a shorter one).
 */
final class ConfigEdits {
    private ConfigEdits() {
    }

    /** {@code base} with other databases. */
    static PatinaConfig withDatabases(PatinaConfig base, List<DatabaseConfig> list) {
        return new PatinaConfig(base.file(), base.store(), list, base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings(), base.replicas(), base.encryption(),
                base.cluster());
    }

    /** {@code base} with other alerts. */
    static PatinaConfig withAlerts(PatinaConfig base, AlertsConfig alerts) {
        return new PatinaConfig(base.file(), base.store(), base.databases(), base.schedule(), base.retention(),
                base.compression(), alerts, base.catalog(), base.api(), base.warnings(), base.replicas(), base.encryption(),
                base.cluster());
    }

    /** {@code base} with another store. */
    static PatinaConfig withStore(PatinaConfig base, StoreConfig store) {
        return new PatinaConfig(base.file(), store, base.databases(), base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings(), base.replicas(), base.encryption(),
                base.cluster());
    }

    /** {@code base} with another {@code [encryption]} table. */
    static PatinaConfig withEncryption(PatinaConfig base, EncryptionConfig encryption) {
        return new PatinaConfig(base.file(), base.store(), base.databases(), base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings(), base.replicas(), encryption,
                base.cluster());
    }

    /** {@code base} with another {@code [cluster]} table, or none (a stand-alone config). */
    static PatinaConfig withCluster(PatinaConfig base, Optional<ClusterConfig> cluster) {
        return new PatinaConfig(base.file(), base.store(), base.databases(), base.schedule(), base.retention(),
                base.compression(), base.alerts(), base.catalog(), base.api(), base.warnings(), base.replicas(),
                base.encryption(), cluster);
    }
}
