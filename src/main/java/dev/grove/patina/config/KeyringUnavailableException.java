package dev.grove.patina.config;

/** The keyring could not be asked; the message says why and what to do instead, and never carries a secret. */
public class KeyringUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyringUnavailableException(String message) {
        super(message);
    }

    public KeyringUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
