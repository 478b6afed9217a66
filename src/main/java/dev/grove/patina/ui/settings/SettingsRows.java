package dev.grove.patina.ui.settings;

import dev.grove.patina.config.AlertsConfig;
import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.EncryptionConfig;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.config.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Settings tab's read-only texts: the store and the alerts as rows (secrets only by their source), notes. */
final class SettingsRows {
    private SettingsRows() {
    }

    /** The store as label/value rows; a secret only by its source. */
    static List<String[]> of(StoreConfig store) {
        List<String[]> rows = new ArrayList<>();
        if (store instanceof S3StoreConfig s3) {
            rows.add(new String[] {"Type", "S3-compatible (R2, S3, MinIO)"});
            rows.add(new String[] {"Endpoint", s3.endpoint().toString()});
            rows.add(new String[] {"Bucket", s3.bucket()});
            rows.add(new String[] {"Region", s3.region()});
            rows.add(new String[] {"Prefix", s3.prefix().isEmpty() ? "(none)" : s3.prefix()});
            rows.add(new String[] {"Access key id", s3.accessKeyId()});
            rows.add(new String[] {"Secret key", "from " + s3.secretAccessKey().source()});
        } else if (store instanceof LocalStoreConfig local) {
            rows.add(new String[] {"Type", "Local folder"});
            rows.add(new String[] {"Path", local.path().toString()});
            rows.add(new String[] {"Prefix", local.prefix().isEmpty() ? "(none)" : local.prefix()});
        }
        return List.copyOf(rows);
    }

    /**
     * {@code [cluster]} as label/value rows (the password only by its source), or one "Stand-alone" row without it:
     * the PostgreSQL a cluster node shares its schedule and catalog on (issue 17, ADR 0029).
     */
    static List<String[]> of(Optional<ClusterConfig> cluster) {
        if (cluster.isEmpty()) {
            return List.<String[]>of(new String[] {"Stand-alone", "this console and patina daemon run the schedule themselves"
                    + " and keep the local catalog. Add a cluster to make this config a node of one."});
        }
        ClusterConfig c = cluster.get();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PostgreSQL", c.hostPort()});
        rows.add(new String[] {"User", c.user()});
        rows.add(new String[] {"Password", "from " + c.password().source()});
        rows.add(new String[] {"Node name", c.node().orElse("this machine's host name")});
        rows.add(new String[] {"This console", "shows the cluster's catalog; the cluster's daemons run the schedule."
                + " A change takes effect at the next start."});
        return List.copyOf(rows);
    }

    /** The alerts as label/value rows; the webhook URL only by its source. */
    static List<String[]> of(AlertsConfig a) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Webhook", a.webhookUrl().map(u -> "from " + u.source())
                .orElse("none configured (no alerts)")});
        rows.add(new String[] {"Format", a.format().id()});
        rows.add(new String[] {"Successful runs", a.onSuccess() ? "reported too" : "not reported (failures only)"});
        return List.copyOf(rows);
    }

    /**
     * The encryption as label/value rows: whether new objects are encrypted and to what (each public key with its
     * fingerprint, or the passphrase by its source), and what opens them (the identity file's path or the
     * reference). Never a key or a passphrase.
     */
    static List<String[]> of(EncryptionConfig e) {
        return of(e, true);
    }

    /** {@link #of(EncryptionConfig)}, without a row per recipient when {@code withRecipients} is false. */
    static List<String[]> of(EncryptionConfig e, boolean withRecipients) {
        List<String[]> rows = new ArrayList<>();
        if (!e.recipients().isEmpty()) {
            rows.add(new String[] {"New objects", "encrypted (age) to " + e.recipients().size() + " public key"
                    + (e.recipients().size() == 1 ? "" : "s")});
            for (int i = 0; withRecipients && i < e.recipients().size(); i++) {
                rows.add(new String[] {i == 0 ? "Recipients" : "", e.recipients().get(i).encoded()
                        + "\nfingerprint " + e.recipients().get(i).fingerprint()});
            }
        } else if (e.passphrase().isPresent()) {
            rows.add(new String[] {"New objects", "encrypted (age) with the passphrase from "
                    + e.passphrase().get().source()});
        } else {
            rows.add(new String[] {"New objects", "stored as written (not encrypted)"});
        }
        String identity = e.identityFile().map(p -> p.toString())
                .or(() -> e.identityKey().map(k -> "from " + k.source()))
                .orElse(e.passphrase().isPresent() ? "the passphrase" : "none configured: encrypted objects cannot"
                        + " be opened here");
        rows.add(new String[] {"Identity", identity});
        return List.copyOf(rows);
    }

    /** How {@code a} sends run alerts, for example "the Slack webhook from env:HOOK (failures only)". */
    static String describe(AlertsConfig a) {
        return a.webhookUrl().map(u -> "the " + a.format().displayName() + " webhook from " + u.source()
                + (a.onSuccess() ? " (every run)" : " (failures only)")).orElse("no webhook (no alerts)");
    }

    /**
     * What the tab says after "Edit alerts…" saved {@code saved} while Patina runs with {@code running}: whether run
     * alerts already go that way or only after a restart.
     */
    static String alertsSaved(AlertsConfig saved, AlertsConfig running) {
        if (sameEffect(saved, running)) {
            return "Saved. Patina already runs with these alerts.";
        } else if (running.webhookUrl().isEmpty()) {
            return "Saved. Restart Patina to use the new alerts; until then it sends no alerts.";
        }
        return "Saved. Restart Patina to use the new alerts; until then run alerts still go to " + describe(running)
                + ".";
    }

    /** True when {@code a} and {@code b} send the same alerts: equal, or both without a webhook (no alerts). */
    static boolean sameEffect(AlertsConfig a, AlertsConfig b) {
        return a.equals(b) || a.webhookUrl().isEmpty() && b.webhookUrl().isEmpty();
    }

    /** What the file has that the running console does not use yet, or empty when it uses all of it. */
    static String restartNote(PatinaConfig running, PatinaConfig saved) {
        List<String> parts = new ArrayList<>();
        if (!saved.databases().equals(running.databases())) {
            parts.add("databases");
        }
        if (!saved.store().equals(running.store())) {
            parts.add("storage");
        }
        if (!sameEffect(saved.alerts(), running.alerts())) {
            parts.add("alerts");
        }
        if (!saved.encryption().equals(running.encryption())) {
            parts.add("encryption");
        }
        if (!saved.cluster().equals(running.cluster())) {
            parts.add("cluster connection");
        }
        if (parts.isEmpty()) {
            return "";
        }
        String what = parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1))
                + " and " + parts.get(parts.size() - 1);
        return "patina.toml has changes this console does not use yet: restart Patina to use the new " + what + ".";
    }
}
