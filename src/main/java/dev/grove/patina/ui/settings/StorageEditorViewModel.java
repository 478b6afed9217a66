package dev.grove.patina.ui.settings;

import dev.grove.patina.app.ConnectionChecks;
import dev.grove.patina.config.ConfigException;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.ConfigRules;
import dev.grove.patina.config.LocalStoreConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.S3StoreConfig;
import dev.grove.patina.config.StoreConfig;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Edit storage" dialog: a local folder, Cloudflare R2 (by account id: the endpoint is
 * {@code https://<account>.r2.cloudflarestorage.com}, region {@code auto}) or any S3-compatible store (endpoint and
 * region). Fields are checked with {@link ConfigRules} as {@link ConfigLoader} checks them; the secret access key is
 * a reference ({@code env:NAME}, {@code file:/path}, {@code keyring:NAME}) resolved only in the background, and only
 * the reference is shown or written. "Test connection" builds the store as the runtime does
 * ({@link dev.grove.patina.app.StoreFactory}) and runs its access check. Save writes {@code patina.toml}; the running
 * console and daemon keep their store until Patina restarts.
 */
public final class StorageEditorViewModel extends EditorViewModel<StorageEditorViewModel.StorageField> {
    /** What kind of store. */
    public enum StorageKind {
        LOCAL("Local folder"), R2("Cloudflare R2"), S3("S3-compatible (AWS S3, MinIO, …)");

        private final String label;

        StorageKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The fields that can be wrong, each with its own inline error. */
    public enum StorageField { PATH, ACCOUNT_ID, ENDPOINT, BUCKET, REGION, ACCESS_KEY_ID, SECRET_KEY }

    private static final Pattern R2_ENDPOINT = Pattern.compile("https://([A-Za-z0-9-]+)\\.r2\\.cloudflarestorage\\.com/?");
    private static final Set<StorageField> LOCAL_FIELDS = EnumSet.of(StorageField.PATH);
    private static final Set<StorageField> R2_FIELDS = EnumSet.of(StorageField.ACCOUNT_ID, StorageField.BUCKET,
            StorageField.ACCESS_KEY_ID, StorageField.SECRET_KEY);
    private static final Set<StorageField> S3_FIELDS = EnumSet.of(StorageField.ENDPOINT, StorageField.BUCKET,
            StorageField.REGION, StorageField.ACCESS_KEY_ID, StorageField.SECRET_KEY);

    private final SettingsViewModel owner;
    private final StoreConfig original;

    private final ObjectProperty<StorageKind> kind = new SimpleObjectProperty<>(StorageKind.R2);
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty accountId = new SimpleStringProperty("");
    private final StringProperty endpoint = new SimpleStringProperty("");
    private final StringProperty bucket = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty(S3StoreConfig.DEFAULT_REGION);
    private final StringProperty accessKeyId = new SimpleStringProperty("");
    private final StringProperty secretKey = new SimpleStringProperty("");
    private final StringProperty prefix = new SimpleStringProperty("");

    StorageEditorViewModel(SettingsViewModel owner, StoreConfig original) {
        super(StorageField.class);
        this.owner = owner;
        this.original = original;
        if (original instanceof LocalStoreConfig local) {
            kind.set(StorageKind.LOCAL);
            path.set(local.path().toString());
        } else if (original instanceof S3StoreConfig s3) {
            Matcher r2 = R2_ENDPOINT.matcher(s3.endpoint().toString());
            if (r2.matches() && s3.region().equals(S3StoreConfig.DEFAULT_REGION)) {
                kind.set(StorageKind.R2);
                accountId.set(r2.group(1));
            } else {
                kind.set(StorageKind.S3);
            }
            endpoint.set(s3.endpoint().toString());
            bucket.set(s3.bucket());
            region.set(s3.region());
            accessKeyId.set(s3.accessKeyId());
            secretKey.set(s3.secretAccessKey().source());
        }
        prefix.set(original == null ? "" : original.prefix());
        for (StringProperty p : new StringProperty[] {path, accountId, endpoint, bucket, region, accessKeyId,
                secretKey}) {
            p.addListener((o, was, is) -> check());
        }
        kind.addListener((o, was, is) -> check());
        check();
    }

    private Set<StorageField> fieldsOf(StorageKind k) {
        return switch (k) {
            case LOCAL -> LOCAL_FIELDS;
            case R2 -> R2_FIELDS;
            case S3 -> S3_FIELDS;
        };
    }

    private void check() {
        Set<StorageField> used = fieldsOf(kind.get());
        for (StorageField f : StorageField.values()) {
            errors.get(f).set(used.contains(f) ? problem(f) : "");
        }
    }

    private String problem(StorageField f) {
        return switch (f) {
            case PATH -> EditorSupport.required(path.get(), "Required: the folder backups go to", Optional.empty());
            case ACCOUNT_ID -> EditorSupport.required(accountId.get().strip(),
                    "Required: your Cloudflare account id (R2 overview page)",
                    ConfigRules.cloudflareId(accountId.get().strip()));
            case ENDPOINT -> EditorSupport.required(endpoint.get().strip(), "Required: the S3 endpoint URL",
                    ConfigRules.httpUrl(endpoint.get().strip()));
            case BUCKET -> EditorSupport.required(bucket.get().strip(), "Required: the bucket (Patina never creates it)",
                    ConfigRules.bucket(bucket.get().strip()));
            case REGION -> EditorSupport.required(region.get().strip(), "Required: the signing region (R2 uses auto)",
                    Optional.empty());
            case ACCESS_KEY_ID -> EditorSupport.required(accessKeyId.get().strip(), "Required: the access key id",
                    Optional.empty());
            case SECRET_KEY -> keepsOriginalSecret() ? "" : EditorSupport.required(secretKey.get().strip(),
                    "Required: where the secret access key is, e.g. env:PATINA_R2_SECRET",
                    ConfigRules.secretReference(secretKey.get().strip()));
        };
    }

    /** True while the secret field still shows the configured secret's source: that secret is kept as it is. */
    private boolean keepsOriginalSecret() {
        return original instanceof S3StoreConfig s3 && secretKey.get().strip().equals(s3.secretAccessKey().source());
    }

    /** The endpoint the store uses: R2's from the account id, else the one typed. */
    String effectiveEndpoint() {
        return kind.get() == StorageKind.R2 ? "https://" + accountId.get().strip() + ".r2.cloudflarestorage.com"
                : endpoint.get().strip();
    }

    private record StorageDraft(StoreConfig config, Map<StorageField, String> problems) {
    }

    /** The edited store, or problems per field; resolves the path and the secret (background only). */
    private StorageDraft build() {
        Map<StorageField, String> problems = new EnumMap<>(StorageField.class);
        ConfigLoader loader = owner.loader();
        Path file = owner.file();
        String p = prefix.get().strip();
        if (kind.get() == StorageKind.LOCAL) {
            try {
                return new StorageDraft(new LocalStoreConfig(loader.resolvePath(file, "path", path.get().strip()), p),
                        problems);
            } catch (ConfigException e) {
                problems.put(StorageField.PATH, EditorSupport.of(e, "path", "The folder"));
                return new StorageDraft(null, problems);
            }
        }
        Secret secret;
        if (keepsOriginalSecret()) {
            secret = ((S3StoreConfig) original).secretAccessKey();
        } else {
            try {
                secret = loader.resolveSecret(file, "secret_access_key", secretKey.get().strip());
            } catch (ConfigException e) {
                problems.put(StorageField.SECRET_KEY, EditorSupport.of(e, "secret_access_key", "The secret key"));
                return new StorageDraft(null, problems);
            }
        }
        String r = kind.get() == StorageKind.R2 ? S3StoreConfig.DEFAULT_REGION : region.get().strip();
        return new StorageDraft(new S3StoreConfig(URI.create(effectiveEndpoint()), bucket.get().strip(), r,
                accessKeyId.get().strip(), secret, p), problems);
    }

    /** In the background: builds the store as the runtime would and runs its access check; the answer goes to status. */
    public void testConnection() {
        if (busy.get()) {
            return;
        }
        if (!valid.get()) {
            statusOk.set(false);
            status.set("Fix the fields marked in red first.");
            return;
        }
        busy.set(true);
        statusOk.set(false);
        status.set("Testing…");
        owner.executor().executeInBackground(() -> {
            StorageDraft built = build();
            return built.problems().isEmpty()
                    ? new StorageAnswer(ConnectionChecks.store(built.config()), null, built.problems())
                    : new StorageAnswer(null, null, built.problems());
        }, tested -> {
            busy.set(false);
            if (!tested.problems().isEmpty()) {
                show(tested.problems());
                status.set("Fix the fields marked in red.");
                return;
            }
            statusOk.set(true);
            status.set("Connected: " + tested.answer() + " passed the store's access check.");
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Connection failed: " + Messages.of(e));
        });
    }

    private record StorageAnswer(String answer, PatinaConfig next, Map<StorageField, String> problems) {
    }


    /**
     * Resolves the path or secret in the background, then writes {@code patina.toml} with this store and runs
     * {@code onSaved}. Problems go under their fields and nothing is written. Does nothing while a field shows an
     * error.
     */
    public void save(Runnable onSaved) {
        if (!beginSave("Saving…")) {
            return;
        }
        PatinaConfig base = owner.saved();
        owner.executor().executeInBackground(() -> {
            StorageDraft built = build();
            if (!built.problems().isEmpty()) {
                return new StorageAnswer(null, null, built.problems());
            }
            PatinaConfig next = ConfigEdits.withStore(base, built.config());
            owner.write(next);
            return new StorageAnswer(null, next, Map.of());
        }, saved -> {
            busy.set(false);
            if (!saved.problems().isEmpty()) {
                show(saved.problems());
                status.set("Not saved: fix the fields marked in red.");
                return;
            }
            owner.storageApplied(saved.next());
            status.set("");
            onSaved.run();
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Not saved: " + Messages.of(e));
        });
    }

    public ObjectProperty<StorageKind> kindProperty() {
        return kind;
    }

    public StringProperty pathProperty() {
        return path;
    }

    /** The Cloudflare account id (R2 only): the endpoint is made from it. */
    public StringProperty accountIdProperty() {
        return accountId;
    }

    public StringProperty endpointProperty() {
        return endpoint;
    }

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty accessKeyIdProperty() {
        return accessKeyId;
    }

    /** The secret access key's reference, never its value. */
    public StringProperty secretKeyProperty() {
        return secretKey;
    }

    public StringProperty prefixProperty() {
        return prefix;
    }
}
