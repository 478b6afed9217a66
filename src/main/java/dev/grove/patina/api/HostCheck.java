package dev.grove.patina.api;

import dev.grove.patina.config.ApiConfig;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Against DNS rebinding: a page of another site whose name its owner points at 127.0.0.1 reaches an API bound to
 * loopback with that name in its {@code Host} header. So when {@code api.bind} is a loopback address, only a request
 * naming {@code localhost}, {@code 127.0.0.1}, {@code [::1]} or {@code api.bind} itself (any port) is answered: any
 * other name is a 421 Misdirected Request, a missing or malformed {@code Host} a 400. Bound elsewhere (TLS), the
 * certificate's name does this job and any {@code Host} is answered.
 */
final class HostCheck {
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private final boolean active;
    private final Set<String> allowed = new LinkedHashSet<>();

    HostCheck(ApiConfig config) {
        this.active = ApiConfig.isLoopback(config.bind());
        allowed.add("localhost");
        allowed.add("127.0.0.1");
        allowed.add("[::1]");
        String bind = config.bind().toLowerCase(Locale.ROOT);
        allowed.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
    }

    /** Throws the 421 or 400 for a request whose {@code Host} names another site. */
    void check(Context ctx) {
        if (!active) {
            return;
        }
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            throw new ApiException(400, "Host: header required");
        }
        String name = name(host.strip().toLowerCase(Locale.ROOT));
        if (name == null) {
            throw new ApiException(400, "Host: '" + ApiHttp.printable(host) + "' is not host[:port]");
        }
        if (!allowed.contains(name)) {
            throw new ApiException(421, "Host: '" + ApiHttp.printable(host) + "' is not a name of this API (bound to "
                    + "loopback, it answers only " + String.join(", ", allowed) + "); a reverse proxy must pass "
                    + "Host: 127.0.0.1:<port>");
        }
    }

    /** "[::1]:8765" → "[::1]", "localhost:8765" → "localhost"; null when it is not host[:port]. */
    static String name(String host) {
        String name;
        String port;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return null;
            }
            name = host.substring(0, end + 1);
            String rest = host.substring(end + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return null;
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = host.indexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
            port = colon < 0 ? null : host.substring(colon + 1);
        }
        if (name.isEmpty() || port != null && !PORT.matcher(port).matches()) {
            return null;
        }
        return name;
    }
}
