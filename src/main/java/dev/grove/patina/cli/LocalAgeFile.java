package dev.grove.patina.cli;

import dev.grove.patina.app.ConfigLocator;
import dev.grove.patina.app.EncryptionFactory;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.ObjectCipher;
import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dump file on this machine that is an age file (a {@code .age} Patina downloaded with {@code --keep-encrypted},
 * or a dump {@code age -e} encrypted): decrypted with the configured {@code [encryption]} identity into an owner-only
 * temp file that {@link #close()} removes. Any other file is used as it is.
 */
final class LocalAgeFile implements AutoCloseable {
    private final Path plain;
    private final boolean temporary;

    private LocalAgeFile(Path plain, boolean temporary) {
        this.plain = plain;
        this.temporary = temporary;
    }

    /**
     * {@code file} itself, or its decryption in {@code tempDir} when it is an age file.
     *
     * @param config the {@code --config} given, or null for the default one
     */
    static LocalAgeFile open(Path file, Services services, Path config, Path tempDir) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        } catch (IOException e) {
            return new LocalAgeFile(file, false); // the restorer or inspector says what is wrong with it
        }
        if (!ObjectCipher.looksEncrypted(head)) {
            return new LocalAgeFile(file, false);
        }
        ObjectCipher cipher = EncryptionFactory.of(new ConfigLocator(services.dirs(), services.configLoader())
                .locate(config).config().encryption());
        Files.createDirectories(tempDir);
        Path temp = Files.createTempFile(tempDir, ".patina-decrypted-", ".sql");
        boolean done = false;
        try {
            try (InputStream in = cipher.decrypt(file.toString(), List.of(), Files.newInputStream(file))) {
                AtomicFiles.write(temp, AtomicFiles.Access.OWNER_ONLY, out -> in.transferTo(out));
            }
            done = true;
            return new LocalAgeFile(temp, true);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The plain (possibly compressed) dump to read. */
    Path plain() {
        return plain;
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(plain);
        }
    }
}
