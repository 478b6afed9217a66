package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.config.D1DatabaseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failed D1 request says to the operator: the database it was for, Cloudflare's own error text, what to fix
 * — and never the API token, which {@link #failure} cuts out of every message, whatever put it there.
 */
final class D1Errors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;
    private static final String REDACTED = "[redacted]";

    private final D1DatabaseConfig config;

    D1Errors(D1DatabaseConfig config) {
        this.config = config;
    }

    /** The exception for {@code problem}: named by the database, the token redacted. */
    D1ApiException failure(String problem, int status, Throwable cause) {
        return new D1ApiException(redact(prefix() + problem), status, cause);
    }

    D1ApiException failure(String problem, int status) {
        return new D1ApiException(redact(prefix() + problem), status);
    }

    /** Why Cloudflare refused a request with a 4xx (not 429), with the fix for the usual ones. */
    String clientError(int status, byte[] body, String what) {
        String said = errorText(body);
        return switch (status) {
            case 401, 403 -> "Cloudflare refused the API token (HTTP " + status + ": " + said + "); check the API "
                    + "token's D1 permission (Account › D1 › Read for backups, Edit for restores), that it is "
                    + "active, and that it belongs to account " + config.accountId();
            case 404 -> "Cloudflare does not know this database (HTTP 404: " + said + "): unknown account_id or "
                    + "database_id (account_id " + config.accountId() + ", database_id " + config.databaseId()
                    + ")";
            default -> "D1 rejected the query " + brief(what) + " (HTTP " + status + "): " + said;
        };
    }

    /** Why the retries of a 429 or 5xx gave up, with what to do about it. */
    static String gaveUp(int status, byte[] body, int attempts) {
        String advice = status == 429
                ? "; Cloudflare allows 1,200 API requests per 5 minutes per user — wait, or run fewer "
                + "D1 backups with this token at once"
                : "; Cloudflare's API is failing, try again later";
        return (status == 429 ? "rate limited by Cloudflare (HTTP 429)" : "HTTP " + status) + ": "
                + errorText(body) + " (gave up after " + attempts + " attempts)" + advice;
    }

    /** A statement on one line, cut at 80 characters, quoted. */
    static String brief(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return "'" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "'";
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The messages of Cloudflare's error envelope {@code {"success":false,"errors":[{code,message}]}}. */
    static String errorText(byte[] body) {
        JsonNode json = parse(body);
        if (json != null) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : json.path("errors")) {
                String m = e.path("message").asText("");
                parts.add(e.has("code") ? m + " (code " + e.path("code").asText() + ")" : m);
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "no details given";
        }
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
    }

    private String prefix() {
        return "database " + config.name() + " (D1 " + config.databaseId() + "): ";
    }

    private String redact(String message) {
        String token = config.apiToken().reveal();
        return token == null || token.isEmpty() ? message : message.replace(token, REDACTED);
    }
}
