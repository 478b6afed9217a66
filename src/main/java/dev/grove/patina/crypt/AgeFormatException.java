package dev.grove.patina.crypt;

import java.io.IOException;

/**
 * An age file could not be decrypted, or an age key or identity file could not be read. The message names what
 * failed (header line, stanza, chunk number, identities' fingerprints); it never carries a secret key, a
 * passphrase or a file key.
 */
public final class AgeFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final AgeFailure failure;

    public AgeFormatException(AgeFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public AgeFormatException(AgeFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** Which part of the file failed. */
    public AgeFailure failure() {
        return failure;
    }
}
