package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.util.RetryAfter;
import dev.grove.patina.util.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The one road of every request to Cloudflare for one D1 database: the API's JSON calls ({@code /query},
 * {@code /raw}, {@code /export}, {@code /import}) and the signed URLs they hand out (the export's download, the
 * import's upload). One retry loop serves them all: an API request first takes a token from the shared
 * {@link RateLimiter}; HTTP 429 waits for {@code Retry-After} (or backs off) and retries; 5xx and network errors
 * back off exponentially and retry; all bounded by {@link D1Settings#maxAttempts()}, each wait at most
 * {@link D1Settings#maxBackoff()}, each request with a timeout. Other failures become a {@link D1ApiException}
 * whose message names the database and says what to fix ({@link D1Errors}, which redacts the token from every
 * message). The token is only ever put into an API request's header, never sent to a signed URL.
 */
public final class D1Transport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A signed URL moves a whole dump: far longer than an API call may take. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private final D1DatabaseConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RateLimiter limiter;
    private final D1Settings settings;
    private final D1Errors errors;
    private final URI base;
    private final D1Traffic traffic = new D1Traffic();

    /**
     * @param clock   reads a {@code Retry-After} given as a date
     * @param sleeper waits between retries and polls (tests record the waits instead)
     * @param limiter the request budget, shared by every D1 database reached with the same token
     */
    public D1Transport(D1DatabaseConfig config, HttpClient http, Clock clock, Sleeper sleeper, RateLimiter limiter,
                       D1Settings settings) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.limiter = limiter;
        this.settings = settings;
        this.errors = new D1Errors(config);
        String root = config.apiBase().toString().replaceAll("/+$", "");
        this.base = URI.create(root + "/accounts/" + pathSegment(config.accountId()) + "/d1/database/"
                + pathSegment(config.databaseId()));
    }

    /** A JSON answer of the API and the size of its body (for page sizing). */
    record Answer(JsonNode json, long bodyBytes) {
    }

    /** The request budget kind: an API call counts against Cloudflare's limit, a signed URL does not. */
    private enum Road { API, SIGNED_URL }

    D1Settings settings() {
        return settings;
    }

    /** What this transport has sent and received so far. */
    D1Traffic traffic() {
        return traffic;
    }

    D1Errors errors() {
        return errors;
    }

    /**
     * POSTs {@code body} to the database's {@code endpoint}, with the token.
     *
     * @param what the statement (or the operation) the messages name
     * @throws D1ApiException when Cloudflare refuses it, says {@code success: false}, or cannot be reached
     */
    Answer post(String endpoint, ObjectNode body, String what) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + endpoint))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + config.apiToken().reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), Road.API, what);
        byte[] answer = response.body() == null ? new byte[0] : response.body();
        traffic.response(answer.length);
        JsonNode json = D1Errors.parse(answer);
        if (json == null || (json.has("success") && !json.path("success").asBoolean())) {
            throw errors.failure("D1 rejected the query " + D1Errors.brief(what) + ": " + D1Errors.errorText(answer),
                    response.statusCode());
        }
        return new Answer(json, answer.length);
    }

    /** Downloads a signed URL into {@code target}; the API token is never sent there. */
    void download(URI url, Path target) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TRANSFER_TIMEOUT).GET().build();
        send(request, HttpResponse.BodyHandlers.ofFile(target), Road.SIGNED_URL,
                "download the export from " + url.getHost());
    }

    /** PUTs {@code file} to a signed upload URL (no API token there); returns the ETag it answered, unquoted. */
    String upload(URI url, Path file) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(TRANSFER_TIMEOUT)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return send(request, HttpResponse.BodyHandlers.discarding(), Road.SIGNED_URL,
                "upload the import file to " + url.getHost()).headers().firstValue("ETag").orElse("")
                .replace("\"", "");
    }

    /** Waits {@code d} through the sleeper (between retries, and between an export's or import's polls). */
    void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.failure("interrupted while waiting to retry", 0, e);
        }
    }

    /** The one retry loop: returns the first 2xx answer, retrying 429, 5xx and network errors (see the class). */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Road road,
                                     String what) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<T> response;
            try {
                if (road == Road.API) {
                    limiter.acquire();
                    traffic.request();
                }
                response = http.send(request, handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw errors.failure("interrupted", 0, e);
            } catch (IOException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw errors.failure(unreachable(road, what, e, attempt), 0, e);
                }
                pause(backoff(attempt));
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            byte[] body = response.body() instanceof byte[] bytes ? bytes : new byte[0];
            boolean retryable = status == 429 || status >= 500;
            if (retryable && attempt < settings.maxAttempts()) {
                pause(wait(response, attempt));
                continue;
            }
            if (road == Road.SIGNED_URL) {
                throw errors.failure("cannot " + what + " (HTTP " + status + ")", status);
            }
            throw errors.failure(retryable ? D1Errors.gaveUp(status, body, attempt)
                    : errors.clientError(status, body, what), status);
        }
    }

    private String unreachable(Road road, String what, IOException e, int attempts) {
        if (road == Road.SIGNED_URL) {
            return "cannot " + what + ": " + e.getMessage();
        }
        return "cannot reach " + base.getHost() + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ") after " + attempts
                + " attempts; check the network and api_base";
    }

    /** A 429's {@code Retry-After}, else the exponential backoff; never longer than the settings allow. */
    private Duration wait(HttpResponse<?> response, int attempt) {
        Duration wait = backoff(attempt);
        if (response.statusCode() == 429) {
            Duration asked = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                    clock.instant());
            if (asked != null) {
                wait = asked;
            }
        }
        return min(wait, settings.maxBackoff());
    }

    private Duration backoff(int attempt) {
        Duration d = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return min(d, settings.maxBackoff());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String pathSegment(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
