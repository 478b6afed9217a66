package dev.grove.patina.ui.settings;

import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.crypt.IdentityFiles;
import dev.grove.patina.ui.restore.FileChooserService;
import java.util.Objects;

/**
 * What the console's encryption settings work with besides the config: the catalog (to find the newest encrypted
 * daily), the verifier {@code patina verify --decrypt} uses (built from the config Patina started with), the
 * "save as" question, and the writer of identity files {@code patina key generate} uses.
 */
public record EncryptionTools(Catalog catalog, VerifyService verifier, FileChooserService files,
                              IdentityFiles identities) {
    public EncryptionTools {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(identities, "identities");
    }
}
