package dev.grove.patina.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's static files, shipped in the jar under {@value #ROOT}: only the names listed here are served
 * (no directory walking), each with its content type and a strict Content-Security-Policy.
 */
final class DashboardAssets {
    static final String ROOT = "/dev/grove/patina/api/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "views.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "diff.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private DashboardAssets() {
    }

    static void send(Context ctx, String name) throws IOException {
        String type = FILES.get(name);
        if (type == null) {
            throw new ApiException(404, "no such endpoint: " + ApiHttp.printable(ctx.path()) + " (see GET /)");
        }
        byte[] bytes;
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + name + " is missing from the jar");
            }
            bytes = in.readAllBytes();
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ApiHttp.send(ctx, 200, type, bytes);
    }
}
