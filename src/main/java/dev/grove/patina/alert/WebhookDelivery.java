package dev.grove.patina.alert;

import dev.grove.patina.util.RetryAfter;
import dev.grove.patina.util.Sleeper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one JSON body to a webhook with a hard per-attempt deadline and bounded retries. Retried: connection
 * errors, time-outs, 5xx and 429 (waiting what {@code Retry-After} asks, up to the policy's cap, else an
 * exponential backoff). Not retried: other answers (4xx, 3xx), which a second try would only repeat.
 */
final class WebhookDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int REPLY_CAP = 2048;
    private static final int REPLY_SHOWN = 200;

    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeliveryPolicy policy;
    private final UrlScrubber scrubber;

    WebhookDelivery(HttpClient client, Clock clock, Sleeper sleeper, DeliveryPolicy policy, UrlScrubber scrubber) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
        this.scrubber = scrubber;
    }

    /**
     * Delivers {@code json}, trying at most {@code maxAttempts} times (capped by the policy).
     *
     * @param label names the channel in log lines, for example {@code slack}; never the URL
     */
    Delivery deliver(URI uri, String json, int maxAttempts, String label) {
        int attempts = Math.max(1, Math.min(maxAttempts, policy.maxAttempts()));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(policy.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Patina")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Delivery(false, 0, 0, "the webhook URL is not usable (" + scrubber.describe(e) + ")", "");
        }
        Attempt last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            last = once(request);
            if (last.ok()) {
                return new Delivery(true, last.status(), attempt, null, last.reply());
            }
            if (!last.retryable() || attempt == attempts) {
                return new Delivery(false, last.status(), attempt, last.problem(), last.reply());
            }
            Duration wait = last.retryAfter() != null ? min(last.retryAfter(), policy.maxRetryAfter())
                    : policy.backoffAfter(attempt);
            LOG.debug("Webhook alert ({}) attempt {} of {} failed: {}; retrying in {} ms", label, attempt, attempts,
                    last.problem(), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(false, last.status(), attempt, last.problem() + "; interrupted before retrying",
                        last.reply());
            }
        }
        throw new AssertionError("unreachable: " + last);
    }

    private Attempt once(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> future;
        try {
            future = client.sendAsync(request, CappedBody.handler(REPLY_CAP));
        } catch (RuntimeException e) {
            return Attempt.failed(0, false, "could not send (" + scrubber.describe(e) + ")");
        }
        HttpResponse<String> response;
        try {
            response = future.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Attempt.failed(0, true, "timed out after " + AlertText.duration(policy.timeout()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.failed(0, false, "interrupted");
        } catch (ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause());
        }
        int status = response.statusCode();
        String reply = UrlScrubber.oneLine(scrubber.scrub(response.body() == null ? "" : response.body()),
                REPLY_SHOWN);
        if (status >= 200 && status < 300) {
            return new Attempt(true, status, false, null, null, reply);
        }
        boolean retryable = status == 429 || status >= 500;
        Duration retryAfter = retryable ? response.headers().firstValue("Retry-After")
                .map(h -> RetryAfter.parse(h, clock.instant())).orElse(null) : null;
        String problem = "HTTP " + status + (status == 429 ? " (rate limited)"
                : status >= 300 && status < 400 ? " (redirects are not followed)" : "");
        return new Attempt(false, status, retryable, retryAfter, problem, reply);
    }

    private Attempt failure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return Attempt.failed(0, true, "connect timed out after " + AlertText.duration(policy.timeout()));
        }
        if (cause instanceof HttpTimeoutException) {
            return Attempt.failed(0, true, "timed out after " + AlertText.duration(policy.timeout()));
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException
                || cause.getCause() instanceof UnresolvedAddressException) {
            return Attempt.failed(0, true, "could not connect (" + scrubber.describe(cause) + ")");
        }
        if (cause instanceof IOException) {
            return Attempt.failed(0, true, "connection failed (" + scrubber.describe(cause) + ")");
        }
        return Attempt.failed(0, false, "could not send (" + scrubber.describe(cause) + ")");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One attempt's outcome. */
    private record Attempt(boolean ok, int status, boolean retryable, Duration retryAfter, String problem,
                           String reply) {
        static Attempt failed(int status, boolean retryable, String problem) {
            return new Attempt(false, status, retryable, null, problem, "");
        }
    }
}
