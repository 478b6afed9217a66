package dev.grove.patina.crypt;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypts to a fixed set of recipients in the age v1 format: any number of X25519 recipients, or exactly one
 * passphrase. {@link #encrypt(OutputStream)} writes the header at once and returns a stream that encrypts what is
 * written to it in 64 KiB chunks (memory stays bounded whatever the size); closing it writes the final chunk and
 * closes the sink.
 */
public final class AgeEncryptor {
    private final List<AgeRecipient> recipients;
    private final SecureRandom random;

    /** An encryptor for {@code recipients}, refusing a passphrase beside any other recipient as age does. */
    public AgeEncryptor(List<? extends AgeRecipient> recipients) {
        this(recipients, new SecureRandom());
    }

    public AgeEncryptor(List<? extends AgeRecipient> recipients, SecureRandom random) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no age recipients: give X25519 recipients (age1…) or one passphrase");
        }
        long passphrases = recipients.stream().filter(r -> r instanceof ScryptRecipient).count();
        if (passphrases > 0 && recipients.size() > 1) {
            throw new IllegalArgumentException("age forbids a passphrase beside any other recipient (an scrypt stanza"
                    + " must be alone in the header): got " + passphrases + " passphrase(s) and "
                    + (recipients.size() - passphrases) + " X25519 recipient(s); use either X25519 recipients or one"
                    + " passphrase");
        }
        this.recipients = List.copyOf(recipients);
        this.random = random;
    }

    /** The fingerprints of the recipients, in order (see {@link AgeRecipient#fingerprint()}). */
    public List<String> fingerprints() {
        return recipients.stream().map(AgeRecipient::fingerprint).toList();
    }

    /** Writes the header and payload nonce to {@code sink}; returns the stream to write the plaintext to. */
    public OutputStream encrypt(OutputStream sink) throws IOException {
        byte[] fileKey = new byte[AgePrimitives.FILE_KEY_SIZE];
        random.nextBytes(fileKey);
        try {
            List<AgeStanza> stanzas = new ArrayList<>(recipients.size());
            for (AgeRecipient r : recipients) {
                if (r instanceof X25519Recipient x) {
                    stanzas.add(x.wrap(fileKey, random));
                } else if (r instanceof ScryptRecipient s) {
                    stanzas.add(s.wrap(fileKey, random));
                }
            }
            AgeHeader.sealed(stanzas, fileKey).writeTo(sink);
            byte[] nonce = new byte[PayloadCipher.NONCE_SIZE];
            random.nextBytes(nonce);
            sink.write(nonce);
            return new PayloadEncryptingStream(sink, new PayloadCipher(fileKey, nonce));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "AgeEncryptor" + recipients;
    }
}
