package dev.grove.patina.api;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's server-side sessions: a login with the API token gets a random session id (kept only in an
 * HttpOnly cookie) and a CSRF token (which the page sends back in a header on every state-changing request). The
 * token itself is never stored here. Sessions end on logout, after {@link #IDLE} without a request, or
 * {@link #LIFETIME} after login; at most {@link #MAX_SESSIONS} live at once (the oldest goes first).
 */
final class WebSessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 64;
    /** Failed logins allowed within {@link #FAILURE_WINDOW}; more are refused until the window moves on. */
    static final int MAX_FAILURES = 10;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    /** One logged-in browser. */
    record WebSession(String csrfToken, Instant createdAt, Instant lastSeen) {
    }

    /** What a login hands the browser: the cookie's value and the CSRF token. */
    record Login(String sessionId, String csrfToken) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** By the SHA-256 of the session id: a lookup reveals nothing through timing about the ids held. */
    private final Map<String, WebSession> sessions = new HashMap<>();
    private final java.util.ArrayDeque<Instant> failures = new java.util.ArrayDeque<>();

    WebSessions(Clock clock) {
        this.clock = clock;
    }

    synchronized Login open() {
        Instant now = clock.instant();
        expire(now);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min((a, b) -> a.getValue().createdAt().compareTo(b.getValue().createdAt()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        String id = randomToken();
        String csrf = randomToken();
        sessions.put(hash(id), new WebSession(csrf, now, now));
        return new Login(id, csrf);
    }

    /** The live session of that cookie value, its idle time renewed; empty when unknown or expired. */
    synchronized Optional<WebSession> find(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        expire(now);
        String key = hash(sessionId);
        WebSession s = sessions.get(key);
        if (s == null) {
            return Optional.empty();
        }
        WebSession renewed = new WebSession(s.csrfToken(), s.createdAt(), now);
        sessions.put(key, renewed);
        return Optional.of(renewed);
    }

    /** Whether a login may be tried now: false after {@link #MAX_FAILURES} failures within the window. */
    synchronized boolean mayTryLogin() {
        Instant cutoff = clock.instant().minus(FAILURE_WINDOW);
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
            failures.removeFirst();
        }
        return failures.size() < MAX_FAILURES;
    }

    synchronized void loginFailed() {
        failures.addLast(clock.instant());
    }

    synchronized void close(String sessionId) {
        if (sessionId != null) {
            sessions.remove(hash(sessionId));
        }
    }

    synchronized int size() {
        expire(clock.instant());
        return sessions.size();
    }

    /** Compares in constant time (for the CSRF token). */
    static boolean same(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(hashBytes(given), hashBytes(expected));
    }

    private void expire(Instant now) {
        for (Iterator<WebSession> it = sessions.values().iterator(); it.hasNext(); ) {
            WebSession s = it.next();
            if (!now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.createdAt().plus(LIFETIME))) {
                it.remove();
            }
        }
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String s) {
        return Base64.getEncoder().encodeToString(hashBytes(s));
    }

    static byte[] hashBytes(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
