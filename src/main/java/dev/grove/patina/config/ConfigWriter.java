package dev.grove.patina.config;

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
 * {@link PlainSecrets#OMIT} (for exported settings) its key is left out with a comment saying so.
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

        out.append("\n[store]\n");
        if (config.store() instanceof S3StoreConfig s3) {
            put(out, "type", "s3");
            put(out, "endpoint", s3.endpoint().toString());
            put(out, "bucket", s3.bucket());
            put(out, "region", s3.region());
            put(out, "access_key_id", s3.accessKeyId());
            secret(out, "secret_access_key", s3.secretAccessKey());
            put(out, "prefix", s3.prefix());
        } else if (config.store() instanceof LocalStoreConfig local) {
            put(out, "type", "local");
            put(out, "path", local.path().toString());
            put(out, "prefix", local.prefix());
        }

        for (DatabaseConfig db : config.databases()) {
            out.append("\n[[databases]]\n");
            put(out, "name", db.name());
            if (db instanceof SqliteDatabaseConfig sqlite) {
                put(out, "type", "sqlite");
                put(out, "path", sqlite.path().toString());
            } else if (db instanceof D1DatabaseConfig d1) {
                put(out, "type", "d1");
                put(out, "account_id", d1.accountId());
                put(out, "database_id", d1.databaseId());
                secret(out, "api_token", d1.apiToken());
                put(out, "api_base", d1.apiBase().toString());
                put(out, "mode", d1.mode());
            }
        }

        ScheduleConfig schedule = config.schedule();
        out.append("\n[schedule]\n");
        out.append("concurrency = ").append(schedule.concurrency()).append('\n');
        put(out, "nightly", schedule.nightly());
        put(out, "weekly", schedule.weekly());
        put(out, "cleanup", schedule.cleanup());
        put(out, "timezone", schedule.timezone().getId());

        out.append("\n[retention]\n");
        out.append("daily_days = ").append(config.retention().dailyDays()).append('\n');
        out.append("weekly_weeks = ").append(config.retention().weeklyWeeks()).append('\n');

        out.append("\n[compression]\n");
        put(out, "daily", config.compression().daily().id());

        AlertsConfig alerts = config.alerts();
        out.append("\n[alerts]\n");
        secret(out, "webhook_url", alerts.webhookUrl());
        put(out, "format", alerts.format().id());
        out.append("on_success = ").append(alerts.onSuccess()).append('\n');

        out.append("\n[catalog]\n");
        put(out, "path", config.catalog().path().toString());

        ApiConfig api = config.api();
        out.append("\n[api]\n");
        out.append("enabled = ").append(api.enabled()).append('\n');
        put(out, "bind", api.bind());
        out.append("port = ").append(api.port()).append('\n');
        secret(out, "token", api.token());
        secret(out, "heartbeat_url", api.heartbeatUrl());
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

    private void secret(StringBuilder out, String key, Optional<Secret> secret) {
        secret.ifPresent(s -> secret(out, key, s));
    }

    private void secret(StringBuilder out, String key, Secret secret) {
        if (SecretReferences.isReference(secret.source())) {
            put(out, key, secret.source());
        } else if (plainSecrets == PlainSecrets.WRITE) {
            put(out, key, secret.reveal());
        } else {
            out.append("# ").append(key).append(": a secret written in plain text, left out here\n");
        }
    }

    private static void put(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(quote(value)).append('\n');
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
