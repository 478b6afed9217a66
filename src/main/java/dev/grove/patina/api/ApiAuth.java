package dev.grove.patina.api;

import dev.grove.patina.config.ApiConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call a protected endpoint: an API client with {@code Authorization: Bearer <api.token>} (no CSRF token:
 * a browser cannot send that header across sites), or a browser logged in to the dashboard, by its session cookie,
 * which on a state-changing request must also send the session's CSRF token in {@value #CSRF_HEADER}.
 */
final class ApiAuth {
    static final String COOKIE = "patina_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final ApiConfig config;
    private final WebSessions sessions;
    private final boolean secureCookies;

    ApiAuth(ApiConfig config, WebSessions sessions, boolean secureCookies) {
        this.config = config;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    /** Lets the request through, or throws the 401/403 that says why not. */
    void authorize(Context ctx, boolean changesState) {
        String header = ctx.header("Authorization");
        if (header == null) {
            Optional<WebSessions.WebSession> session = sessions.find(ctx.cookie(COOKIE));
            if (session.isPresent()) {
                if (changesState && !WebSessions.same(ctx.header(CSRF_HEADER), session.get().csrfToken())) {
                    throw new ApiException(403, "missing or wrong CSRF token (send the session's token in "
                            + CSRF_HEADER + ")");
                }
                return;
            }
        }
        String expected = expectedToken();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "missing bearer token (send Authorization: Bearer <api.token>)");
        }
        if (!tokenMatches(header.substring(7).strip(), expected)) {
            throw new ApiException(401, "wrong bearer token");
        }
    }

    /** Whether {@code given} is the configured token (constant time); false when none is configured. */
    boolean tokenMatches(String given) {
        return tokenMatches(given, expectedToken());
    }

    private static boolean tokenMatches(String given, String expected) {
        return given != null && MessageDigest.isEqual(WebSessions.hashBytes(given), WebSessions.hashBytes(expected));
    }

    private String expectedToken() {
        Optional<String> expected = config.token().map(s -> s.reveal());
        if (expected.isEmpty() || expected.get().isEmpty()) {
            throw new ApiException(401, "no api.token is configured: this endpoint is refused");
        }
        return expected.get();
    }

    /**
     * Checks a login's token: throttled after {@link WebSessions#MAX_FAILURES} failures in
     * {@link WebSessions#FAILURE_WINDOW} (429), whoever sent them.
     */
    void checkLoginToken(String given) {
        if (!sessions.mayTryLogin()) {
            throw new ApiException(429, "too many failed logins: try again in a few minutes");
        }
        if (!tokenMatches(given)) {
            sessions.loginFailed();
            throw new ApiException(401, "wrong token");
        }
    }

    Optional<WebSessions.WebSession> session(Context ctx) {
        return sessions.find(ctx.cookie(COOKIE));
    }

    WebSessions.Login login(Context ctx) {
        WebSessions.Login login = sessions.open();
        ctx.cookie(cookie(login.sessionId(), -1));
        return login;
    }

    void logout(Context ctx) {
        sessions.close(ctx.cookie(COOKIE));
        ctx.cookie(cookie("", 0));
    }

    private Cookie cookie(String value, int maxAge) {
        return new Cookie(COOKIE, value, "/", maxAge, secureCookies, 0, true, null, null, SameSite.STRICT);
    }
}
