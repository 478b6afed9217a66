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

import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads and checks what serves the operator: {@code [alerts]}, {@code [catalog]}, {@code [api]}. */
final class ServiceTablesReader {
    private ServiceTablesReader() {
    }

    static AlertsConfig alerts(TableView t, SecretResolver secrets) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.ALERTS), "[alerts]");
        Optional<Secret> webhook = secrets.optional(t, ALERTS_WEBHOOK_URL.id());
        webhook.ifPresent(w -> t.checkSecretUrl(ALERTS_WEBHOOK_URL.id(), w));
        String formatText = t.string(ALERTS_FORMAT.id(), AlertsConfig.DEFAULT_FORMAT.id());
        AlertFormat format = null;
        for (AlertFormat f : AlertFormat.values()) {
            if (f.id().equals(formatText)) {
                format = f;
            }
        }
        if (format == null) {
            List<String> ids = List.of(AlertFormat.values()).stream().map(AlertFormat::id).toList();
            throw t.error(ALERTS_FORMAT.id(), "alerts.format must be \"slack\", \"discord\" or \"generic\" (found "
                    + TableView.shown(formatText) + ")" + Suggestions.didYouMean(formatText, ids));
        }
        String schemaChanges = t.string(ConfigKey.ALERTS_SCHEMA_CHANGES.id(), AlertsConfig.SCHEMA_CHANGES_INFO);
        if (!schemaChanges.equals(AlertsConfig.SCHEMA_CHANGES_INFO)
                && !schemaChanges.equals(AlertsConfig.SCHEMA_CHANGES_ALERT)) {
            throw t.error(ConfigKey.ALERTS_SCHEMA_CHANGES.id(), "alerts.schema_changes must be \"info\" or \"alert\" "
                    + "(found " + TableView.shown(schemaChanges) + ")" + Suggestions.didYouMean(schemaChanges,
                    List.of(AlertsConfig.SCHEMA_CHANGES_INFO, AlertsConfig.SCHEMA_CHANGES_ALERT)));
        }
        return new AlertsConfig(webhook, format, t.bool(ALERTS_ON_SUCCESS.id(), false),
                schemaChanges.equals(AlertsConfig.SCHEMA_CHANGES_ALERT));
    }

    static CatalogConfig catalog(TableView t, PathResolver paths, Path defaultDataDir) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.CATALOG), "[catalog]");
        Optional<String> path = t.string(CATALOG_PATH.id());
        if (path.isEmpty()) {
            return CatalogConfig.defaults(defaultDataDir);
        }
        if (path.get().isBlank()) {
            throw t.error(CATALOG_PATH.id(), "catalog.path must not be empty; leave it out for the default");
        }
        return new CatalogConfig(paths.resolve(t, CATALOG_PATH.id(), path.get()));
    }

    static ApiConfig api(TableView t, SecretResolver secrets, PathResolver paths) {
        t.rejectUnknownKeys(ConfigKey.idsOf(ConfigTable.API), "[api]");
        boolean enabled = t.bool(API_ENABLED.id(), false);
        String bind = t.string(API_BIND.id(), ApiConfig.DEFAULT_BIND).strip();
        if (bind.isEmpty()) {
            throw t.error(API_BIND.id(), "api.bind must not be empty (for example \"127.0.0.1\")");
        }
        int port = t.integer(API_PORT.id(), ApiConfig.DEFAULT_PORT, 1, 65535);
        Optional<Secret> token = secrets.optional(t, API_TOKEN.id());
        if (enabled && token.isEmpty()) {
            throw t.error(API_TOKEN.id(), "api.token is required when api.enabled = true");
        }
        Optional<Secret> heartbeat = secrets.optional(t, API_HEARTBEAT_URL.id());
        heartbeat.ifPresent(h -> t.checkSecretUrl(API_HEARTBEAT_URL.id(), h));
        Optional<String> keystoreText = t.string(API_TLS_KEYSTORE.id());
        if (keystoreText.isPresent() && keystoreText.get().isBlank()) {
            throw t.error(API_TLS_KEYSTORE.id(), "api.tls_keystore must not be empty; leave it out for plain HTTP "
                    + "on loopback");
        }
        Optional<Path> keystore = keystoreText.map(k -> paths.resolve(t, API_TLS_KEYSTORE.id(), k));
        Optional<Secret> keystorePassword = secrets.optional(t, API_TLS_KEYSTORE_PASSWORD.id());
        if (keystore.isPresent() && keystorePassword.isEmpty()) {
            throw t.error(API_TLS_KEYSTORE_PASSWORD.id(), "api.tls_keystore_password is required with "
                    + "api.tls_keystore (for example \"env:PATINA_TLS_PASSWORD\")");
        }
        if (keystore.isEmpty() && keystorePassword.isPresent()) {
            throw t.error(API_TLS_KEYSTORE_PASSWORD.id(), "api.tls_keystore_password is set but api.tls_keystore "
                    + "is not");
        }
        if (keystore.isEmpty() && !ApiConfig.isLoopback(bind)) {
            throw t.error(API_BIND.id(), "api.bind = \"" + bind + "\" is not a loopback address: plain HTTP is "
                    + "served only on loopback (127.0.0.1, ::1). Set api.tls_keystore and "
                    + "api.tls_keystore_password to serve HTTPS there, or bind 127.0.0.1 behind a TLS reverse proxy "
                    + "(docs/deployment.md)");
        }
        return new ApiConfig(enabled, bind, port, token, heartbeat, keystore, keystorePassword);
    }
}
