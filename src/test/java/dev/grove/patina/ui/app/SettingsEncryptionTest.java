package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.config.CommandKeyring;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.IdentityFiles;
import dev.grove.patina.crypt.IdentityFiles.WrittenIdentity;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.crypt.X25519Recipient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings tab's encryption in the real console, headless: "Encryption…" → "Generate key pair…" writes an
 * owner-only identity where the (test-answered) save dialog says, the dialog shows its public key (selectable, and
 * Copy puts it on the clipboard) and never a secret key; "Add to recipients" saves the key and the identity path —
 * and no secret — to patina.toml. After a restart "Back up all now" stores encrypted dailies, and "Test decrypt
 * latest" opens the newest and restores it. With two keys configured, "Remove" takes one out (its question names
 * patina rekey), "Remove" on the last offers "Turn encryption off" instead, which keeps the identity; the CLI's
 * loader reads each result from patina.toml; "Turn encryption off…" with a passphrase leaves no [encryption].
 * Writes settings-encryption.png, settings-encryption-keys.png and settings-encryption-remove.png
 * (target/screenshots, or docs/screenshots with {@code -Dpatina.screenshots.update=true}).
 */
class SettingsEncryptionTest {
    @TempDir
    Path dir;
    private ConsoleFixture console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.stop();
        }
    }

    private void openEncryption() throws Exception {
        console.robot.clickOn("Settings");
        WaitForAsyncUtils.waitForFxEvents();
        console.robot.clickOn(console.scrollIntoView("#editEncryption"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void assertNoSecretShown() {
        Node dialog = console.node("#encryptionDialog");
        for (Node n : console.robot.from(dialog).lookup((Node node) -> node instanceof Labeled
                || node instanceof TextInputControl).queryAll()) {
            String text = n instanceof Labeled l ? l.getText() : ((TextInputControl) n).getText();
            assertFalse(text != null && text.contains("AGE-SECRET-KEY"), "a secret key shows: " + text);
        }
    }

    /** Clicks the button {@code text} of the confirmation {@code pane}. */
    private void answer(String pane, String text) {
        Node dialog = console.node(pane);
        console.robot.clickOn(console.robot.from(dialog).lookup((Node n) -> n instanceof Button b
                && text.equals(b.getText())).<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The config as the CLI reads it. */
    private static EncryptionConfig readBack(Path config) {
        return new ConfigLoader(System::getenv, AppDirs.current().dataDir(), CommandKeyring.forThisSystem())
                .load(config).encryption();
    }

    @Test
    void removeAKeyThenTheLastOneTurnsEncryptionOffAndKeepsTheIdentity() throws Exception {
        WrittenIdentity[] keys = new WrittenIdentity[2];
        console = ConsoleFixture.start(dir, Clock.systemUTC(), (title, suggested) -> Optional.empty(), config -> {
            IdentityFiles files = new IdentityFiles();
            keys[0] = files.generate(dir.resolve("keys/age-identity.txt"), java.time.Instant.now());
            keys[1] = files.generate(dir.resolve("offline/recovery.txt"), java.time.Instant.now());
            Files.writeString(config, Files.readString(config) + "\n[encryption]\nrecipients = [\""
                    + keys[0].publicKey() + "\", \"" + keys[1].publicKey() + "\"]\nidentity = \"" + keys[0].file()
                    + "\"\n");
        });
        X25519Recipient mine = X25519Recipient.parse(keys[0].publicKey());
        X25519Recipient recovery = X25519Recipient.parse(keys[1].publicKey());
        openEncryption();
        assertTrue(console.node("#encTurnOff").isVisible());
        assertFalse(console.node("#encExport").isDisabled(), "an identity file to copy");
        assertTrue(console.text("#encExportHint").contains(keys[0].file().toString()), console.text("#encExportHint"));
        assertTrue(console.robot.lookup("#encRemove-" + mine.fingerprint()).tryQuery().isPresent());
        Screenshots.write(console.node("#encryptionDialog").getScene(), "settings-encryption-keys.png");

        console.robot.clickOn("#encRemove-" + recovery.fingerprint());
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane remove = console.robot.lookup("#removeRecipientConfirm").query();
        assertTrue(remove.getContentText().contains("that key still opens them until you run patina rekey"),
                remove.getContentText());
        Screenshots.write(remove.getScene(), "settings-encryption-remove.png");
        answer("#removeRecipientConfirm", "Remove");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#encStatus").startsWith("Removed "));
        assertEquals(List.of(mine), readBack(console.config).recipients(), "patina.toml keeps the other key");
        assertTrue(console.robot.lookup("#encRemove-" + recovery.fingerprint()).tryQuery().isEmpty());

        console.robot.clickOn("#encRemove-" + mine.fingerprint()); // the last: offers turning encryption off
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane last = console.robot.lookup("#lastRecipientConfirm").query();
        assertTrue(last.getContentText().contains("is the only recipient"), last.getContentText());
        assertTrue(last.getContentText().contains("Backups already encrypted stay encrypted and still need the"
                + " identity to be restored"), last.getContentText());
        answer("#lastRecipientConfirm", "Turn encryption off");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#encStatus")
                .startsWith("Encryption turned off"));
        EncryptionConfig read = readBack(console.config);
        assertFalse(read.encrypts(), "new objects are stored unencrypted");
        assertEquals(Optional.of(keys[0].file()), read.identityFile(), "the identity stays for the old objects");
        assertFalse(console.node("#encTurnOff").isVisible());
        assertTrue(console.robot.lookup("stored as written (not encrypted)").tryQuery().isPresent());
        assertNoSecretShown();
        console.robot.clickOn("Close");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#restartNote").contains("encryption"), console.text("#restartNote"));
    }

    @Test
    void turnAPassphraseOffFromTheDialog() throws Exception {
        Path pass = dir.resolve("passphrase");
        console = ConsoleFixture.start(dir, Clock.systemUTC(), (title, suggested) -> Optional.empty(), config -> {
            Files.writeString(pass, "correct horse battery staple\n");
            Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(config, Files.readString(config) + "\n[encryption]\npassphrase = \"file:" + pass
                    + "\"\n");
        });
        openEncryption();
        assertTrue(console.node("#encGenerate").isDisabled(), "age forbids a key beside a passphrase");
        assertTrue(console.node("#encExport").isDisabled());
        assertTrue(console.text("#encExportHint").startsWith("Nothing to export: the passphrase (from file:" + pass),
                console.text("#encExportHint"));
        console.robot.clickOn("#encTurnOff");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane off = console.robot.lookup("#turnOffConfirm").query();
        assertTrue(off.getContentText().contains("keep the passphrase (from file:" + pass + ")"),
                off.getContentText());
        assertFalse(off.getContentText().contains("correct horse"), off.getContentText());
        answer("#turnOffConfirm", "Turn encryption off");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#encStatus")
                .startsWith("Encryption turned off"));
        assertEquals(EncryptionConfig.none(), readBack(console.config), "no [encryption] left: nothing is encrypted");
        assertFalse(Files.readString(console.config).contains("[encryption]"));
        assertFalse(console.node("#encGenerate").isDisabled(), "keys may be added now");
        assertFalse(console.node("#encTurnOff").isVisible());
        console.robot.clickOn("Close");
    }

    @Test
    void generateAKeyPairSaveItBackUpEncryptedAndTestDecrypt() throws Exception {
        Path identity = dir.resolve("keys/age-identity.txt");
        List<Path> asked = new java.util.ArrayList<>();
        console = ConsoleFixture.start(dir, Clock.systemUTC(), (title, suggested) -> {
            asked.add(suggested);
            return Optional.of(identity);
        });
        Path config = console.config;
        openEncryption();
        String warning = console.text("#encryptionWarning");
        assertTrue(warning.startsWith("Without the identity file (or a copy of it) the backups encrypted to its key"
                + " cannot be restored") && warning.contains("Keep a copy offline"), warning);
        assertTrue(console.text("#encNewObjectsOnly").startsWith("Turning encryption on or off, or changing the"
                + " keys, affects new backups only"), console.text("#encNewObjectsOnly"));
        assertTrue(console.node("#encExport").isDisabled(), "no identity file yet");
        assertFalse(console.node("#encGenerated").isVisible());

        console.robot.clickOn("#encGenerate");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !console.robot.lookup("#encPublicKey")
                .<TextField>query().getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, asked.size());
        assertEquals(config.toAbsolutePath().getParent().resolve("age-identity.txt"), asked.get(0),
                "the save dialog proposes a file beside patina.toml");
        TextField shown = console.robot.lookup("#encPublicKey").query();
        List<X25519Identity> ids = AgeIdentityFile.read(identity);
        assertEquals(1, ids.size());
        assertEquals(ids.get(0).recipient().encoded(), shown.getText(), "the dialog shows the file's public key");
        assertFalse(shown.isEditable());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
        assertTrue(console.text("#encStatus").contains(ids.get(0).fingerprint()), console.text("#encStatus"));
        assertNoSecretShown();

        console.robot.clickOn("#encCopyKey");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(shown.getText(), WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(5, TimeUnit.SECONDS));
        Screenshots.write(console.node("#encryptionDialog").getScene(), "settings-encryption.png");

        console.robot.clickOn("#encAddRecipient");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.robot.lookup("#addRecipientConfirm").tryQuery().isPresent());
        console.robot.clickOn("Add");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> console.text("#encStatus").startsWith("Saved"));
        String saved = Files.readString(config);
        assertTrue(saved.contains("recipients = [\"" + ids.get(0).recipient().encoded() + "\"]"), saved);
        assertTrue(saved.contains("identity = \"" + identity + "\""), saved);
        assertFalse(saved.contains("AGE-SECRET-KEY"), "no secret in the config");
        assertTrue(console.robot.lookup(ids.get(0).recipient().encoded() + "\nfingerprint "
                + ids.get(0).fingerprint()).tryQuery().isPresent(), "the dialog lists the new recipient");
        assertNoSecretShown();
        console.robot.clickOn("Close");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(console.text("#restartNote").contains("encryption"), console.text("#restartNote"));

        console.stop(); // an operator's restart: the runtime now encrypts to the new key
        console = ConsoleFixture.restart(config, Clock.systemUTC(), (title, suggested) -> Optional.empty());
        console.robot.clickOn("Dashboard");
        console.backUpAllAndWait();
        // the "Backup finished" notification sits bottom right, over the button, for 8 seconds
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> javafx.stage.Window
                .getWindows().stream().noneMatch(w -> w instanceof javafx.stage.Popup && w.isShowing()))
                .get(5, TimeUnit.SECONDS));
        openEncryption();
        console.robot.clickOn("#encTestDecrypt");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !console.text("#encTestResult").endsWith("…"));
        String result = console.text("#encTestResult");
        assertTrue(result.startsWith("OK: daily/") && result.contains(".age opened with the identity and restored"),
                result);
        assertNoSecretShown();
        // the long verdict can widen the dialog past Monocle's screen on a loaded machine ("bounds are not visible
        // in Scene"): close it by its button, as a keyboard user would, rather than by a click at its position
        console.robot.interact(() -> console.robot.lookup(".button").queryAllAs(javafx.scene.control.Button.class)
                .stream().filter(b -> "Close".equals(b.getText()) && b.isVisible()).findFirst().orElseThrow()
                .fire());
    }
}
