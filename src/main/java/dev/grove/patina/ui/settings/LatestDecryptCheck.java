package dev.grove.patina.ui.settings;

import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.ui.common.Messages;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The encryption dialog's "Test decrypt latest": verifies the newest encrypted daily in the catalog with decryption,
 * in the background, through the verifier {@code patina verify --decrypt} uses — it opens the object with the
 * identity Patina started with and restores it. The answer says ok, which key is needed (by fingerprint), or what
 * failed.
 */
final class LatestDecryptCheck {
    private final SettingsViewModel owner;
    private final EncryptionTools tools;
    final StringProperty result = new SimpleStringProperty("");
    final BooleanProperty ok = new SimpleBooleanProperty();
    final BooleanProperty testing = new SimpleBooleanProperty();

    LatestDecryptCheck(SettingsViewModel owner, EncryptionTools tools) {
        this.owner = owner;
        this.tools = tools;
    }

    void run() {
        if (testing.get()) {
            return;
        }
        testing.set(true);
        ok.set(false);
        result.set("Testing…");
        boolean stale = !owner.saved().encryption().equals(owner.running().encryption());
        owner.executor().executeInBackground(this::decryptLatest, verdict -> {
            testing.set(false);
            String note = stale ? " (tested with the identity Patina started with; restart to use the saved one)"
                    : "";
            if (verdict.isEmpty()) {
                result.set("No encrypted daily in the catalog yet: nothing to test. Run a backup with"
                        + " encryption on first." + note);
                return;
            }
            VerifyService.Verdict v = verdict.get();
            ok.set(v.ok());
            result.set(v.ok() ? "OK: " + v.key() + " opened with the identity and restored (" + v.detail()
                    + ")." + note : v.outcome() == VerifyService.Finding.CHECK_FAILED
                    ? "Not opened: " + v.detail() + note : "Failed: " + v.detail() + note);
        }, e -> {
            testing.set(false);
            result.set("Test failed: " + Messages.of(e));
        });
    }

    private Optional<VerifyService.Verdict> decryptLatest() throws IOException {
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
}
