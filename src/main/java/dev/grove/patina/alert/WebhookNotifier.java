package dev.grove.patina.alert;

import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's outcome to a Slack, Discord or generic JSON webhook.
 *
 * <p>A run with failures (status FAILED, PARTIAL or INTERRUPTED, or any failed database) is always sent, naming
 * each failed database and its error; a successful run only when {@code onSuccess}. Each attempt is bounded by
 * {@link DeliveryPolicy#timeout()}; connection errors, time-outs, 5xx and 429 are retried up to
 * {@link DeliveryPolicy#maxAttempts()} times, other answers are not.
 *
 * <p>{@link #notify(RunReport)} never throws: a failed delivery is logged as one WARN line naming the format and
 * the status code or the connection problem. The URL is a secret (Slack and Discord URLs carry a token): it never
 * appears in a log line, an exception or a result, and neither does a response body or exception text that might
 * echo it, unless scrubbed of every piece of the URL.
 *
 * <p>Thread-safe; holds no mutable state.
 */
public final class WebhookNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final AlertFormat format;
    private final boolean onSuccess;
    private final boolean onSchemaChange;
    private final Clock clock;
    private final DeliveryPolicy policy;
    private final WebhookTarget target;
    private final UrlScrubber scrubber;
    private final WebhookDelivery delivery;
    private final AlertBodies bodies = new AlertBodies();
    private final String source;

    /**
     * @param webhookUrl the webhook URL (http or https); a bad one is reported when sending, without its text
     * @param format     the body the webhook expects
     * @param onSuccess  whether successful runs are sent too (failures always are)
     * @param client     the HTTP client, for example {@link #newHttpClient(DeliveryPolicy)}
     * @param clock      reads {@code Retry-After} dates and stamps test alerts
     * @param sleeper    waits between attempts
     * @param policy     timeouts and retries
     */
    public WebhookNotifier(Secret webhookUrl, AlertFormat format, boolean onSuccess, HttpClient client, Clock clock,
                           Sleeper sleeper, DeliveryPolicy policy) {
        this(webhookUrl, format, onSuccess, false, client, clock, sleeper, policy);
    }

    /**
     * As above, and with {@code onSchemaChange}: a successful run in which a database's schema changed since its
     * previous backup is sent even when {@code onSuccess} is off ({@code [alerts] schema_changes = "alert"}).
     */
    public WebhookNotifier(Secret webhookUrl, AlertFormat format, boolean onSuccess, boolean onSchemaChange,
                           HttpClient client, Clock clock, Sleeper sleeper, DeliveryPolicy policy) {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.format = Objects.requireNonNull(format, "format");
        this.onSuccess = onSuccess;
        this.onSchemaChange = onSchemaChange;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.target = WebhookTarget.of(webhookUrl);
        this.scrubber = new UrlScrubber(webhookUrl.reveal());
        this.delivery = new WebhookDelivery(Objects.requireNonNull(client, "client"), clock,
                Objects.requireNonNull(sleeper, "sleeper"), policy, scrubber);
        this.source = webhookUrl.source();
    }

    /** With {@link Sleeper#system()} and {@link DeliveryPolicy#defaults()}. */
    public WebhookNotifier(Secret webhookUrl, AlertFormat format, boolean onSuccess, HttpClient client,
                           Clock clock) {
        this(webhookUrl, format, onSuccess, client, clock, Sleeper.system(), DeliveryPolicy.defaults());
    }

    /**
     * An HTTP client fit for webhooks: connect timeout from the policy, redirects not followed (a POST must not be
     * replayed elsewhere). Each call creates a new client with its own threads.
     */
    public static HttpClient newHttpClient(DeliveryPolicy policy) {
        return HttpClient.newBuilder()
                .connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The body this webhook expects. */
    public AlertFormat format() {
        return format;
    }

    /** Whether successful runs are sent too. */
    public boolean onSuccess() {
        return onSuccess;
    }

    /**
     * Sends the report if it has failures, or if it succeeded and {@link #onSuccess()}. Never throws; gives up
     * after the policy's attempts, logging one WARN line without the URL.
     */
    @Override
    public void notify(RunReport report) {
        try {
            if (report == null) {
                LOG.warn("Webhook alert ({}) not sent: no run report", format.id());
                return;
            }
            if (!AlertText.isFailure(report) && !onSuccess && !(onSchemaChange && AlertText.hasSchemaChange(report))) {
                LOG.debug("Webhook alert ({}) for run {} skipped: the run succeeded and success alerts are off",
                        format.id(), report.runId());
                return;
            }
            if (!target.usable()) {
                LOG.warn("Webhook alert ({}) for run {} not sent: {}", format.id(), report.runId(), target.problem());
                return;
            }
            String body = bodies.report(format, report);
            Delivery d = delivery.deliver(target.uri(), body, policy.maxAttempts(), format.id());
            if (d.delivered()) {
                LOG.info("Webhook alert ({}) for run {} delivered: HTTP {} after {}", format.id(), report.runId(),
                        d.statusCode(), attempts(d.attempts()));
            } else {
                LOG.warn("Webhook alert ({}) for run {} not delivered after {}: {}", format.id(), report.runId(),
                        attempts(d.attempts()), d.problem());
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook alert ({}) failed unexpectedly: {}", format.id(), scrubber.describe(e));
        }
    }

    /** Sends the notice (whatever the success setting: a notice is news). Never throws; one WARN line on failure. */
    @Override
    public void notice(String kind, String text) {
        try {
            if (!target.usable()) {
                LOG.warn("Webhook notice ({}) {} not sent: {}", format.id(), kind, target.problem());
                return;
            }
            Delivery d = delivery.deliver(target.uri(), bodies.notice(format, kind, text, clock.instant()),
                    policy.maxAttempts(), format.id());
            if (d.delivered()) {
                LOG.info("Webhook notice ({}) {} delivered: HTTP {} after {}", format.id(), kind, d.statusCode(),
                        attempts(d.attempts()));
            } else {
                LOG.warn("Webhook notice ({}) {} not delivered after {}: {}", format.id(), kind,
                        attempts(d.attempts()), d.problem());
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook notice ({}) failed unexpectedly: {}", format.id(), scrubber.describe(e));
        }
    }

    /**
     * Sends a test message now, in one attempt (an operator is waiting), and tells how it went. Never throws; the
     * result's message never contains the URL.
     */
    public AlertTestResult sendTest() {
        try {
            if (!target.usable()) {
                return new AlertTestResult(false, 0, "Not sent: " + target.problem() + ".");
            }
            Delivery d = delivery.deliver(target.uri(), bodies.test(format, clock.instant()), 1, format.id());
            String channel = "the " + format.displayName() + " webhook";
            if (d.delivered()) {
                return new AlertTestResult(true, d.statusCode(),
                        "Test alert delivered to " + channel + " (HTTP " + d.statusCode() + ").");
            }
            LOG.warn("Webhook test alert ({}) not delivered: {}", format.id(), d.problem());
            String reply = d.reply() == null || d.reply().isEmpty() ? "" : " The webhook answered: " + d.reply();
            return new AlertTestResult(false, d.statusCode(),
                    "Test alert not delivered to " + channel + ": " + d.problem() + "." + reply);
        } catch (RuntimeException e) {
            String problem = scrubber.describe(e);
            LOG.warn("Webhook test alert ({}) failed unexpectedly: {}", format.id(), problem);
            return new AlertTestResult(false, 0, "Test alert failed: " + problem);
        }
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    @Override
    public String toString() {
        return "WebhookNotifier(" + format.id() + ", url from " + source + ", onSuccess=" + onSuccess + ")";
    }
}
