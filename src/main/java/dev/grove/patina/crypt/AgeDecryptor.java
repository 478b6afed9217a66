package dev.grove.patina.crypt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decrypts age v1 files, binary or ASCII-armored, with a set of identities (X25519 secret keys and/or a passphrase).
 * {@link #decrypt(InputStream)} reads and checks the header at once (a wrong key, a malformed or altered header
 * fail there) and returns a stream that decrypts as it is read, chunk by chunk, and fails with an
 * {@link AgeFormatException} on a truncated, altered or extended payload. Errors name what failed and the
 * identities' fingerprints, never a key, passphrase or file key.
 */
public final class AgeDecryptor {
    private static final int ARMOR_PEEK = 1024;

    private final List<AgeIdentity> identities;

    public AgeDecryptor(List<? extends AgeIdentity> identities) {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("no age identities: give an identity file's keys or a passphrase");
        }
        this.identities = List.copyOf(identities);
    }

    /** A decryptor for passphrase-encrypted files. */
    public static AgeDecryptor withPassphrase(AgePassphrase passphrase) {
        return new AgeDecryptor(List.of(new ScryptIdentity(passphrase)));
    }

    /** Parses the header of {@code source}, unwraps the file key and returns the plaintext stream. */
    public InputStream decrypt(InputStream source) throws IOException {
        InputStream in = new BufferedInputStream(source, 8192);
        if (isArmored(in)) {
            in = new BufferedInputStream(new ArmoredInputStream(in), 8192);
        }
        AgeHeader header = new AgeHeaderReader(in).read();
        List<AgeStanza> stanzas = header.stanzas();
        if (stanzas.size() > 1 && stanzas.stream().anyMatch(s -> s.type().equals(ScryptRecipient.STANZA_TYPE))) {
            throw new AgeFormatException(AgeFailure.HEADER, "invalid age header: an scrypt (passphrase) stanza"
                    + " stands beside " + (stanzas.size() - 1) + " other stanza(s), which age forbids");
        }
        byte[] fileKey = unwrap(stanzas);
        try {
            if (fileKey.length != AgePrimitives.FILE_KEY_SIZE) {
                throw new AgeFormatException(AgeFailure.HEADER, "invalid age header: unwrapped file key has "
                        + fileKey.length + " bytes instead of 16");
            }
            if (!header.macMatches(fileKey)) {
                throw new AgeFormatException(AgeFailure.HMAC, "the age header's MAC does not match: the header"
                        + " was altered or damaged");
            }
            byte[] nonce = in.readNBytes(PayloadCipher.NONCE_SIZE);
            if (nonce.length != PayloadCipher.NONCE_SIZE) {
                throw new AgeFormatException(AgeFailure.HEADER, "the age file ends " + nonce.length
                        + " bytes into the 16-byte payload nonce: the file is truncated");
            }
            return new PayloadDecryptingStream(in, new PayloadCipher(fileKey, nonce));
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }

    /**
     * A binary age file starts with its version line; one with a PEM BEGIN line in its first KiB is ASCII armor
     * ({@code age -a}), and anything else is not an age file.
     */
    private static boolean isArmored(InputStream in) throws IOException {
        in.mark(ARMOR_PEEK);
        byte[] head = in.readNBytes(ARMOR_PEEK);
        in.reset();
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String prefix = "age-encryption.org/";
        if (text.startsWith(prefix)) {
            return false;
        }
        if (text.contains("-----BEGIN") || text.contains("----- BEGIN")) {
            return true;
        }
        if (!text.isEmpty() && !prefix.startsWith(text)) {
            throw new AgeFormatException(AgeFailure.HEADER, "invalid age header: not an age file: it does not"
                    + " start with the age-encryption.org/v1 version line");
        }
        return false;
    }

    private byte[] unwrap(List<AgeStanza> stanzas) throws AgeFormatException {
        for (AgeIdentity identity : identities) {
            for (AgeStanza stanza : stanzas) {
                Optional<byte[]> key = identity instanceof X25519Identity x ? x.unwrap(stanza)
                        : ((ScryptIdentity) identity).unwrap(stanza);
                if (key.isPresent()) {
                    return key.get();
                }
            }
        }
        throw new AgeFormatException(AgeFailure.NO_MATCH, noMatchMessage(stanzas));
    }

    private String noMatchMessage(List<AgeStanza> stanzas) {
        long x25519 = stanzas.stream().filter(s -> s.type().equals(X25519Recipient.STANZA_TYPE)).count();
        boolean scrypt = stanzas.stream().anyMatch(s -> s.type().equals(ScryptRecipient.STANZA_TYPE));
        long others = stanzas.size() - x25519 - (scrypt ? 1 : 0);
        StringBuilder sb = new StringBuilder("no identity matches: the file is encrypted ");
        if (scrypt) {
            sb.append("with a passphrase");
        } else {
            sb.append("to ").append(x25519).append(" X25519 recipient(s)");
            if (others > 0) {
                sb.append(" and ").append(others).append(" recipient(s) of other types ")
                        .append(stanzas.stream().map(AgeStanza::type)
                                .filter(t -> !t.equals(X25519Recipient.STANZA_TYPE)).distinct().toList());
            }
        }
        List<String> keys = identities.stream().filter(i -> i instanceof X25519Identity)
                .map(AgeIdentity::fingerprint).toList();
        boolean passphrase = identities.stream().anyMatch(i -> i instanceof ScryptIdentity);
        sb.append("; tried ");
        if (!keys.isEmpty()) {
            sb.append("X25519 identities with fingerprints ").append(String.join(", ", keys));
        }
        if (passphrase) {
            sb.append(keys.isEmpty() ? "" : " and ").append(scrypt ? "a passphrase, which is wrong" : "a passphrase");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "AgeDecryptor" + identities;
    }
}
