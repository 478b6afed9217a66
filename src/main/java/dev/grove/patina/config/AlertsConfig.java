package dev.grove.patina.config;

import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.util.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where run reports are sent: the {@code [alerts]} table.
 *
 * @param webhookUrl the webhook URL (a secret: it carries its own credential), empty for no alerts
 * @param format     the body format
 * @param onSuccess  whether successful runs are reported too (failures always are)
 * @param schemaChangesAlert {@code schema_changes = "alert"}: a run in which a database's schema changed since its
 *                   previous backup is reported even when it succeeded and {@code onSuccess} is off; with
 *                   {@code "info"} (the default) the change is shown in the report, the catalog, the console and in
 *                   any webhook message that is sent anyway
 */
public record AlertsConfig(Optional<Secret> webhookUrl, AlertFormat format, boolean onSuccess,
                           boolean schemaChangesAlert) {
    public static final AlertFormat DEFAULT_FORMAT = AlertFormat.SLACK;
    public static final String SCHEMA_CHANGES_INFO = "info";
    public static final String SCHEMA_CHANGES_ALERT = "alert";

    /** Schema changes as information only. */
    public AlertsConfig(Optional<Secret> webhookUrl, AlertFormat format, boolean onSuccess) {
        this(webhookUrl, format, onSuccess, false);
    }

    public AlertsConfig {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(format, "format");
    }

    /** No alerts: used when {@code [alerts]} is left out. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(Optional.empty(), DEFAULT_FORMAT, false);
    }
}
