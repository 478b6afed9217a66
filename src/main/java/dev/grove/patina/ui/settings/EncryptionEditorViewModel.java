package dev.grove.patina.ui.settings;

import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.IdentityFiles.WrittenIdentity;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.crypt.X25519Recipient;
import dev.grove.patina.ui.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 * passphrase by its source; the identity by its path or reference), and its actions, each in the background:
 * <ul>
 *   <li>"Generate key pair…" asks where to save the identity, writes it owner-only and never over a file (the
 *       service {@code patina key generate} uses), and shows the public key; "Add to recipients" then saves the key
 *       into {@code recipients} and the file as {@code identity}, through {@link dev.grove.patina.settings.SettingsSaver}.</li>
 *   <li>"Remove" takes one public key out of {@code recipients} (never the last while encryption is on) and
 *       "Turn encryption off…" removes the recipients or the passphrase, keeping the identity: both apply to new
 *       objects only ({@link EncryptionChanges} says what they change and ask).</li>
 *   <li>"Export identity…" copies the identity file, or writes the identity held in {@code env:}/{@code keyring:}
 *       to a file, owner-only, never over a file.</li>
 *   <li>"Test decrypt latest" verifies the newest encrypted daily with decryption, as {@code patina verify
 *       --decrypt} does ({@link LatestDecryptCheck}).</li>
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
    private final ObjectProperty<List<String[]>> summaryRows = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<List<X25519Recipient>> recipients = new SimpleObjectProperty<>(List.of());
    private final BooleanProperty encrypts = new SimpleBooleanProperty();
    private final StringProperty exportHint = new SimpleStringProperty("");
    private final LatestDecryptCheck check;
    private WrittenIdentity generated;
    /** The fingerprints of the configured identity's keys, read in the background; empty until read, or unreadable. */
    private Set<String> identityKeys = Set.of();

    EncryptionEditorViewModel(SettingsViewModel owner, EncryptionTools tools) {
        this.owner = owner;
        this.tools = tools;
        this.check = new LatestDecryptCheck(owner, tools);
        show(owner.saved().encryption());
        readIdentityKeys(owner.saved().encryption());
    }

    /** Reads which keys the identity holds (for "Remove" to say when it removes the identity's own key). */
    private void readIdentityKeys(EncryptionConfig e) {
        if (e.identityFile().isEmpty() && e.identityKey().isEmpty()) {
            return;
        }
        owner.executor().executeInBackground(() -> e.identityFile().isPresent()
                ? tools.identities().fingerprints(e.identityFile().get())
                : AgeIdentityFile.parse(e.identityKey().get().reveal(), e.identityKey().get().source()).stream()
                        .map(X25519Identity::fingerprint).toList(), keys -> identityKeys = Set.copyOf(keys),
                unreadable -> identityKeys = Set.of());
    }

    private void show(EncryptionConfig e) {
        summaryRows.set(SettingsRows.of(e, false));
        recipients.set(e.recipients());
        encrypts.set(e.encrypts());
        canExport.set(e.identityFile().isPresent() || e.identityKey().isPresent());
        exportHint.set(EncryptionChanges.exportHint(e));
        canGenerate.set(e.passphrase().isEmpty());
        rows.set(SettingsRows.of(e)); // last: the dialog redraws on it, from all of the above
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
        EncryptionConfig was = owner.saved().encryption();
        List<X25519Recipient> list = new ArrayList<>(was.recipients());
        X25519Recipient added;
        try {
            added = X25519Recipient.parse(key.publicKey());
        } catch (java.io.IOException e) {
            fail("Not saved: " + Messages.of(e));
            return;
        }
        if (!list.contains(added)) {
            list.add(added);
        }
        save(new EncryptionConfig(list, Optional.empty(), Optional.of(key.file()), Optional.empty()), next -> {
            generated = null;
            identityKeys = Set.of(key.fingerprint());
            publicKey.set("");
            status.set("Saved: after a restart new backups are encrypted to " + next.recipients().size()
                    + " public key(s) and opened with " + key.file() + ". Backups already made stay as they are.");
        });
    }

    /** The question "Remove" asks about {@code r}: the one to confirm, or, for the last key, turning it off. */
    public String removeQuestion(X25519Recipient r) {
        EncryptionConfig e = owner.saved().encryption();
        String name = owner.file().getFileName().toString();
        return EncryptionChanges.isLast(e, r) ? EncryptionChanges.lastRecipientQuestion(e, r, name)
                : EncryptionChanges.removeQuestion(e, r, name, identityKeys.contains(r.fingerprint()));
    }

    /** True when {@code r} is the only recipient: "Remove" then offers "Turn encryption off" instead. */
    public boolean isLastRecipient(X25519Recipient r) {
        return EncryptionChanges.isLast(owner.saved().encryption(), r);
    }

    /**
     * Removes {@code r} from {@code [encryption] recipients} and saves, in the background. Refused (the status says
     * why) for the last recipient: turning encryption off is the way to stop encrypting.
     */
    public void removeRecipient(X25519Recipient r) {
        if (busy.get()) {
            return;
        }
        EncryptionConfig now;
        try {
            now = EncryptionChanges.withoutRecipient(owner.saved().encryption(), r);
        } catch (IllegalArgumentException e) {
            fail("Not removed: " + e.getMessage());
            return;
        }
        save(now, next -> status.set("Removed " + r.encoded() + " (fingerprint " + r.fingerprint() + "): after a"
                + " restart new backups are encrypted to " + next.recipients().size() + " public key"
                + (next.recipients().size() == 1 ? "" : "s") + ". Backups already encrypted to it still open with it"
                + " until patina rekey re-encrypts them."));
    }

    /** What "Turn encryption off…" asks before it saves. */
    public String turnOffQuestion() {
        return EncryptionChanges.offQuestion(owner.saved().encryption(), owner.file().getFileName().toString());
    }

    /**
     * Turns encryption off: removes the recipients or the passphrase from {@code [encryption]} and keeps the
     * identity, in the background. New objects are stored unencrypted after a restart; stored ones stay as they are.
     */
    public void turnEncryptionOff() {
        if (busy.get() || !encrypts.get()) {
            return;
        }
        save(EncryptionChanges.off(owner.saved().encryption()), next -> status.set("Encryption turned off: after a"
                + " restart new backups are stored unencrypted. Backups already encrypted stay encrypted and still need"
                + " " + (next.canDecrypt() ? "the identity" : "their key or passphrase") + " to be restored."));
    }

    /**
     * Saves {@code now} as {@code [encryption]} through the settings saver, in the background; then the dialog and
     * the tab show it and {@code said} sets the status (on the GUI thread).
     */
    private void save(EncryptionConfig now, Consumer<EncryptionConfig> said) {
        PatinaConfig base = owner.saved();
        busy.set(true);
        statusOk.set(false);
        status.set("Saving…");
        owner.executor().executeInBackground(() -> {
            PatinaConfig next = ConfigEdits.withEncryption(base, now);
            owner.write(next);
            return next;
        }, next -> {
            busy.set(false);
            show(next.encryption());
            owner.encryptionApplied(next);
            statusOk.set(true);
            said.accept(next.encryption());
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

    /**
     * Asks where to write the identity, then writes it in the background, owner-only, never over a file: a copy of
     * the identity file, or the identity held in {@code env:}/{@code keyring:} (the config loader resolved it).
     */
    public void exportIdentity() {
        EncryptionConfig e = owner.saved().encryption();
        if (busy.get() || !canExport.get()) {
            return;
        }
        String name = e.identityFile().map(Path::getFileName).map(Path::toString).orElse(IDENTITY_NAME);
        Optional<Path> chosen = tools.files().chooseSaveFile("Export the identity (secret key)",
                suggestion(name.endsWith(".txt") ? name.substring(0, name.length() - 4) + "-copy.txt" : name + "-copy"));
        if (chosen.isEmpty()) {
            return;
        }
        Path to = chosen.get();
        busy.set(true);
        statusOk.set(false);
        status.set("Exporting…");
        owner.executor().executeInBackground(() -> e.identityFile().isPresent()
                ? tools.identities().export(e.identityFile().get(), to)
                : tools.identities().exportText(e.identityKey().get().reveal(), e.identityKey().get().source(), to),
                fingerprints -> {
                    busy.set(false);
                    statusOk.set(true);
                    status.set("Identity " + (e.identityFile().isPresent() ? "copied" : "from "
                            + EncryptionChanges.holder(e.identityKey().get()) + " written") + " to "
                            + to.toAbsolutePath() + " (owner-only; key fingerprint " + String.join(", ", fingerprints)
                            + "). Keep this copy offline, away from this machine.");
                }, x -> {
                    busy.set(false);
                    fail("Not exported: " + Messages.of(x));
                });
    }

    /**
     * Verifies the newest encrypted daily in the catalog with decryption, in the background, as {@code patina verify
     * --decrypt} does; the answer says ok, which key is needed (by fingerprint), or what failed.
     */
    public void testDecryptLatest() {
        check.run();
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

    /** True when an identity is configured: a file to copy, or one held in {@code env:}/{@code keyring:}. */
    public ReadOnlyBooleanProperty canExportProperty() {
        return canExport;
    }

    /** What "Export identity…" writes and where that identity is held, or why there is nothing to export. */
    public ReadOnlyStringProperty exportHintProperty() {
        return exportHint;
    }

    /** {@link #rowsProperty()} without a row per recipient: the dialog lists those with their "Remove". */
    public ReadOnlyObjectProperty<List<String[]>> summaryRowsProperty() {
        return summaryRows;
    }

    /** The saved recipients (public keys), each with its "Remove". */
    public ReadOnlyObjectProperty<List<X25519Recipient>> recipientsProperty() {
        return recipients;
    }

    /** True while new objects are encrypted (to recipients or a passphrase): "Turn encryption off…" is offered. */
    public ReadOnlyBooleanProperty encryptsProperty() {
        return encrypts;
    }

    /** False while a passphrase is configured: age forbids a key beside it. */
    public ReadOnlyBooleanProperty canGenerateProperty() {
        return canGenerate;
    }

    /** The answer of "Test decrypt latest". */
    public ReadOnlyStringProperty testResultProperty() {
        return check.result;
    }

    public ReadOnlyBooleanProperty testOkProperty() {
        return check.ok;
    }

    /** True while "Test decrypt latest" runs (the dialog shows a progress indicator). */
    public ReadOnlyBooleanProperty testingProperty() {
        return check.testing;
    }
}
