package dev.grove.patina.crypt;

/**
 * Someone a file is encrypted to: an X25519 public key ({@code age1…}), or a passphrase (scrypt). age allows any
 * number of X25519 recipients per file, but a passphrase only alone.
 */
public sealed interface AgeRecipient permits X25519Recipient, ScryptRecipient {
    /**
     * A short public name of this recipient for messages and the catalog: for X25519, the first 8 bytes of the
     * SHA-256 of the {@code age1…} string, in hex (16 characters); for a passphrase, the word {@code passphrase}.
     */
    String fingerprint();
}
