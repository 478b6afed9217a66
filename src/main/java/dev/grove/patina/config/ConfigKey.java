package dev.grove.patina.config;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every key of {@code patina.toml}, named once for {@link ConfigLoader} and {@link ConfigWriter}: its table, the
 * store or database type that uses it (or every type), its name, and whether it holds a secret (written as a
 * reference, never shown in an error). A key's default lives with the value it fills, in its config record
 * ({@link ScheduleConfig#DEFAULT_NIGHTLY}, …): the loader fills it in, the writer writes values, not defaults.
 */
public enum ConfigKey {
    STORE_TYPE(ConfigTable.STORE, null, "type"),
    S3_ENDPOINT(ConfigTable.STORE, TableType.S3, "endpoint"),
    S3_BUCKET(ConfigTable.STORE, TableType.S3, "bucket"),
    S3_REGION(ConfigTable.STORE, TableType.S3, "region"),
    S3_ACCESS_KEY_ID(ConfigTable.STORE, TableType.S3, "access_key_id"),
    S3_SECRET_ACCESS_KEY(ConfigTable.STORE, TableType.S3, "secret_access_key", true),
    LOCAL_PATH(ConfigTable.STORE, TableType.LOCAL, "path"),
    STORE_PREFIX(ConfigTable.STORE, null, "prefix"),

    /** A {@code [[replicas]]} table holds a {@code [store]}'s keys (by its type) and these. */
    REPLICA_NAME(ConfigTable.REPLICAS, null, "name"),
    REPLICA_TIMEOUT_SECONDS(ConfigTable.REPLICAS, null, "timeout_seconds"),
    REPLICA_COPY(ConfigTable.REPLICAS, null, "copy"),

    DATABASE_NAME(ConfigTable.DATABASES, null, "name"),
    DATABASE_TYPE(ConfigTable.DATABASES, null, "type"),
    SQLITE_PATH(ConfigTable.DATABASES, TableType.SQLITE, "path"),
    D1_ACCOUNT_ID(ConfigTable.DATABASES, TableType.D1, "account_id"),
    D1_DATABASE_ID(ConfigTable.DATABASES, TableType.D1, "database_id"),
    D1_API_TOKEN(ConfigTable.DATABASES, TableType.D1, "api_token", true),
    D1_API_BASE(ConfigTable.DATABASES, TableType.D1, "api_base"),
    D1_MODE(ConfigTable.DATABASES, TableType.D1, "mode"),
    /** The operator's own read-only checks a test restore runs (issue 15 §2). */
    DATABASE_CHECKS(ConfigTable.DATABASES, null, "checks"),
    /** {@code full} or {@code differential} (issue 16, ADR 0016). */
    DATABASE_STRATEGY(ConfigTable.DATABASES, null, "strategy"),

    SCHEDULE_CONCURRENCY(ConfigTable.SCHEDULE, null, "concurrency"),
    SCHEDULE_NIGHTLY(ConfigTable.SCHEDULE, null, "nightly"),
    SCHEDULE_WEEKLY(ConfigTable.SCHEDULE, null, "weekly"),
    SCHEDULE_CLEANUP(ConfigTable.SCHEDULE, null, "cleanup"),
    SCHEDULE_TIMEZONE(ConfigTable.SCHEDULE, null, "timezone"),
    SCHEDULE_VERIFY(ConfigTable.SCHEDULE, null, "verify"),
    SCHEDULE_VERIFY_MAX_AGE_DAYS(ConfigTable.SCHEDULE, null, "verify_max_age_days"),

    RETENTION_DAILY_DAYS(ConfigTable.RETENTION, null, "daily_days"),
    RETENTION_WEEKLY_WEEKS(ConfigTable.RETENTION, null, "weekly_weeks"),

    COMPRESSION_DAILY(ConfigTable.COMPRESSION, null, "daily"),
    COMPRESSION_WORKERS(ConfigTable.COMPRESSION, null, "workers"),

    ALERTS_WEBHOOK_URL(ConfigTable.ALERTS, null, "webhook_url", true),
    ALERTS_FORMAT(ConfigTable.ALERTS, null, "format"),
    ALERTS_ON_SUCCESS(ConfigTable.ALERTS, null, "on_success"),
    ALERTS_SCHEMA_CHANGES(ConfigTable.ALERTS, null, "schema_changes"),

    CATALOG_PATH(ConfigTable.CATALOG, null, "path"),

    API_ENABLED(ConfigTable.API, null, "enabled"),
    API_BIND(ConfigTable.API, null, "bind"),
    API_PORT(ConfigTable.API, null, "port"),
    API_TOKEN(ConfigTable.API, null, "token", true),
    API_HEARTBEAT_URL(ConfigTable.API, null, "heartbeat_url", true),

    ENCRYPTION_RECIPIENTS(ConfigTable.ENCRYPTION, null, "recipients"),
    ENCRYPTION_PASSPHRASE(ConfigTable.ENCRYPTION, null, "passphrase", true),
    /** A path, or an env:/keyring: reference: written back as given, never as the key. */
    ENCRYPTION_IDENTITY(ConfigTable.ENCRYPTION, null, "identity"),
    API_TLS_KEYSTORE(ConfigTable.API, null, "tls_keystore"),
    API_TLS_KEYSTORE_PASSWORD(ConfigTable.API, null, "tls_keystore_password", true),

    CLUSTER_JDBC_URL(ConfigTable.CLUSTER, null, "jdbc_url"),
    CLUSTER_USER(ConfigTable.CLUSTER, null, "user"),
    CLUSTER_PASSWORD(ConfigTable.CLUSTER, null, "password", true),
    CLUSTER_NODE(ConfigTable.CLUSTER, null, "node");

    /** The {@code type} of a {@code [store]} or {@code [[databases]]} table, which chooses the keys it holds. */
    public enum TableType {
        S3("s3"), LOCAL("local"), SQLITE("sqlite"), D1("d1");

        private final String id;

        TableType(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final ConfigTable table;
    private final TableType type;
    private final String id;
    private final boolean secret;

    ConfigKey(ConfigTable table, TableType type, String id) {
        this(table, type, id, false);
    }

    ConfigKey(ConfigTable table, TableType type, String id, boolean secret) {
        this.table = table;
        this.type = type;
        this.id = id;
        this.secret = secret;
    }

    /** The key's name in its table. */
    public String id() {
        return id;
    }

    public ConfigTable table() {
        return table;
    }

    /** True when the value is a secret: written as a reference, never shown. */
    public boolean secret() {
        return secret;
    }

    /** The names of the keys of {@code table} (of every type), in declaration order. */
    static Set<String> idsOf(ConfigTable table) {
        Set<String> ids = new LinkedHashSet<>();
        for (ConfigKey k : values()) {
            if (k.table == table) {
                ids.add(k.id);
            }
        }
        return Set.copyOf(ids);
    }

    /** The names of the keys a table of {@code type} may hold: its own and those of every type. */
    static Set<String> idsOf(TableType type) {
        Set<String> ids = new LinkedHashSet<>();
        for (ConfigKey k : values()) {
            if (k.type == type || k.type == null && k.table == tableOf(type)) {
                ids.add(k.id);
            }
        }
        return Set.copyOf(ids);
    }

    private static ConfigTable tableOf(TableType type) {
        return type == TableType.S3 || type == TableType.LOCAL ? ConfigTable.STORE : ConfigTable.DATABASES;
    }
}
