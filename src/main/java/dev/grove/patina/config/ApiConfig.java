package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The local HTTP API: the {@code [api]} table.
 *
 * @param enabled whether the API listens
 * @param bind    the address it listens on
 * @param port    the TCP port, 1..65535
 * @param token   the bearer token callers must send; required when {@code enabled}
 * @param heartbeatUrl a dead-man's-switch URL the daemon GETs every few minutes, only while every database is
 *                     healthy (a secret: such URLs carry tokens)
 */
public record ApiConfig(boolean enabled, String bind, int port, Optional<Secret> token,
                        Optional<Secret> heartbeatUrl) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;

    public ApiConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(heartbeatUrl, "heartbeatUrl");
    }

    /** Without a heartbeat. */
    public ApiConfig(boolean enabled, String bind, int port, Optional<Secret> token) {
        this(enabled, bind, port, token, Optional.empty());
    }

    /** Disabled: used when {@code [api]} is left out. */
    public static ApiConfig defaults() {
        return new ApiConfig(false, DEFAULT_BIND, DEFAULT_PORT, Optional.empty());
    }
}
