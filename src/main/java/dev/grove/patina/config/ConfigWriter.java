package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.ALERTS_FORMAT;
import static dev.grove.patina.config.ConfigKey.ALERTS_ON_SUCCESS;
import static dev.grove.patina.config.ConfigKey.ALERTS_WEBHOOK_URL;
import static dev.grove.patina.config.ConfigKey.API_BIND;
import static dev.grove.patina.config.ConfigKey.API_ENABLED;
import static dev.grove.patina.config.ConfigKey.API_HEARTBEAT_URL;
import static dev.grove.patina.config.ConfigKey.API_PORT;
import static dev.grove.patina.config.ConfigKey.API_TLS_KEYSTORE;
import static dev.grove.patina.config.ConfigKey.API_TLS_KEYSTORE_PASSWORD;
import static dev.grove.patina.config.ConfigKey.API_TOKEN;
import static dev.grove.patina.config.ConfigKey.CATALOG_PATH;
import static dev.grove.patina.config.ConfigKey.COMPRESSION_DAILY;
import static dev.grove.patina.config.ConfigKey.D1_ACCOUNT_ID;
import static dev.grove.patina.config.ConfigKey.D1_API_BASE;
import static dev.grove.patina.config.ConfigKey.D1_API_TOKEN;
import static dev.grove.patina.config.ConfigKey.D1_DATABASE_ID;
import static dev.grove.patina.config.ConfigKey.D1_MODE;
import static dev.grove.patina.config.ConfigKey.DATABASE_NAME;
import static dev.grove.patina.config.ConfigKey.DATABASE_TYPE;
import static dev.grove.patina.config.ConfigKey.LOCAL_PATH;
import static dev.grove.patina.config.ConfigKey.RETENTION_DAILY_DAYS;
import static dev.grove.patina.config.ConfigKey.RETENTION_WEEKLY_WEEKS;
import static dev.grove.patina.config.ConfigKey.S3_ACCESS_KEY_ID;
import static dev.grove.patina.config.ConfigKey.S3_BUCKET;
import static dev.grove.patina.config.ConfigKey.S3_ENDPOINT;
import static dev.grove.patina.config.ConfigKey.S3_REGION;
import static dev.grove.patina.config.ConfigKey.S3_SECRET_ACCESS_KEY;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_CLEANUP;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_CONCURRENCY;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_NIGHTLY;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_TIMEZONE;
import static dev.grove.patina.config.ConfigKey.SCHEDULE_WEEKLY;
import static dev.grove.patina.config.ConfigKey.SQLITE_PATH;
import static dev.grove.patina.config.ConfigKey.STORE_PREFIX;
import static dev.grove.patina.config.ConfigKey.STORE_TYPE;

import dev.grove.patina.config.ConfigKey.TableType;
import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link PatinaConfig} as {@code patina.toml} text that {@link ConfigLoader} reads back to an equal config.
 * Secret references are written as their source ({@code env:NAME}, {@code file:/path}, {@code keyring:NAME}), never
 * as the value. A secret the operator wrote in plain text is written only under {@link PlainSecrets#WRITE}; under
 * {@link PlainSecrets#OMIT} (for exported settings) its key is left out with a comment saying so. The tables and keys
 * are {@link ConfigTable} and {@link ConfigKey}, which the loader reads by; a key marked secret is written only as one.
 */
public final class ConfigWriter {
    /** What becomes of a secret that was written in plain text (it has no reference to write instead). */
    public enum PlainSecrets {
        /** Write the value, as the operator chose; the file is written owner-only by {@link #writeTo}. */
        WRITE,
        /** Leave the key out, with a comment: for settings that leave this machine. */
        OMIT
    }

    private final PlainSecrets plainSecrets;

    public ConfigWriter(PlainSecrets plainSecrets) {
        this.plainSecrets = Objects.requireNonNull(plainSecrets, "plainSecrets");
    }

    /** The TOML text of {@code config}: every table, every key, defaults included. */
    public String write(PatinaConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# Patina configuration. Secrets: env:NAME | file:/path (chmod 600) | keyring:NAME\n");

        table(out, ConfigTable.STORE);
        store(out, config.store());

        for (DatabaseConfig db : config.databases()) {
            table(out, ConfigTable.DATABASES);
            put(out, DATABASE_NAME, db.name());
            if (db instanceof SqliteDatabaseConfig sqlite) {
                put(out, DATABASE_TYPE, TableType.SQLITE.id());
                put(out, SQLITE_PATH, sqlite.path().toString());
            } else if (db instanceof D1DatabaseConfig d1) {
                put(out, DATABASE_TYPE, TableType.D1.id());
                put(out, D1_ACCOUNT_ID, d1.accountId());
                put(out, D1_DATABASE_ID, d1.databaseId());
                secret(out, D1_API_TOKEN, d1.apiToken());
                put(out, D1_API_BASE, d1.apiBase().toString());
                put(out, D1_MODE, d1.mode());
            }
            line(out, ConfigKey.DATABASE_CHECKS, "[" + String.join(", ",
                    db.checks().stream().map(ConfigWriter::quote).toList()) + "]");
            if (db.differential()) {
                put(out, ConfigKey.DATABASE_STRATEGY, db.strategy());
            }
        }

        for (ReplicaConfig replica : config.replicas()) {
            table(out, ConfigTable.REPLICAS);
            put(out, ConfigKey.REPLICA_NAME, replica.name());
            store(out, replica.store());
            bare(out, ConfigKey.REPLICA_TIMEOUT_SECONDS, replica.timeout().toSeconds());
            if (replica.copy() != ReplicaConfig.Copy.AUTO) {
                put(out, ConfigKey.REPLICA_COPY, replica.copy().id());
            }
        }

        ScheduleConfig schedule = config.schedule();
        table(out, ConfigTable.SCHEDULE);
        bare(out, SCHEDULE_CONCURRENCY, schedule.concurrency());
        put(out, SCHEDULE_NIGHTLY, schedule.nightly());
        put(out, SCHEDULE_WEEKLY, schedule.weekly());
        put(out, SCHEDULE_CLEANUP, schedule.cleanup());
        put(out, SCHEDULE_TIMEZONE, schedule.timezone().getId());
        put(out, ConfigKey.SCHEDULE_VERIFY, schedule.verify());
        bare(out, ConfigKey.SCHEDULE_VERIFY_MAX_AGE_DAYS, schedule.verifyMaxAgeDays());

        table(out, ConfigTable.RETENTION);
        bare(out, RETENTION_DAILY_DAYS, config.retention().dailyDays());
        bare(out, RETENTION_WEEKLY_WEEKS, config.retention().weeklyWeeks());

        table(out, ConfigTable.COMPRESSION);
        put(out, COMPRESSION_DAILY, config.compression().daily().id());
        if (config.compression().workers().isPresent()) {
            bare(out, ConfigKey.COMPRESSION_WORKERS, config.compression().workers().getAsInt());
        }

        AlertsConfig alerts = config.alerts();
        table(out, ConfigTable.ALERTS);
        secret(out, ALERTS_WEBHOOK_URL, alerts.webhookUrl());
        put(out, ALERTS_FORMAT, alerts.format().id());
        bare(out, ALERTS_ON_SUCCESS, alerts.onSuccess());
        put(out, ConfigKey.ALERTS_SCHEMA_CHANGES, alerts.schemaChangesAlert() ? AlertsConfig.SCHEMA_CHANGES_ALERT
                : AlertsConfig.SCHEMA_CHANGES_INFO);

        table(out, ConfigTable.CATALOG);
        put(out, CATALOG_PATH, config.catalog().path().toString());

        ApiConfig api = config.api();
        table(out, ConfigTable.API);
        bare(out, API_ENABLED, api.enabled());
        put(out, API_BIND, api.bind());
        bare(out, API_PORT, api.port());
        secret(out, API_TOKEN, api.token());
        secret(out, API_HEARTBEAT_URL, api.heartbeatUrl());
        api.tlsKeystore().ifPresent(k -> put(out, API_TLS_KEYSTORE, k.toString()));
        secret(out, API_TLS_KEYSTORE_PASSWORD, api.tlsKeystorePassword());
        encryption(out, config.encryption());
        config.cluster().ifPresent(c -> cluster(out, c));
        return out.toString();
    }

    /**
     * Writes {@code config} to {@code target} through {@link AtomicFiles}: a temp file beside it (owner-only
     * permissions where POSIX permissions exist), fsync, an atomic rename onto {@code target}, fsync of the folder.
     */
    public void writeTo(PatinaConfig config, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        byte[] text = write(config).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(absolute, AtomicFiles.Access.OWNER_ONLY, out -> out.write(text));
    }

    /** The keys of a {@code [store]}, or of the store of a {@code [[replicas]]} table. */
    private void store(StringBuilder out, StoreConfig store) {
        if (store instanceof S3StoreConfig s3) {
            put(out, STORE_TYPE, TableType.S3.id());
            put(out, S3_ENDPOINT, s3.endpoint().toString());
            put(out, S3_BUCKET, s3.bucket());
            put(out, S3_REGION, s3.region());
            put(out, S3_ACCESS_KEY_ID, s3.accessKeyId());
            secret(out, S3_SECRET_ACCESS_KEY, s3.secretAccessKey());
            put(out, STORE_PREFIX, s3.prefix());
        } else if (store instanceof LocalStoreConfig local) {
            put(out, STORE_TYPE, TableType.LOCAL.id());
            put(out, LOCAL_PATH, local.path().toString());
            put(out, STORE_PREFIX, local.prefix());
        }
    }

    /** {@code [encryption]} when configured: public keys, and references or a path — never a key or passphrase. */
    private void encryption(StringBuilder out, EncryptionConfig e) {
        if (!e.configured()) {
            return;
        }
        table(out, ConfigTable.ENCRYPTION);
        if (!e.recipients().isEmpty()) {
            line(out, ConfigKey.ENCRYPTION_RECIPIENTS, e.recipients().stream()
                    .map(r -> quote(r.encoded())).collect(java.util.stream.Collectors.joining(", ", "[", "]")));
        }
        secret(out, ConfigKey.ENCRYPTION_PASSPHRASE, e.passphrase());
        e.identityFile().ifPresent(p -> put(out, ConfigKey.ENCRYPTION_IDENTITY, p.toString()));
        e.identityKey().ifPresent(k -> put(out, ConfigKey.ENCRYPTION_IDENTITY, k.source()));
    }

    /** {@code [cluster]}: the password as its reference (or, written plain in the file, as it was). */
    private void cluster(StringBuilder out, ClusterConfig c) {
        table(out, ConfigTable.CLUSTER);
        put(out, ConfigKey.CLUSTER_JDBC_URL, c.jdbcUrl());
        put(out, ConfigKey.CLUSTER_USER, c.user());
        secret(out, ConfigKey.CLUSTER_PASSWORD, c.password());
        c.node().ifPresent(n -> put(out, ConfigKey.CLUSTER_NODE, n));
    }

    private static void table(StringBuilder out, ConfigTable table) {
        out.append('\n').append(table.header()).append('\n');
    }

    private void secret(StringBuilder out, ConfigKey key, Optional<Secret> secret) {
        secret.ifPresent(s -> secret(out, key, s));
    }

    private void secret(StringBuilder out, ConfigKey key, Secret secret) {
        if (!key.secret()) {
            throw new IllegalArgumentException(key.id() + " is no secret key");
        }
        if (SecretReferences.isReference(secret.source())) {
            line(out, key, quote(secret.source()));
        } else if (plainSecrets == PlainSecrets.WRITE) {
            line(out, key, quote(secret.reveal()));
        } else {
            out.append("# ").append(key.id()).append(": a secret written in plain text, left out here\n");
        }
    }

    /** A string value of a key that holds no secret. */
    private static void put(StringBuilder out, ConfigKey key, String value) {
        line(out, notSecret(key), quote(value));
    }

    /** A number or boolean, written bare. */
    private static void bare(StringBuilder out, ConfigKey key, Object value) {
        line(out, notSecret(key), String.valueOf(value));
    }

    private static ConfigKey notSecret(ConfigKey key) {
        if (key.secret()) {
            throw new IllegalArgumentException(key.id() + " holds a secret: write it as one");
        }
        return key;
    }

    private static void line(StringBuilder out, ConfigKey key, String tomlValue) {
        out.append(key.id()).append(" = ").append(tomlValue).append('\n');
    }

    /** A TOML basic string. */
    static String quote(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        s.append(String.format("\\u%04X", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
