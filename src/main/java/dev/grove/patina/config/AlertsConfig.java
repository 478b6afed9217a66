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
 */
public record AlertsConfig(Optional<Secret> webhookUrl, AlertFormat format, boolean onSuccess) {
    public static final AlertFormat DEFAULT_FORMAT = AlertFormat.SLACK;

    public AlertsConfig {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(format, "format");
    }

    /** No alerts: used when {@code [alerts]} is left out. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(Optional.empty(), DEFAULT_FORMAT, false);
    }
}
