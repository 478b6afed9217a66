package dev.grove.patina.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's HTTP plumbing over Javalin's context: queries, bodies, answers, and the caller's text kept short. */
final class ApiHttp {
    static final int MAX_BODY = 64 * 1024;

    private ApiHttp() {
    }

    /** 405 with the Allow header. */
    static final class MethodNotAllowed extends ApiException {
        final String allowed;

        MethodNotAllowed(String method, String allowed) {
            super(405, "method " + printable(method) + " not allowed here (allowed: " + allowed + ")");
            this.allowed = allowed;
        }
    }

    static LocalDate date(String param, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, param + ": '" + printable(text) + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** The query parameters, the last value of each name winning (as the hand-written router had it). */
    static Map<String, String> query(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            ctx.queryParamMap().forEach((k, v) -> {
                if (!k.isEmpty() && !v.isEmpty()) {
                    out.put(k, v.get(v.size() - 1));
                }
            });
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "query: badly encoded parameter");
        }
        return out;
    }

    static byte[] readBody(Context ctx) throws IOException {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new ApiException(413, "body: larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    static void sendJson(ObjectMapper json, Context ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            bytes = "{\"error\":\"cannot write the answer as JSON\"}".getBytes(StandardCharsets.UTF_8);
        }
        send(ctx, status, "application/json; charset=utf-8", bytes);
    }

    static void sendText(Context ctx, int status, String contentType, String text) {
        send(ctx, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    static void send(Context ctx, int status, String contentType, byte[] bytes) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(contentType).result(bytes);
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    /** Keeps a caller's text printable and short in an error message. */
    static String printable(String text) {
        String t = text.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
