package dev.grove.patina.app;

import dev.grove.patina.backup.ObjectCipher;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.AgeIdentity;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.AgePassphrase;
import dev.grove.patina.crypt.ScryptIdentity;
import dev.grove.patina.crypt.ScryptRecipient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ObjectCipher} of {@code [encryption]}: new objects are encrypted to the recipients (or the
 * passphrase); objects are opened with the identity — read from its file when first needed, then kept — and/or the
 * passphrase. Messages name the file or the reference, never the key.
 */
public final class EncryptionFactory {
    private EncryptionFactory() {
    }

    /** The cipher of {@code config}; reads no identity yet. */
    public static ObjectCipher of(EncryptionConfig config) {
        AgeEncryptor encryptor = null;
        if (!config.recipients().isEmpty()) {
            encryptor = new AgeEncryptor(config.recipients());
        } else if (config.passphrase().isPresent()) {
            encryptor = new AgeEncryptor(List.of(new ScryptRecipient(
                    AgePassphrase.of(config.passphrase().get().reveal()))));
        }
        return new ObjectCipher(encryptor, new Identities(config));
    }

    /** Reads the identity once, on first use, so a machine that only encrypts never touches it. */
    private static final class Identities implements ObjectCipher.IdentitySupply {
        private final EncryptionConfig config;
        private List<AgeIdentity> read;

        Identities(EncryptionConfig config) {
            this.config = config;
        }

        @Override
        public synchronized List<AgeIdentity> identities() throws IOException {
            if (read == null) {
                List<AgeIdentity> ids = new ArrayList<>();
                if (config.identityFile().isPresent()) {
                    ids.addAll(file(config.identityFile().get()));
                }
                if (config.identityKey().isPresent()) {
                    ids.addAll(AgeIdentityFile.parse(config.identityKey().get().reveal(),
                            config.identityKey().get().source()));
                }
                config.passphrase().ifPresent(p -> ids.add(new ScryptIdentity(AgePassphrase.of(p.reveal()))));
                read = List.copyOf(ids);
            }
            return read;
        }

        private static List<? extends AgeIdentity> file(Path path) throws IOException {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "the age identity file named by [encryption]"
                        + " identity does not exist");
            }
            return AgeIdentityFile.read(path);
        }
    }
}
