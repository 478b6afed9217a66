package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
 * @param tlsKeystore a PKCS#12 (or JKS) keystore with the server's certificate and key: the API then speaks HTTPS
 *                    only. Required to bind anything but a loopback address.
 * @param tlsKeystorePassword the keystore's password (a secret)
 */
public record ApiConfig(boolean enabled, String bind, int port, Optional<Secret> token,
                        Optional<Secret> heartbeatUrl, Optional<Path> tlsKeystore,
                        Optional<Secret> tlsKeystorePassword) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;

    public ApiConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(heartbeatUrl, "heartbeatUrl");
        Objects.requireNonNull(tlsKeystore, "tlsKeystore");
        Objects.requireNonNull(tlsKeystorePassword, "tlsKeystorePassword");
    }

    /** Plain HTTP, with a heartbeat. */
    public ApiConfig(boolean enabled, String bind, int port, Optional<Secret> token, Optional<Secret> heartbeatUrl) {
        this(enabled, bind, port, token, heartbeatUrl, Optional.empty(), Optional.empty());
    }

    /** Without a heartbeat. */
    public ApiConfig(boolean enabled, String bind, int port, Optional<Secret> token) {
        this(enabled, bind, port, token, Optional.empty());
    }

    /** Whether the API speaks HTTPS (a keystore is configured). */
    public boolean tls() {
        return tlsKeystore.isPresent();
    }

    /**
     * Whether {@code bind} is a loopback address (127.0.0.0/8, ::1, or a name such as {@code localhost} that
     * resolves only to loopback): the only place plain HTTP is served.
     */
    public static boolean isLoopback(String bind) {
        try {
            InetAddress[] all = InetAddress.getAllByName(bind);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** Disabled: used when {@code [api]} is left out. */
    public static ApiConfig defaults() {
        return new ApiConfig(false, DEFAULT_BIND, DEFAULT_PORT, Optional.empty());
    }
}
