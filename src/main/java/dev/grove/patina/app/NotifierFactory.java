package dev.grove.patina.app;

import dev.grove.patina.alert.DeliveryPolicy;
import dev.grove.patina.alert.Notifier;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.util.Sleeper;
import java.time.Clock;
import java.util.Optional;

/**
 * The one place an {@code [alerts]} table becomes a {@link Notifier}: the runtime's, and the short-lived one the
 * settings' "Send test alert" uses for alerts that are being edited and not saved yet.
 */
public final class NotifierFactory {
    private NotifierFactory() {
    }

    /** The webhook notifier {@code alerts} describes, or {@link Notifier#none()} when no webhook is configured. */
    public static Notifier of(AlertsConfig alerts, Clock clock) {
        return webhook(alerts, clock).<Notifier>map(n -> n).orElse(Notifier.none());
    }

    /**
     * The webhook notifier {@code alerts} describes (default delivery policy, its own HTTP client that follows no
     * redirects), empty when no webhook is configured.
     */
    public static Optional<WebhookNotifier> webhook(AlertsConfig alerts, Clock clock) {
        return alerts.webhookUrl().map(url -> new WebhookNotifier(url, alerts.format(), alerts.onSuccess(),
                alerts.schemaChangesAlert(), WebhookNotifier.newHttpClient(DeliveryPolicy.defaults()), clock,
                Sleeper.system(), DeliveryPolicy.defaults()));
    }
}
