package dev.grove.patina.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's HTTP plumbing: paths, queries, bodies, answers, and the caller's text kept short in errors. */
final class ApiHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHttp.class);
    static final int MAX_BODY = 64 * 1024;

    private ApiHttp() {
    }

    static void exact(List<String> seg, int size) {
        if (seg.size() != size) {
            throw new ApiException(404, "no such endpoint: /" + printable(String.join("/", seg)) + " (see GET /)");
        }
    }

    static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new MethodNotAllowed(method, allowed);
        }
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

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "query: badly encoded parameter");
            }
        }
        return out;
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
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

    static int sendJson(ObjectMapper json, HttpExchange ex, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            bytes = "{\"error\":\"cannot write the answer as JSON\"}".getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        return send(ex, status, bytes);
    }

    static int sendText(HttpExchange ex, int status, String contentType, String text) {
        ex.getResponseHeaders().set("Content-Type", contentType);
        return send(ex, status, text.getBytes(StandardCharsets.UTF_8));
    }

    static int send(HttpExchange ex, int status, byte[] bytes) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not send the answer: {}", e.toString()); // the client went away
        }
        return status;
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
