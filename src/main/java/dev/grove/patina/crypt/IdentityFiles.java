package dev.grove.patina.crypt;

import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes age identity files, for {@code patina key generate} and the console's encryption settings alike: a new key
 * pair in {@code age-keygen}'s format, or a copy of an existing identity file. Both are written owner-only and whole
 * ({@link AtomicFiles}), and never over an existing file. The secret key is never returned, shown or put in a
 * message: only the public key and its fingerprint leave this class.
 */
public final class IdentityFiles {
    private final SecureRandom random;

    public IdentityFiles(SecureRandom random) {
        this.random = random;
    }

    public IdentityFiles() {
        this(new SecureRandom());
    }

    /**
     * What a new identity file holds, as far as it may be shown.
     *
     * @param file        where the identity (secret key) was written
     * @param publicKey   its recipient, {@code age1…}: what goes into {@code [encryption] recipients}
     * @param fingerprint the public key's fingerprint, as the catalog records it
     */
    public record WrittenIdentity(Path file, String publicKey, String fingerprint) {
    }

    /**
     * Makes an X25519 key pair and writes its identity to {@code out}, owner-only, with {@code created} in its
     * comment; creates missing folders.
     *
     * @throws FileAlreadyExistsException when {@code out} exists: an identity is never overwritten
     */
    public WrittenIdentity generate(Path out, Instant created) throws IOException {
        Path target = out.toAbsolutePath();
        refuseExisting(target, "an identity is never overwritten; choose another file (or move the old one away"
                + " knowingly)");
        X25519Identity identity = X25519Identity.generate(random);
        byte[] text = AgeIdentityFile.format(identity, OffsetDateTime.ofInstant(created, ZoneOffset.UTC))
                .getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(target.getParent());
        refuseExisting(target, "an identity is never overwritten; choose another file");
        AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, o -> o.write(text));
        return new WrittenIdentity(target, identity.recipient().encoded(), identity.fingerprint());
    }

    /**
     * Copies the identity file {@code identity} to {@code to}, byte for byte, owner-only. The source must be an
     * identity file ({@link AgeIdentityFile#parse}); errors name the files, never a key.
     *
     * @return the fingerprints of the keys copied
     * @throws FileAlreadyExistsException when {@code to} exists: nothing is overwritten
     */
    public List<String> export(Path identity, Path to) throws IOException {
        Path source = identity.toAbsolutePath();
        Path target = to.toAbsolutePath();
        if (target.equals(source)) {
            throw new FileAlreadyExistsException(target.toString(), null, "that is the identity file itself;"
                    + " choose another place for the copy");
        }
        refuseExisting(target, "an export never overwrites a file; choose another name");
        if (!Files.isRegularFile(source)) {
            throw new java.nio.file.NoSuchFileException(source.toString(), null, "the identity file named by"
                    + " [encryption] identity does not exist");
        }
        byte[] bytes = Files.readAllBytes(source);
        List<X25519Identity> keys = AgeIdentityFile.parse(new String(bytes, StandardCharsets.UTF_8),
                source.toString());
        Files.createDirectories(target.getParent());
        refuseExisting(target, "an export never overwrites a file; choose another name");
        AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, o -> o.write(bytes));
        java.util.Arrays.fill(bytes, (byte) 0);
        return keys.stream().map(X25519Identity::fingerprint).toList();
    }

    /**
     * Writes an identity held outside a file — the text of an {@code env:} or {@code keyring:} reference, which the
     * config loader resolved — to {@code to} as an identity file in {@code age-keygen}'s format: a comment naming
     * {@code source} and each public key, then the text as it is. Owner-only, whole, never over a file; the text must
     * parse as identities ({@link AgeIdentityFile#parse}); errors name {@code source} and the file, never a key.
     *
     * @param source where the text came from, safe to show ({@code env:NAME}, {@code keyring:NAME})
     * @return the fingerprints of the keys written
     * @throws FileAlreadyExistsException when {@code to} exists: nothing is overwritten
     */
    public List<String> exportText(String text, String source, Path to) throws IOException {
        Path target = to.toAbsolutePath();
        refuseExisting(target, "an export never overwrites a file; choose another name");
        List<X25519Identity> keys = AgeIdentityFile.parse(text, source);
        StringBuilder file = new StringBuilder("# exported by Patina from " + source + "\n");
        for (X25519Identity key : keys) {
            file.append("# public key: ").append(key.recipient().encoded()).append('\n');
        }
        file.append(text.strip()).append('\n');
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        file.setLength(0);
        Files.createDirectories(target.getParent());
        refuseExisting(target, "an export never overwrites a file; choose another name");
        AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, o -> o.write(bytes));
        java.util.Arrays.fill(bytes, (byte) 0);
        return keys.stream().map(X25519Identity::fingerprint).toList();
    }

    /** The fingerprints of the keys in the identity file {@code identity} (never a key); errors name the file. */
    public List<String> fingerprints(Path identity) throws IOException {
        return AgeIdentityFile.read(identity).stream().map(X25519Identity::fingerprint).toList();
    }

    private static void refuseExisting(Path target, String why) throws FileAlreadyExistsException {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists: " + why);
        }
    }
}
