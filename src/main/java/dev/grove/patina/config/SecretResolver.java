package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves secret values: {@code env:NAME}, {@code file:/path} (owner-only on POSIX), {@code keyring:NAME}, or plain
 * text with a warning. Errors name the key and the reference, never the value.
 */
final class SecretResolver {
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Function<String, String> env;
    private final SecretStore keyring;
    private final PathResolver paths;
    private boolean plainSecretSeen;

    SecretResolver(Function<String, String> env, SecretStore keyring, PathResolver paths) {
        this.env = env;
        this.keyring = keyring;
        this.paths = paths;
    }

    /** True once a secret written in plain text has been resolved. */
    boolean plainSecretSeen() {
        return plainSecretSeen;
    }

    /** The secret under {@code key}, required. */
    Secret required(TableView t, String key, String context) {
        return optional(t, key).orElseThrow(() -> t.error(key, t.key(key) + " is required" + context));
    }

    /** The secret under {@code key}, when present. */
    Optional<Secret> optional(TableView t, String key) {
        Object raw = t.raw(key);
        if (raw == null) {
            return Optional.empty();
        }
        if (!(raw instanceof String text)) {
            throw t.error(key, t.key(key) + " must be a string: env:NAME, file:/path, keyring:NAME or the secret"
                    + " itself (found " + TableView.typeName(raw) + ")");
        }
        if (text.isBlank()) {
            throw t.error(key, t.key(key) + " must not be empty");
        }
        if (text.startsWith(SecretReferences.ENV)) {
            return Optional.of(fromEnv(t, key, text));
        }
        if (text.startsWith(SecretReferences.FILE)) {
            return Optional.of(fromFile(t, key, text));
        }
        if (text.startsWith(SecretReferences.KEYRING)) {
            return Optional.of(fromKeyring(t, key, text));
        }
        plainSecretSeen = true;
        t.warn(key, t.key(key) + " is written in plain text in the file; prefer env:NAME, file:/path or"
                + " keyring:NAME");
        return Optional.of(new Secret(text, SecretReferences.plainSource(t.file().path().getFileName().toString())));
    }

    private Secret fromEnv(TableView t, String key, String reference) {
        SecretReferences.problem(reference).ifPresent(problem -> {
            throw t.error(key, t.key(key) + ": " + problem);
        });
        String name = reference.substring(SecretReferences.ENV.length());
        String value = env.apply(name);
        if (value == null) {
            throw t.error(key, t.key(key) + " refers to environment variable " + name + ", which is not set");
        }
        if (value.isEmpty()) {
            throw t.error(key, t.key(key) + " refers to environment variable " + name + ", which is empty");
        }
        return new Secret(value, reference);
    }

    private Secret fromFile(TableView t, String key, String reference) {
        SecretReferences.problem(reference).ifPresent(problem -> {
            throw t.error(key, t.key(key) + ": " + problem);
        });
        String pathText = reference.substring(SecretReferences.FILE.length());
        Path path = paths.resolve(t, key, pathText);
        if (!Files.exists(path)) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which is not a regular file");
        }
        Optional<Set<PosixFilePermission>> permissions = posixPermissions(path);
        if (permissions.isPresent() && permissions.get().stream().anyMatch(NOT_OWNER::contains)) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which group or others may access ("
                    + PosixFilePermissions.toString(permissions.get()) + "); allow its owner only: chmod 600 "
                    + path);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which is over " + MAX_FILE_BYTES / 1024
                    + " KiB: not a secret file");
        }
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which is not UTF-8 text");
        }
        value = stripTrailingNewlines(value);
        if (value.isEmpty()) {
            throw t.error(key, t.key(key) + " refers to " + path + ", which is empty");
        }
        return new Secret(value, reference);
    }

    private Secret fromKeyring(TableView t, String key, String reference) {
        SecretReferences.problem(reference).ifPresent(problem -> {
            throw t.error(key, t.key(key) + ": " + problem);
        });
        String name = reference.substring(SecretReferences.KEYRING.length());
        Optional<String> value;
        try {
            value = keyring.lookup(name);
        } catch (KeyringUnavailableException e) {
            throw t.error(key, t.key(key) + " refers to " + reference + ", but the keyring cannot be read: "
                    + e.getMessage());
        }
        if (value.isEmpty() || value.get().isEmpty()) {
            throw t.error(key, t.key(key) + " refers to " + reference + ", but the keyring has no entry for service "
                    + CommandKeyring.SERVICE + ", account " + name);
        }
        return new Secret(value.get(), reference);
    }

    /** The POSIX permissions of {@code path}, or empty on a file system without them. */
    static Optional<Set<PosixFilePermission>> posixPermissions(Path path) {
        try {
            return Optional.of(Files.getPosixFilePermissions(path));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }

    /** True when group or others have any permission on {@code path} (false where POSIX permissions don't exist). */
    static boolean groupOrOthersMayAccess(Path path) {
        return posixPermissions(path).map(p -> p.stream().anyMatch(NOT_OWNER::contains)).orElse(false);
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
