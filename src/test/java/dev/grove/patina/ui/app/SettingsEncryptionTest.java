package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
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
 * latest" opens the newest and restores it. Writes settings-encryption.png (target/screenshots, or docs/screenshots
 * with {@code -Dpatina.screenshots.update=true}).
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
        console.robot.clickOn("Close");
    }
}
