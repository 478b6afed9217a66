package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.IdentityFiles;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption editor on a real config, a real runtime (catalog, verifier, local store) and real identity files:
 * generate (owner-only, never over a file), add to the recipients (saved through the settings saver, no secret in
 * the file), export (a byte-equal owner-only copy, never over a file), and "Test decrypt latest" — nothing to test,
 * ok with the right identity, and the needed fingerprint with a wrong one. No secret key appears in any text.
 */
class EncryptionEditorViewModelTest {
    private static final String SECRET = "AGE-SECRET-KEY";

    @TempDir
    Path dir;
    private final Deque<Optional<Path>> answers = new ArrayDeque<>();
    private final UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));

    private SettingsViewModel settings(PatinaRuntime rt) {
        EncryptionTools tools = new EncryptionTools(rt.catalog(), rt.verifier(), (title, suggested) -> answers.pop(),
                new IdentityFiles());
        return new SettingsViewModel(rt.config(), new SettingsSaver(rt.core().configLoader()), clock,
                StoreProbe.of(rt.store()), rt.notifier(), new SyncUiExecutor(), tools);
    }

    private static String rows(EncryptionEditorViewModel m) {
        return m.rowsProperty().get().stream().map(r -> r[0] + ": " + r[1]).collect(Collectors.joining("\n"));
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), "a secret key shows: " + text);
    }

    @Test
    void generateAddExportThenTestDecryptTheNewestEncryptedDaily() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 40);
        Path identity = dir.resolve("keys/age-identity.txt");
        String publicKey;
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            rt.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE); // a plain daily
            SettingsViewModel settings = settings(rt);
            EncryptionEditorViewModel m = settings.encryptionEditor().orElseThrow();
            assertEquals("New objects: stored as written (not encrypted)\nIdentity: none configured: encrypted"
                    + " objects cannot be opened here", rows(m));
            assertFalse(m.canExportProperty().get(), "no identity file to export");

            m.testDecryptLatest();
            assertFalse(m.testOkProperty().get());
            assertTrue(m.testResultProperty().get().startsWith("No encrypted daily in the catalog yet"),
                    m.testResultProperty().get());

            answers.push(Optional.empty()); // the operator cancels the save dialog
            m.generateKeyPair();
            assertEquals("", m.publicKeyProperty().get());
            assertFalse(Files.exists(identity));

            answers.push(Optional.of(identity));
            m.generateKeyPair();
            List<X25519Identity> ids = AgeIdentityFile.read(identity);
            assertEquals(1, ids.size());
            publicKey = ids.get(0).recipient().encoded();
            assertEquals(publicKey, m.publicKeyProperty().get(), "the dialog shows the file's public key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
            assertTrue(m.statusOkProperty().get());
            assertTrue(m.statusProperty().get().contains(ids.get(0).fingerprint()), m.statusProperty().get());
            assertNoSecret(m.statusProperty().get());

            byte[] before = Files.readAllBytes(identity);
            answers.push(Optional.of(identity));
            m.generateKeyPair(); // never over an existing identity
            assertFalse(m.statusOkProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Not generated: "), m.statusProperty().get());
            assertTrue(m.statusProperty().get().contains("never overwritten"), m.statusProperty().get());
            assertArrayEquals(before, Files.readAllBytes(identity));
            assertEquals(publicKey, m.publicKeyProperty().get(), "the first key still waits to be added");

            assertTrue(m.addQuestion().contains(identity.toString()), m.addQuestion());
            m.addGeneratedToRecipients();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertEquals("", m.publicKeyProperty().get());
            String saved = Files.readString(config);
            assertTrue(saved.contains("[encryption]"), saved);
            assertTrue(saved.contains("recipients = [\"" + publicKey + "\"]"), saved);
            assertTrue(saved.contains("identity = \"" + identity + "\""), saved);
            assertNoSecret(saved);
            assertEquals("New objects: encrypted (age) to 1 public key\nRecipients: " + publicKey + "\nfingerprint "
                    + ids.get(0).fingerprint() + "\nIdentity: " + identity, rows(m));
            assertEquals(m.rowsProperty().get().size(), settings.encryptionRowsProperty().get().size());
            assertTrue(settings.restartNoteProperty().get().contains("encryption"),
                    settings.restartNoteProperty().get());
            assertTrue(m.canExportProperty().get());

            Path copy = dir.resolve("offline/identity-copy.txt");
            answers.push(Optional.of(copy));
            m.exportIdentity();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertArrayEquals(Files.readAllBytes(identity), Files.readAllBytes(copy));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            assertNoSecret(m.statusProperty().get());
            Files.writeString(copy, "an older copy");
            answers.push(Optional.of(copy));
            m.exportIdentity(); // never over a file
            assertTrue(m.statusProperty().get().startsWith("Not exported: "), m.statusProperty().get());
            assertEquals("an older copy", Files.readString(copy));

            m.testDecryptLatest(); // the running console still stores plain dailies
            assertTrue(m.testResultProperty().get().contains("restart to use the saved one"),
                    m.testResultProperty().get());
        }

        clock.advance(Duration.ofDays(1));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) { // restarted: encrypts to the new key
            rt.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
            EncryptionEditorViewModel m = settings(rt).encryptionEditor().orElseThrow();
            m.testDecryptLatest();
            assertTrue(m.testOkProperty().get(), m.testResultProperty().get());
            assertTrue(m.testResultProperty().get().startsWith("OK: daily/2026-11-28/shop.sql.zst.age opened"),
                    m.testResultProperty().get());
            assertFalse(m.testingProperty().get());
        }

        Path other = dir.resolve("keys/other.txt");
        X25519Identity right = AgeIdentityFile.read(identity).get(0);
        new IdentityFiles().generate(other, clock.instant());
        Files.writeString(config, Files.readString(config).replace(identity.toString(), other.toString()));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) { // a wrong identity: says which key is needed
            EncryptionEditorViewModel m = settings(rt).encryptionEditor().orElseThrow();
            m.testDecryptLatest();
            assertFalse(m.testOkProperty().get());
            String said = m.testResultProperty().get();
            assertTrue(said.startsWith("Not opened: "), said);
            assertTrue(said.contains(right.fingerprint()), said);
            assertNoSecret(said);
        }
    }

    @Test
    void aPassphraseConfigOffersNoKeyPair() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 5);
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, "correct horse battery staple\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(config, Files.readString(config) + "\n[encryption]\npassphrase = \"file:" + pass + "\"\n");
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            EncryptionEditorViewModel m = settings(rt).encryptionEditor().orElseThrow();
            assertEquals("New objects: encrypted (age) with the passphrase from file:" + pass
                    + "\nIdentity: the passphrase", rows(m));
            assertFalse(m.canGenerateProperty().get());
            assertFalse(m.canExportProperty().get());
            m.generateKeyPair();
            assertTrue(m.statusProperty().get().contains("age forbids a public key beside it"),
                    m.statusProperty().get());
            assertTrue(answers.isEmpty(), "no file was asked for");
            assertFalse(rows(m).contains("correct horse"));
        }
    }
}
