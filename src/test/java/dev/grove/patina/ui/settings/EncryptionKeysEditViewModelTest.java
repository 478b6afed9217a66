package dev.grove.patina.ui.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.IdentityFiles;
import dev.grove.patina.crypt.IdentityFiles.WrittenIdentity;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.settings.SettingsSaver;
import dev.grove.patina.settings.StoreProbe;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption editor's key edits on a real config file, saved through the settings saver and read back with a
 * real {@link ConfigLoader} (what the CLI and the next start read): removing one recipient (the question names
 * {@code patina rekey}), refusing the last one while encryption is on, turning encryption off (keys or passphrase;
 * the identity stays), and exporting an identity held in {@code env:}/{@code keyring:}. No secret in any text.
 */
class EncryptionKeysEditViewModelTest {
    private static final String SECRET = "AGE-SECRET-KEY";
    private static final String IDENTITY_VAR = "PATINA_TEST_AGE_IDENTITY";

    @TempDir
    Path dir;
    private final Deque<Optional<Path>> answers = new ArrayDeque<>();
    private final UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> keyring = new HashMap<>();

    private ConfigLoader loader() {
        return new ConfigLoader(env::get, dir.resolve("data"), name -> Optional.ofNullable(keyring.get(name)));
    }

    /** The editor of {@code config} as this test's loader reads it; catalog and verifier from {@code rt}. */
    private SettingsViewModel settings(PatinaRuntime rt, Path config) {
        EncryptionTools tools = new EncryptionTools(rt.catalog(), rt.verifier(), (title, suggested) -> answers.pop(),
                new IdentityFiles());
        return new SettingsViewModel(loader().load(config), new SettingsSaver(loader()), clock,
                StoreProbe.of(rt.store()), rt.notifier(), new SyncUiExecutor(), tools);
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), "a secret key shows: " + text);
    }

    @Test
    void removeOneRecipientRefuseTheLastThenTurnEncryptionOff() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 5);
        WrittenIdentity mine = new IdentityFiles().generate(dir.resolve("keys/mine.txt"), clock.instant());
        WrittenIdentity recovery = new IdentityFiles().generate(dir.resolve("keys/recovery.txt"), clock.instant());
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            Files.writeString(config, Files.readString(config) + "\n[encryption]\nrecipients = [\""
                    + recovery.publicKey() + "\", \"" + mine.publicKey() + "\"]\nidentity = \"" + mine.file() + "\"\n");
            PatinaConfig first = loader().load(config);
            SettingsViewModel settings = settings(rt, config);
            EncryptionEditorViewModel m = settings.encryptionEditor().orElseThrow();
            X25519Recipient a = X25519Recipient.parse(recovery.publicKey());
            X25519Recipient b = X25519Recipient.parse(mine.publicKey());
            assertEquals(List.of(a, b), m.recipientsProperty().get());
            assertTrue(m.encryptsProperty().get());
            assertEquals(List.of("New objects", "Identity"), m.summaryRowsProperty().get().stream().map(r -> r[0])
                    .toList(), "the dialog lists the recipients itself, each with Remove");

            assertFalse(m.isLastRecipient(a));
            assertTrue(m.removeQuestion(b).contains("This is the key of the configured identity: new backups will no"
                    + " longer open with it"), m.removeQuestion(b));
            String q = m.removeQuestion(a);
            assertFalse(q.contains("configured identity"), q);
            assertTrue(q.contains(a.encoded()) && q.contains(a.fingerprint()), q);
            assertTrue(q.contains("only to the other 1 public key"), q);
            assertTrue(q.contains("stay encrypted to it: that key still opens them until you run patina rekey"), q);
            m.removeRecipient(a);
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Removed " + a.encoded()), m.statusProperty().get());
            EncryptionConfig read = loader().load(config).encryption();
            assertEquals(List.of(b), read.recipients(), "the CLI reads the one key left");
            assertEquals(Optional.of(mine.file()), read.identityFile(), "the identity stays");
            assertEquals(List.of(b), m.recipientsProperty().get());
            assertTrue(settings.restartNoteProperty().get().contains("encryption"),
                    settings.restartNoteProperty().get());
            assertNoSecret(Files.readString(config));

            assertTrue(m.isLastRecipient(b));
            String last = m.removeQuestion(b);
            assertTrue(last.contains("is the only recipient") && last.contains("cannot be removed"), last);
            assertTrue(last.contains("Turn encryption off?"), last);
            byte[] before = Files.readAllBytes(config);
            m.removeRecipient(b); // refused: turning encryption off is the way
            assertFalse(m.statusOkProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Not removed: " + b.encoded() + " is the only recipient"),
                    m.statusProperty().get());
            assertArrayEquals(before, Files.readAllBytes(config), "nothing written");

            String off = m.turnOffQuestion();
            assertTrue(off.contains("new backups are stored unencrypted"), off);
            assertTrue(off.contains("Backups already encrypted stay encrypted and still need the identity to be"
                    + " restored: keep the identity file " + mine.file()), off);
            m.turnEncryptionOff();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Encryption turned off"), m.statusProperty().get());
            PatinaConfig after = loader().load(config);
            assertFalse(after.encryption().encrypts(), "new objects are stored unencrypted");
            assertEquals(new EncryptionConfig(List.of(), Optional.empty(), Optional.of(mine.file()), Optional.empty()),
                    after.encryption(), "the identity stays to open what is already encrypted");
            String text = Files.readString(config);
            assertTrue(text.contains("[encryption]\nidentity = \"" + mine.file() + "\""), text);
            assertFalse(text.contains("recipients"), text);
            assertFalse(m.encryptsProperty().get());
            assertTrue(m.recipientsProperty().get().isEmpty());
            assertEquals("stored as written (not encrypted)", settings.encryptionRowsProperty().get().get(0)[1]);
            assertEquals(first.databases(), after.databases(), "the rest of the config is as it was");
            assertEquals(first.store(), after.store());
            assertEquals(first.schedule(), after.schedule());
        }
    }

    @Test
    void turningAPassphraseOffSaysThePassphraseIsStillNeeded() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 5);
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, "correct horse battery staple\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            Files.writeString(config, Files.readString(config) + "\n[encryption]\npassphrase = \"file:" + pass
                    + "\"\n");
            SettingsViewModel settings = settings(rt, config);
            EncryptionEditorViewModel m = settings.encryptionEditor().orElseThrow();
            assertTrue(m.encryptsProperty().get());
            assertFalse(m.canExportProperty().get());
            assertEquals("Nothing to export: the passphrase (from file:" + pass + ") opens these backups; keep it"
                    + " safe where it is.", m.exportHintProperty().get());
            String q = m.turnOffQuestion();
            assertTrue(q.contains("still need it to be restored: keep the passphrase (from file:" + pass + ")"), q);
            assertTrue(q.contains("until you put passphrase = \"file:" + pass + "\" back"), q);
            assertFalse(q.contains("correct horse"), q);
            m.turnEncryptionOff();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            PatinaConfig after = loader().load(config);
            assertEquals(EncryptionConfig.none(), after.encryption());
            assertFalse(Files.readString(config).contains("[encryption]"), Files.readString(config));
            assertTrue(m.canGenerateProperty().get(), "keys may be added again");
            assertFalse(m.encryptsProperty().get());
        }
    }

    @Test
    void exportsAnIdentityHeldInTheEnvironmentOrTheKeyringNeverOverAFile() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("shop"), 5);
        WrittenIdentity key = new IdentityFiles().generate(dir.resolve("keys/held.txt"), clock.instant());
        String held = Files.readString(key.file());
        X25519Identity identity = AgeIdentityFile.read(key.file()).get(0);
        Files.delete(key.file()); // the identity lives in the environment only
        env.put(IDENTITY_VAR, held);
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            String plain = Files.readString(config);
            Files.writeString(config, plain + "\n[encryption]\nrecipients = [\"" + key.publicKey()
                    + "\"]\nidentity = \"env:" + IDENTITY_VAR + "\"\n");
            EncryptionEditorViewModel m = settings(rt, config).encryptionEditor().orElseThrow();
            assertTrue(m.canExportProperty().get());
            assertEquals("The identity is held in environment variable " + IDENTITY_VAR + ", not in a file: Export"
                    + " identity… writes it to a file you pick, owner-only, never over a file.",
                    m.exportHintProperty().get());

            Path copy = dir.resolve("offline/identity.txt");
            answers.push(Optional.of(copy));
            m.exportIdentity();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertEquals("Identity from environment variable " + IDENTITY_VAR + " written to " + copy
                    + " (owner-only; key fingerprint " + key.fingerprint() + "). Keep this copy offline, away from"
                    + " this machine.", m.statusProperty().get());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            List<X25519Identity> written = AgeIdentityFile.read(copy);
            assertEquals(1, written.size());
            assertEquals(identity.recipient(), written.get(0).recipient(), "the copy opens what the key opens");
            assertTrue(Files.readString(copy).startsWith("# exported by Patina from env:" + IDENTITY_VAR
                    + "\n# public key: " + key.publicKey() + "\n"), Files.readString(copy));

            Files.writeString(copy, "an older copy");
            answers.push(Optional.of(copy));
            m.exportIdentity(); // never over a file
            assertFalse(m.statusOkProperty().get());
            assertTrue(m.statusProperty().get().startsWith("Not exported: "), m.statusProperty().get());
            assertEquals("an older copy", Files.readString(copy));
            assertNoSecret(m.statusProperty().get());

            keyring.put("patina-age", held);
            Files.writeString(config, plain + "\n[encryption]\nrecipients = [\"" + key.publicKey()
                    + "\"]\nidentity = \"keyring:patina-age\"\n");
            m = settings(rt, config).encryptionEditor().orElseThrow();
            assertTrue(m.exportHintProperty().get().startsWith("The identity is held in keyring entry patina-age"
                    + " (service patina), not in a file"), m.exportHintProperty().get());
            Path fromKeyring = dir.resolve("offline/from-keyring.txt");
            answers.push(Optional.of(fromKeyring));
            m.exportIdentity();
            assertTrue(m.statusOkProperty().get(), m.statusProperty().get());
            assertEquals(identity.recipient(), AgeIdentityFile.read(fromKeyring).get(0).recipient());

            env.put(IDENTITY_VAR, "not-an-identity-but-a-secret");
            Files.writeString(config, plain + "\n[encryption]\nrecipients = [\"" + key.publicKey()
                    + "\"]\nidentity = \"env:" + IDENTITY_VAR + "\"\n");
            m = settings(rt, config).encryptionEditor().orElseThrow();
            Path bad = dir.resolve("offline/bad.txt");
            answers.push(Optional.of(bad));
            m.exportIdentity();
            String said = m.statusProperty().get();
            assertTrue(said.startsWith("Not exported: ") && said.contains("env:" + IDENTITY_VAR), said);
            assertFalse(said.contains("not-an-identity-but-a-secret"), said);
            assertFalse(Files.exists(bad), "nothing written");
        }
    }
}
