package dev.grove.patina.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing an identity held outside a file ({@code env:}/{@code keyring:} text) as an identity file: age-keygen's
 * format that {@link AgeIdentityFile} (and age) reads, owner-only, never over a file, errors without the text; and
 * the fingerprints of an identity file's keys.
 */
class IdentityFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesHeldTextAsAnOwnerOnlyIdentityFileNeverOverAFile() throws Exception {
        IdentityFiles files = new IdentityFiles();
        IdentityFiles.WrittenIdentity made = files.generate(dir.resolve("made.txt"), Instant.EPOCH);
        X25519Identity key = AgeIdentityFile.read(made.file()).get(0);
        String bare = key.encodedSecret(); // one line, as an environment variable often holds it

        Path out = dir.resolve("export/identity.txt");
        assertEquals(List.of(made.fingerprint()), files.exportText(bare, "env:AGE_ID", out));
        assertEquals("# exported by Patina from env:AGE_ID\n# public key: " + made.publicKey() + "\n" + bare + "\n",
                Files.readString(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(List.of(made.fingerprint()), files.fingerprints(out));

        Files.writeString(out, "kept");
        assertThrows(FileAlreadyExistsException.class, () -> files.exportText(bare, "env:AGE_ID", out));
        assertEquals("kept", Files.readString(out));
    }

    @Test
    void textThatIsNoIdentityFailsNamingItsSourceNotItsText() {
        Path out = dir.resolve("bad.txt");
        IOException e = assertThrows(IOException.class, () -> new IdentityFiles().exportText("hunter2-secret-text",
                "keyring:patina-age", out));
        assertTrue(e.getMessage().contains("keyring:patina-age"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
