package dev.grove.patina.ui.settings;

import dev.grove.patina.app.ConnectionChecks;
import dev.grove.patina.config.ConfigException;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.ConfigRules;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Add database" / "Edit database" dialog: a SQLite file or a Cloudflare D1 database, each field checked as
 * {@link ConfigLoader} checks it (the rules of {@link ConfigRules}) with its error under it. What needs the disk or
 * the environment — the SQLite file exists, the token's reference resolves — is checked in the background when
 * "Test connection" or Save is clicked, and a problem goes under its field too. Save writes {@code patina.toml}
 * through the settings' save path; the running console and daemon use the change after a restart.
 *
 * <p>The API token is entered as a reference ({@code env:NAME}, {@code file:/path}, {@code keyring:NAME}) and only
 * the reference is ever shown or written; its value goes nowhere but the D1 request's header.
 */
public final class DatabaseEditorViewModel extends EditorViewModel<DatabaseEditorViewModel.DatabaseField> {
    /** What kind of database. */
    public enum DatabaseKind {
        SQLITE("SQLite file"), D1("Cloudflare D1");

        private final String label;

        DatabaseKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The fields that can be wrong, each with its own inline error. */
    public enum DatabaseField { NAME, PATH, ACCOUNT_ID, DATABASE_ID, TOKEN, API_BASE }

    private final SettingsViewModel owner;
    private final DatabaseConfig original;

    private final ObjectProperty<DatabaseKind> kind = new SimpleObjectProperty<>(DatabaseKind.SQLITE);
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty accountId = new SimpleStringProperty("");
    private final StringProperty databaseId = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final StringProperty apiBase = new SimpleStringProperty(D1DatabaseConfig.DEFAULT_API_BASE.toString());
    private final ObjectProperty<String> mode = new SimpleObjectProperty<>(D1DatabaseConfig.DEFAULT_MODE);

    /** An editor for a new database ({@code original} null) or for the configured {@code original}. */
    DatabaseEditorViewModel(SettingsViewModel owner, DatabaseConfig original) {
        super(DatabaseField.class);
        this.owner = owner;
        this.original = original;
        if (original instanceof SqliteDatabaseConfig sqlite) {
            kind.set(DatabaseKind.SQLITE);
            name.set(sqlite.name());
            path.set(sqlite.path().toString());
        } else if (original instanceof D1DatabaseConfig d1) {
            kind.set(DatabaseKind.D1);
            name.set(d1.name());
            accountId.set(d1.accountId());
            databaseId.set(d1.databaseId());
            token.set(d1.apiToken().source());
            apiBase.set(d1.apiBase().toString());
            mode.set(d1.mode());
        }
        kind.addListener((o, was, is) -> check());
        name.addListener((o, was, is) -> checkName());
        path.addListener((o, was, is) -> checkPath());
        accountId.addListener((o, was, is) -> checkAccountId());
        databaseId.addListener((o, was, is) -> checkDatabaseId());
        token.addListener((o, was, is) -> checkToken());
        apiBase.addListener((o, was, is) -> checkApiBase());
        check();
    }

    /** "Add database" or "Edit database shop". */
    public String title() {
        return original == null ? "Add database" : "Edit database " + original.name();
    }

    public boolean isNew() {
        return original == null;
    }

    /** Re-checks every field of the chosen kind (fields of the other kind have no error). */
    private void check() {
        checkName();
        checkPath();
        checkAccountId();
        checkDatabaseId();
        checkToken();
        checkApiBase();
    }

    private void checkName() {
        String n = name.get().strip();
        String problem = EditorSupport.required(n, "Required: the name used in object keys, like shop-main",
                ConfigRules.databaseName(n));
        if (problem.isEmpty() && owner.saved().databases().stream()
                .anyMatch(d -> d.name().equals(n) && (original == null || !original.name().equals(n)))) {
            problem = "'" + n + "' is already the name of another database; names must be unique";
        }
        errors.get(DatabaseField.NAME).set(problem);
    }

    private void checkPath() {
        errors.get(DatabaseField.PATH).set(kind.get() != DatabaseKind.SQLITE ? ""
                : EditorSupport.required(path.get(), "Required: the SQLite file to back up", Optional.empty()));
    }

    private void checkAccountId() {
        errors.get(DatabaseField.ACCOUNT_ID).set(kind.get() != DatabaseKind.D1 ? ""
                : EditorSupport.required(accountId.get().strip(), "Required: the Cloudflare account id",
                        ConfigRules.cloudflareId(accountId.get().strip())));
    }

    private void checkDatabaseId() {
        errors.get(DatabaseField.DATABASE_ID).set(kind.get() != DatabaseKind.D1 ? "" : EditorSupport.required(
                databaseId.get().strip(), "Required: the D1 database id (wrangler d1 list shows it)",
                ConfigRules.cloudflareId(databaseId.get().strip())));
    }

    private void checkToken() {
        String t = token.get().strip();
        errors.get(DatabaseField.TOKEN).set(kind.get() != DatabaseKind.D1 || keepsOriginalToken() ? ""
                : EditorSupport.required(t, "Required: where the API token is, e.g. env:CF_API_TOKEN",
                ConfigRules.secretReference(t)));
    }

    private void checkApiBase() {
        String b = apiBase.get().strip();
        errors.get(DatabaseField.API_BASE).set(kind.get() != DatabaseKind.D1 ? "" : EditorSupport.required(b,
                "Required: " + D1DatabaseConfig.DEFAULT_API_BASE, ConfigRules.httpUrl(b)));
    }

    /** True while the token field still shows the configured token's source: that secret is kept as it is. */
    private boolean keepsOriginalToken() {
        return original instanceof D1DatabaseConfig d1 && token.get().strip().equals(d1.apiToken().source());
    }

    /** The edited database, or the problems per field; reads the disk and resolves the token (background only). */
    private record DatabaseDraft(DatabaseConfig config, Map<DatabaseField, String> problems) {
    }

    private DatabaseDraft build(boolean forConnectionTest) {
        Map<DatabaseField, String> problems = new EnumMap<>(DatabaseField.class);
        ConfigLoader loader = owner.loader();
        Path file = owner.file();
        String n = name.get().strip();
        String shownName = forConnectionTest && n.isEmpty() ? "(new)" : n;
        if (kind.get() == DatabaseKind.SQLITE) {
            Path p = null;
            try {
                p = loader.resolvePath(file, "path", path.get().strip());
            } catch (ConfigException e) {
                problems.put(DatabaseField.PATH, EditorSupport.of(e, "path", "The path"));
            }
            // "Test connection" explains a missing or unreadable file itself, naming the file
            if (p != null && !forConnectionTest) {
                if (!Files.exists(p)) {
                    problems.put(DatabaseField.PATH, "No such file: " + p);
                } else if (!Files.isRegularFile(p)) {
                    problems.put(DatabaseField.PATH, p + " is a folder, not a SQLite file");
                }
            }
            return new DatabaseDraft(problems.isEmpty() ? new SqliteDatabaseConfig(shownName, p,
                    original == null ? java.util.List.of() : original.checks(), strategyKept()) : null, problems);
        }
        Secret secret = null;
        if (keepsOriginalToken()) {
            secret = ((D1DatabaseConfig) original).apiToken();
        } else {
            try {
                secret = loader.resolveSecret(file, "api_token", token.get().strip());
            } catch (ConfigException e) {
                problems.put(DatabaseField.TOKEN, EditorSupport.of(e, "api_token", "The token"));
            }
        }
        if (D1DatabaseConfig.MODE_EXPORT.equals(mode.get())
                && DatabaseConfig.STRATEGY_DIFFERENTIAL.equals(strategyKept())) {
            problems.put(DatabaseField.NAME, "This database has strategy = \"differential\" in patina.toml, which "
                    + "mode = \"export\" cannot read: set strategy = \"full\" first, or keep mode = \"query\"");
        }
        if (!problems.isEmpty()) {
            return new DatabaseDraft(null, problems);
        }
        return new DatabaseDraft(new D1DatabaseConfig(shownName, accountId.get().strip(), databaseId.get().strip(),
                secret, URI.create(apiBase.get().strip()), mode.get(),
                original == null ? java.util.List.of() : original.checks(), strategyKept()), problems);
    }

    /** The strategy the console does not edit: the database's own, kept through an edit (ADR 0016). */
    private String strategyKept() {
        return original == null ? DatabaseConfig.STRATEGY_FULL : original.strategy();
    }

    private boolean connectionFieldsValid() {
        return errors.entrySet().stream()
                .allMatch(e -> e.getKey() == DatabaseField.NAME || e.getValue().get().isEmpty());
    }

    /**
     * In the background: opens the SQLite file read-only ("ok — 3 tables, 1.2 MiB, journal mode wal") or runs one
     * query on D1 over its REST API; a failure names the file or database and what to fix, never the token.
     */
    public void testConnection() {
        if (busy.get()) {
            return;
        }
        if (!connectionFieldsValid()) {
            statusOk.set(false);
            status.set("Fix the fields marked in red first.");
            return;
        }
        busy.set(true);
        statusOk.set(false);
        status.set("Testing…");
        owner.executor().executeInBackground(() -> {
            DatabaseDraft built = build(true);
            return built.problems().isEmpty()
                    ? new Tested(ConnectionChecks.database(built.config(), owner.clock()), built.problems())
                    : new Tested(null, built.problems());
        }, tested -> {
            busy.set(false);
            if (!tested.problems().isEmpty()) {
                show(tested.problems());
                status.set("Fix the fields marked in red.");
                return;
            }
            statusOk.set(true);
            status.set(tested.answer());
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set(Messages.of(e));
        });
    }

    private record Tested(String answer, Map<DatabaseField, String> problems) {
    }


    /**
     * Checks what needs the disk and the environment in the background, then writes {@code patina.toml} with this
     * database added or replaced and runs {@code onSaved} (the dialog closes). Problems go under their fields and
     * nothing is written. Does nothing while a field shows an error.
     */
    public void save(Runnable onSaved) {
        if (!beginSave("Saving…")) {
            return;
        }
        PatinaConfig base = owner.saved();
        owner.executor().executeInBackground(() -> {
            DatabaseDraft built = build(false);
            if (!built.problems().isEmpty()) {
                return new DatabaseSaved(null, null, built.problems());
            }
            PatinaConfig next = ConfigEdits.withDatabases(base, replaced(base.databases(), built.config()));
            owner.write(next);
            return new DatabaseSaved(built.config(), next, Map.of());
        }, saved -> {
            busy.set(false);
            if (!saved.problems().isEmpty()) {
                show(saved.problems());
                status.set("Not saved: fix the fields marked in red.");
                return;
            }
            owner.applied(saved.next(), savedMessage(saved.database()));
            status.set("");
            onSaved.run();
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Not saved: " + Messages.of(e));
        });
    }

    private record DatabaseSaved(DatabaseConfig database, PatinaConfig next, Map<DatabaseField, String> problems) {
    }

    private List<DatabaseConfig> replaced(List<DatabaseConfig> databases, DatabaseConfig edited) {
        List<DatabaseConfig> out = new ArrayList<>();
        boolean placed = false;
        for (DatabaseConfig d : databases) {
            if (original != null && d.name().equals(original.name())) {
                out.add(edited);
                placed = true;
            } else {
                out.add(d);
            }
        }
        if (!placed) {
            out.add(edited);
        }
        return out;
    }

    private String savedMessage(DatabaseConfig db) {
        String where = "Saved database " + db.name() + " to " + owner.file() + ". ";
        if (original == null) {
            return where + "Restart Patina to back it up: the console and the daemon read the databases at start.";
        }
        String renamed = original.name().equals(db.name()) ? ""
                : " Backups made under the old name " + original.name() + " stay in the store.";
        return where + "Restart Patina to use the change." + renamed;
    }

    public ObjectProperty<DatabaseKind> kindProperty() {
        return kind;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty accountIdProperty() {
        return accountId;
    }

    public StringProperty databaseIdProperty() {
        return databaseId;
    }

    /** The API token's reference ({@code env:NAME}, {@code file:/path}, {@code keyring:NAME}), never its value. */
    public StringProperty tokenProperty() {
        return token;
    }

    public StringProperty apiBaseProperty() {
        return apiBase;
    }

    /** {@code query} or {@code export}. */
    public ObjectProperty<String> modeProperty() {
        return mode;
    }
}
