package dev.grove.patina.config;

import java.util.Optional;

/**
 * The operating system's keyring, as {@code keyring:NAME} references in {@code patina.toml} read it. Entries live
 * under the service {@code patina}, one account per NAME.
 */
public interface SecretStore {
    /**
     * @param name the NAME of {@code keyring:NAME}
     * @return the stored secret, or empty when the keyring has no such entry
     * @throws KeyringUnavailableException when the keyring cannot be asked at all (no tool, locked, unsupported
     *                                     system); its message says what to do and carries no secret
     */
    Optional<String> lookup(String name) throws KeyringUnavailableException;
}
