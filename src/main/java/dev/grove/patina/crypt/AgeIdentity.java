package dev.grove.patina.crypt;

/**
 * What opens a file: an X25519 secret key ({@code AGE-SECRET-KEY-1…}) or a passphrase. Its {@code toString} names
 * only the public side (recipient and fingerprint), never the secret.
 */
public sealed interface AgeIdentity permits X25519Identity, ScryptIdentity {
    /** The fingerprint of the recipient this identity opens (see {@link AgeRecipient#fingerprint()}). */
    String fingerprint();
}
