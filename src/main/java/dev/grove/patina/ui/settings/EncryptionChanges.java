package dev.grove.patina.ui.settings;

import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.util.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the encryption dialog's edits make of {@code [encryption]}, and what they ask or say first: removing one
 * recipient, turning encryption off, and where an identity that is no file is held. Pure: no FX, no I/O; texts name
 * keys by their public key and fingerprint and secrets by their reference only.
 */
final class EncryptionChanges {
    static final String ENV = "env:";
    static final String KEYRING = "keyring:";

    private EncryptionChanges() {
    }

    /** True when {@code r} is the one recipient left: removing it would leave new backups with no key. */
    static boolean isLast(EncryptionConfig e, X25519Recipient r) {
        return e.recipients().size() == 1 && e.recipients().contains(r);
    }

    /**
     * {@code e} without the recipient {@code r}; the identity stays (objects already encrypted to {@code r} still
     * need it).
     *
     * @throws IllegalArgumentException when {@code r} is no recipient, or the last one (turn encryption off instead)
     */
    static EncryptionConfig withoutRecipient(EncryptionConfig e, X25519Recipient r) {
        if (!e.recipients().contains(r)) {
            throw new IllegalArgumentException(r.encoded() + " is not in [encryption] recipients");
        }
        if (isLast(e, r)) {
            throw new IllegalArgumentException(r.encoded() + " is the only recipient: new backups need a key to be"
                    + " encrypted to. Turn encryption off instead, or add another key first.");
        }
        List<X25519Recipient> rest = new ArrayList<>(e.recipients());
        rest.remove(r);
        return new EncryptionConfig(rest, Optional.empty(), e.identityFile(), e.identityKey());
    }

    /**
     * {@code e} with encryption off: no recipients, no passphrase; the identity stays, so objects already encrypted
     * to its key still open.
     */
    static EncryptionConfig off(EncryptionConfig e) {
        return new EncryptionConfig(List.of(), Optional.empty(), e.identityFile(), e.identityKey());
    }

    /**
     * What "Remove" asks before it removes {@code r} (not the last recipient); {@code identityKey}: {@code r} is the
     * key of the configured identity, so new backups will no longer open with it.
     */
    static String removeQuestion(EncryptionConfig e, X25519Recipient r, String configName, boolean identityKey) {
        int left = e.recipients().size() - 1;
        String ownKey = !identityKey ? "" : "\n\nThis is the key of the configured identity: new backups will no"
                + " longer open with it. Until identity names the key of a remaining recipient, restoring them, Test"
                + " decrypt latest and the weekly archive (which opens the dailies with the identity) fail for them.";
        return "Remove " + r.encoded() + " (fingerprint " + r.fingerprint() + ") from [encryption] recipients in "
                + configName + "? New backups are no longer encrypted to it, only to the other " + left
                + " public key" + (left == 1 ? "" : "s") + ".\n\nBackups already encrypted to it stay encrypted to it:"
                + " that key still opens them until you run patina rekey, which re-encrypts stored backups to the"
                + " remaining recipients (patina rekey --dry-run lists them). If the key leaked or is lost, run"
                + " patina rekey after this." + ownKey;
    }

    /** What "Remove" on the last recipient says: it cannot go while encryption is on; it offers turning it off. */
    static String lastRecipientQuestion(EncryptionConfig e, X25519Recipient r, String configName) {
        return r.encoded() + " (fingerprint " + r.fingerprint() + ") is the only recipient: while encryption is on,"
                + " new backups need a key to be encrypted to, so it cannot be removed. Add another key first to"
                + " replace it, or turn encryption off.\n\n" + offQuestion(e, configName);
    }

    /** What "Turn encryption off…" asks: new objects unencrypted, existing ones stay encrypted and need their key. */
    static String offQuestion(EncryptionConfig e, String configName) {
        String s = "Turn encryption off? After a restart new backups are stored unencrypted: anyone who can read the"
                + " bucket can read them.\n\n";
        if (e.passphrase().isPresent()) {
            String source = e.passphrase().get().source();
            return s + "Backups already encrypted with the passphrase stay encrypted and still need it to be"
                    + " restored: keep the passphrase (from " + source + "). passphrase is removed from " + configName
                    + ", so Patina cannot open those backups until you put passphrase = \"" + source + "\" back"
                    + " (age -d opens them with the passphrase too).";
        }
        String identity = e.identityFile().map(p -> "keep the identity file " + p + " (it stays in " + configName
                + " as identity)").or(() -> e.identityKey().map(k -> "keep the identity from " + k.source()
                + " (it stays in " + configName + " as identity)")).orElse("no identity is configured here: keep the"
                + " identity file of one of their keys");
        return s + "Backups already encrypted stay encrypted and still need the identity to be restored: " + identity
                + ". The " + e.recipients().size() + " public key" + (e.recipients().size() == 1 ? " is" : "s are")
                + " removed from [encryption] recipients.";
    }

    /**
     * Where the identity that "Export identity…" writes is held, or why there is nothing to export: an identity file
     * by its path, {@code env:}/{@code keyring:} by the variable or entry — never the secret.
     */
    static String exportHint(EncryptionConfig e) {
        if (e.identityFile().isPresent()) {
            return "Copies the identity file " + e.identityFile().get() + " byte for byte to a file you pick,"
                    + " owner-only, never over a file.";
        }
        if (e.identityKey().isPresent()) {
            return "The identity is held in " + holder(e.identityKey().get()) + ", not in a file: Export identity…"
                    + " writes it to a file you pick, owner-only, never over a file.";
        }
        if (e.passphrase().isPresent()) {
            return "Nothing to export: the passphrase (from " + e.passphrase().get().source() + ") opens these"
                    + " backups; keep it safe where it is.";
        }
        return "Nothing to export: no identity is configured ([encryption] identity).";
    }

    /** "environment variable NAME" or "keyring entry NAME (service patina)": where a referenced secret is held. */
    static String holder(Secret s) {
        String source = s.source();
        if (source.startsWith(ENV)) {
            return "environment variable " + source.substring(ENV.length());
        }
        if (source.startsWith(KEYRING)) {
            return "keyring entry " + source.substring(KEYRING.length()) + " (service " + CommandKeyring.SERVICE + ")";
        }
        return source;
    }
}
