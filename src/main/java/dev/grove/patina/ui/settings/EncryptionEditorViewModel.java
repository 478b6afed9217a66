package dev.grove.patina.ui.settings;

import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.crypt.IdentityFiles.WrittenIdentity;
import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.ui.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Encryption" dialog's screen state: what {@code [encryption]} says (recipients with their fingerprints, or the
 * passphrase by its source; the identity by its path or reference), and its four actions, each in the background:
 * <ul>
 *   <li>"Generate key pair…" asks where to save the identity, writes it owner-only and never over a file (the
 *       service {@code patina key generate} uses), and shows the public key; "Add to recipients" then saves the key
 *       into {@code recipients} and the file as {@code identity}, through {@link dev.grove.patina.settings.SettingsSaver}.</li>
 *   <li>"Export identity…" copies the identity file, owner-only, never over a file.</li>
 *   <li>"Test decrypt latest" verifies the newest encrypted daily with decryption, as {@code patina verify
 *       --decrypt} does.</li>
 * </ul>
 * The secret key is never held here: only the public key, fingerprints and paths are.
 */
public final class EncryptionEditorViewModel {
    static final String IDENTITY_NAME = "age-identity.txt";

    private final SettingsViewModel owner;
    private final EncryptionTools tools;

    private final ObjectProperty<List<String[]>> rows = new SimpleObjectProperty<>(List.of());
    private final StringProperty publicKey = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty statusOk = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty canExport = new SimpleBooleanProperty();
    private final BooleanProperty canGenerate = new SimpleBooleanProperty();
    private final StringProperty testResult = new SimpleStringProperty("");
    private final BooleanProperty testOk = new SimpleBooleanProperty();
    private final BooleanProperty testing = new SimpleBooleanProperty();
    private WrittenIdentity generated;

    EncryptionEditorViewModel(SettingsViewModel owner, EncryptionTools tools) {
        this.owner = owner;
        this.tools = tools;
        show(owner.saved().encryption());
    }

    private void show(EncryptionConfig e) {
        rows.set(SettingsRows.of(e));
        canExport.set(e.identityFile().isPresent());
        canGenerate.set(e.passphrase().isEmpty());
    }

    /** The saved encryption as label/value rows (public keys, fingerprints, references and paths only). */
    public ReadOnlyObjectProperty<List<String[]>> rowsProperty() {
        return rows;
    }

    /**
     * Asks where to save a new identity, then writes it in the background; the public key shows once written.
     * Nothing happens when the operator cancels. Refused while the config encrypts with a passphrase (age forbids
     * a key beside it).
     */
    public void generateKeyPair() {
        if (busy.get()) {
            return;
        }
        if (!canGenerate.get()) {
            fail("Encryption uses a passphrase: age forbids a public key beside it. Remove encryption.passphrase"
                    + " from " + owner.file().getFileName() + " first to encrypt to keys instead.");
            return;
        }
        Optional<Path> chosen = tools.files().chooseSaveFile("Save the new identity (secret key)",
                suggestion(IDENTITY_NAME));
        if (chosen.isEmpty()) {
            return;
        }
        Path out = chosen.get();
        busy.set(true);
        statusOk.set(false);
        status.set("Generating…");
        owner.executor().executeInBackground(() -> tools.identities().generate(out, owner.clock().instant()),
                written -> {
                    busy.set(false);
                    generated = written;
                    publicKey.set(written.publicKey());
                    statusOk.set(true);
                    status.set("Identity written to " + written.file() + " (owner-only). Its public key is below"
                            + " (fingerprint " + written.fingerprint() + "): \"Add to recipients\" encrypts new"
                            + " backups to it and opens them with this file.");
                }, e -> {
                    busy.set(false);
                    fail("Not generated: " + Messages.of(e));
                });
    }

    /** True once a key pair was generated here and not yet added to the recipients. */
    public boolean hasGenerated() {
        return generated != null;
    }

    /**
     * Saves the generated key: its public key is added to {@code [encryption] recipients} and its file becomes the
     * {@code identity} (replacing the one configured: the dialog says so). Written through the settings saver.
     */
    public void addGeneratedToRecipients() {
        if (busy.get() || generated == null) {
            return;
        }
        WrittenIdentity key = generated;
        PatinaConfig base = owner.saved();
        busy.set(true);
        statusOk.set(false);
        status.set("Saving…");
        owner.executor().executeInBackground(() -> {
            EncryptionConfig was = base.encryption();
            List<X25519Recipient> recipients = new ArrayList<>(was.recipients());
            X25519Recipient added = X25519Recipient.parse(key.publicKey());
            if (!recipients.contains(added)) {
                recipients.add(added);
            }
            EncryptionConfig now = new EncryptionConfig(recipients, Optional.empty(), Optional.of(key.file()),
                    Optional.empty());
            PatinaConfig next = ConfigEdits.withEncryption(base, now);
            owner.write(next);
            return next;
        }, next -> {
            busy.set(false);
            generated = null;
            publicKey.set("");
            show(next.encryption());
            owner.encryptionApplied(next);
            statusOk.set(true);
            status.set("Saved: after a restart new backups are encrypted to " + next.encryption().recipients().size()
                    + " public key(s) and opened with " + key.file() + ". Backups already made stay as they are.");
        }, e -> {
            busy.set(false);
            fail("Not saved: " + Messages.of(e));
        });
    }

    /** What "Add to recipients" asks before it saves: what it changes in the config. */
    public String addQuestion() {
        EncryptionConfig e = owner.saved().encryption();
        String old = e.identityFile().map(Path::toString).or(() -> e.identityKey().map(k -> k.source())).orElse(null);
        String s = "Add this public key to [encryption] recipients and use " + (generated == null ? "the new file"
                : generated.file()) + " as the identity. Only new backups are encrypted to it.";
        if (old != null) {
            s += " It replaces the identity " + old + " in " + owner.file().getFileName() + ": keep that one — backups"
                    + " encrypted only to its key open with it alone.";
        }
        return s;
    }

    /** Asks where to copy the configured identity file, then copies it in the background (owner-only, no overwrite). */
    public void exportIdentity() {
        Optional<Path> identity = owner.saved().encryption().identityFile();
        if (busy.get() || identity.isEmpty()) {
            return;
        }
        Path source = identity.get();
        String name = source.getFileName() == null ? IDENTITY_NAME : source.getFileName().toString();
        Optional<Path> chosen = tools.files().chooseSaveFile("Export the identity (secret key)",
                suggestion(name.endsWith(".txt") ? name.substring(0, name.length() - 4) + "-copy.txt" : name + "-copy"));
        if (chosen.isEmpty()) {
            return;
        }
        Path to = chosen.get();
        busy.set(true);
        statusOk.set(false);
        status.set("Exporting…");
        owner.executor().executeInBackground(() -> tools.identities().export(source, to), fingerprints -> {
            busy.set(false);
            statusOk.set(true);
            status.set("Identity copied to " + to.toAbsolutePath() + " (owner-only; key fingerprint "
                    + String.join(", ", fingerprints) + "). Keep this copy offline, away from this machine.");
        }, e -> {
            busy.set(false);
            fail("Not exported: " + Messages.of(e));
        });
    }

    /**
     * Verifies the newest encrypted daily in the catalog with decryption, in the background, through the verifier
     * {@code patina verify --decrypt} uses: it opens the object with the identity Patina started with and restores
     * it. The answer says ok, which key is needed (by fingerprint), or what failed.
     */
    public void testDecryptLatest() {
        if (testing.get()) {
            return;
        }
        testing.set(true);
        testOk.set(false);
        testResult.set("Testing…");
        boolean stale = !owner.saved().encryption().equals(owner.running().encryption());
        owner.executor().executeInBackground(this::decryptLatest, verdict -> {
            testing.set(false);
            String note = stale ? " (tested with the identity Patina started with; restart to use the saved one)"
                    : "";
            if (verdict.isEmpty()) {
                testResult.set("No encrypted daily in the catalog yet: nothing to test. Run a backup with"
                        + " encryption on first." + note);
                return;
            }
            VerifyService.Verdict v = verdict.get();
            testOk.set(v.ok());
            testResult.set(v.ok() ? "OK: " + v.key() + " opened with the identity and restored (" + v.detail()
                    + ")." + note : v.outcome() == VerifyService.Finding.CHECK_FAILED
                    ? "Not opened: " + v.detail() + note : "Failed: " + v.detail() + note);
        }, e -> {
            testing.set(false);
            testResult.set("Test failed: " + Messages.of(e));
        });
    }

    private Optional<VerifyService.Verdict> decryptLatest() throws java.io.IOException {
        Optional<StoredObject> latest = newestEncryptedDaily();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tools.verifier().verify(List.of(latest.get()), RunTrigger.MANUAL, true, v -> {
        }).get(0));
    }

    /** The newest present daily that is encrypted (date, then key, as the catalog orders them). */
    private Optional<StoredObject> newestEncryptedDaily() {
        ObjectQuery q = ObjectQuery.firstPage(500).withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT);
        while (true) {
            Page<StoredObject> page = tools.catalog().findObjects(q);
            for (StoredObject o : page.items()) {
                if (o.encrypted()) {
                    return Optional.of(o);
                }
            }
            if (!page.hasNext()) {
                return Optional.empty();
            }
            q = q.next();
        }
    }

    /** A file beside the config that does not exist yet: {@code name}, else {@code name-2}, {@code name-3}, … */
    private Path suggestion(String name) {
        Path folder = owner.file().toAbsolutePath().getParent();
        Path p = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        for (int i = 2; Files.exists(p) && i < 100; i++) {
            p = folder.resolve(dot > 0 ? name.substring(0, dot) + "-" + i + name.substring(dot) : name + "-" + i);
        }
        return p;
    }

    private void fail(String message) {
        statusOk.set(false);
        status.set(message);
    }

    /** The public key of the key pair just generated ({@code age1…}), empty when none is pending. */
    public ReadOnlyStringProperty publicKeyProperty() {
        return publicKey;
    }

    /** What the last action did, or why it did not. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty statusOkProperty() {
        return statusOk;
    }

    /** True while a key is generated, saved or exported. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True when an identity file is configured (an {@code env:}/{@code keyring:} identity is not a file to copy). */
    public ReadOnlyBooleanProperty canExportProperty() {
        return canExport;
    }

    /** False while a passphrase is configured: age forbids a key beside it. */
    public ReadOnlyBooleanProperty canGenerateProperty() {
        return canGenerate;
    }

    /** The answer of "Test decrypt latest". */
    public ReadOnlyStringProperty testResultProperty() {
        return testResult;
    }

    public ReadOnlyBooleanProperty testOkProperty() {
        return testOk;
    }

    /** True while "Test decrypt latest" runs (the dialog shows a progress indicator). */
    public ReadOnlyBooleanProperty testingProperty() {
        return testing;
    }
}
