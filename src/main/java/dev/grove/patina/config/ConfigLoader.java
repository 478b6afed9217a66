package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads and checks {@code patina.toml} into a {@link PatinaConfig}. Every problem is one {@link ConfigException}
 * naming the file, the line and the key; nothing is half loaded. Secrets are resolved here: {@code env:NAME} from the
 * injected environment, {@code file:/path} from an owner-only file, {@code keyring:NAME} from the injected
 * {@link SecretStore}; a secret written in plain text is accepted with a warning.
 *
 * <p>Relative paths in the file are relative to the file's folder; {@code ~/} is the user's home.
 *
 * <p>The tables are read by {@link StoreTableReader}, {@link DatabaseTablesReader}, {@link ScheduleTablesReader} and
 * {@link ServiceTablesReader}; every key is named once, in {@link ConfigKey}, which {@link ConfigWriter} shares.
 */
public final class ConfigLoader {
    private static final Pattern UNEXPECTED_TOKEN = Pattern.compile("^Unexpected '(.{2,}?)'(?=, expected|$)");

    private final Function<String, String> env;
    private final Path defaultDataDir;
    private final SecretStore keyring;

    /**
     * @param env            looks up environment variables (for {@code env:NAME} and {@code ~}); null when unset
     * @param defaultDataDir Patina's data folder, where the catalog goes unless {@code [catalog] path} says otherwise
     * @param keyring        answers {@code keyring:NAME} references
     */
    public ConfigLoader(Function<String, String> env, Path defaultDataDir, SecretStore keyring) {
        this.env = Objects.requireNonNull(env, "env");
        this.defaultDataDir = Objects.requireNonNull(defaultDataDir, "defaultDataDir");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    /**
     * Loads and checks {@code file}.
     *
     * @throws ConfigException on the first problem: unreadable file, TOML syntax, unknown or missing key, wrong
     *                         type, bad value, unresolvable secret
     */
    public PatinaConfig load(Path file) {
        ConfigFile source = new ConfigFile(file);
        String text = read(source);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw syntaxError(source, text, toml.errors().get(0));
        }
        TableView root = new TableView(source, toml, "", 0);
        PathResolver paths = new PathResolver(env);
        SecretResolver secrets = new SecretResolver(env, keyring, paths);
        checkTopLevel(root);

        StoreConfig store = null;
        List<DatabaseConfig> databases = List.of();
        ScheduleConfig schedule = ScheduleConfig.defaults();
        RetentionConfig retention = RetentionConfig.defaults();
        CompressionConfig compression = CompressionConfig.defaults();
        AlertsConfig alerts = AlertsConfig.defaults();
        CatalogConfig catalog = CatalogConfig.defaults(defaultDataDir);
        ApiConfig api = ApiConfig.defaults();
        List<ReplicaConfig> replicas = List.of();
        EncryptionConfig encryption = EncryptionConfig.none();
        Optional<ClusterConfig> cluster = Optional.empty();
        for (String name : root.keysInFileOrder()) {
            switch (ConfigTable.of(name)) {
                case STORE -> store = StoreTableReader.read(table(root, name), paths, secrets);
                case DATABASES -> databases = DatabaseTablesReader.read(root, paths, secrets);
                case SCHEDULE -> schedule = ScheduleTablesReader.schedule(table(root, name));
                case RETENTION -> retention = ScheduleTablesReader.retention(table(root, name));
                case COMPRESSION -> compression = ScheduleTablesReader.compression(table(root, name));
                case ALERTS -> alerts = ServiceTablesReader.alerts(table(root, name), secrets);
                case CATALOG -> catalog = ServiceTablesReader.catalog(table(root, name), paths, defaultDataDir);
                case API -> api = ServiceTablesReader.api(table(root, name), secrets, paths);
                case REPLICAS -> replicas = ReplicaTablesReader.read(root, paths, secrets);
                case ENCRYPTION -> encryption = EncryptionTableReader.read(table(root, name), paths, secrets);
                case CLUSTER -> cluster = Optional.of(ClusterTableReader.read(table(root, name), secrets));
                default -> throw new IllegalStateException(name);
            }
        }
        if (store == null) {
            throw source.error(0, ConfigTable.STORE.id(), "[store] is required: type = \"s3\" (R2, AWS S3, MinIO,"
                    + " any S3) or type = \"local\" with a path");
        }
        if (databases.isEmpty()) {
            source.warn(0, "no [[databases]] entries: nothing will be backed up");
        }
        if (secrets.plainSecretSeen() && SecretResolver.groupOrOthersMayAccess(file)) {
            source.warn(0, file.getFileName() + " holds secrets in plain text and group or others may read it;"
                    + " allow its owner only: chmod 600 " + file);
        }
        return new PatinaConfig(file, store, databases, schedule, retention, compression, alerts, catalog, api,
                source.warnings(), replicas, encryption, cluster);
    }

    /**
     * Reads one secret reference the way {@link #load} reads it under {@code key} in {@code configFile}: the same
     * environment, keyring, owner-only file rule and messages. For editors that check a reference before they write
     * it. A plain-text value is taken as the secret, as the loader does; check {@link ConfigRules#secretReference}
     * first to refuse it.
     *
     * @throws ConfigException whose {@link ConfigException#problem()} names the key and the reference, never a value
     */
    public Secret resolveSecret(Path configFile, String key, String reference) {
        TableView t = single(configFile, key, reference);
        PathResolver paths = new PathResolver(env);
        return new SecretResolver(env, keyring, paths).required(t, key, "");
    }

    /**
     * A path written under {@code key} in {@code configFile}, made absolute as {@link #load} does it: {@code ~/} is
     * the home folder, a relative path is relative to the file's folder.
     *
     * @throws ConfigException when it is not a valid path or starts with ~ while HOME is unset
     */
    public Path resolvePath(Path configFile, String key, String text) {
        return new PathResolver(env).resolve(single(configFile, key, text), key, text);
    }

    /** A one-key table, so the loader's resolvers (which report against a table) can read a single value. */
    private static TableView single(Path configFile, String key, String value) {
        TomlParseResult toml = Toml.parse(key + " = " + ConfigWriter.quote(value));
        if (toml.hasErrors()) {
            throw new IllegalArgumentException("not a bare TOML key: " + key);
        }
        return new TableView(new ConfigFile(configFile), toml, "", 0);
    }

    private static String read(ConfigFile source) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(source.path());
        } catch (NoSuchFileException e) {
            throw source.error(0, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(source.path(), 0, null, "cannot be read (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw source.error(0, null, "is not UTF-8 text");
        }
    }

    private static ConfigException syntaxError(ConfigFile source, String text, TomlParseError error) {
        int line = error.position().line();
        String message = error.getMessage();
        // the unexpected token may be part of a secret written without quotes: show it only when it is one character
        message = UNEXPECTED_TOKEN.matcher(message).replaceFirst("Unexpected text");
        String key = SyntaxContext.keyAt(text, line);
        return source.error(line, key, "TOML syntax error" + (key != null ? " at " + key : "") + ": " + message);
    }

    /** Every top-level key must be a known table, written as a table (or, for databases, an array of tables). */
    private static void checkTopLevel(TableView root) {
        for (String name : root.keysInFileOrder()) {
            Object v = root.raw(name);
            if (ConfigTable.of(name) == null) {
                String hint = Suggestions.closest(name, ConfigTable.ids())
                        .map(c -> " (did you mean " + ConfigTable.of(c).header() + "?)")
                        .orElseGet(() -> tableOwning(name).map(t -> " (did you mean " + t + "." + name
                                + " under [" + t + "]?)").orElse(""));
                String what = v instanceof TomlTable || v instanceof TomlArray a && TableView.isArrayOfTables(a)
                        ? "unknown table [" + name + "]" : "unknown key " + name + " outside any table";
                throw root.error(name, what + hint + "; known tables: " + ConfigTable.headers());
            }
            if (ConfigTable.of(name).isArray()) {
                if (!(v instanceof TomlArray a) || (!a.isEmpty() && !TableView.isArrayOfTables(a))) {
                    throw root.error(name, name + " must be written as [[" + name + "]] tables, one per "
                            + (name.equals("databases") ? "database" : "replica") + " (found "
                            + TableView.typeName(v) + ")");
                }
            } else if (!(v instanceof TomlTable)) {
                throw root.error(name, name + " must be a single [" + name + "] table (found "
                        + TableView.typeName(v) + ")");
            }
        }
    }

    /** The table a misplaced key belongs in: the first plain table that has it, else [store]. */
    private static Optional<String> tableOwning(String key) {
        for (ConfigTable t : ConfigTable.values()) {
            if (t != ConfigTable.STORE && !t.isArray() && ConfigKey.idsOf(t).contains(key)) {
                return Optional.of(t.id());
            }
        }
        return ConfigKey.idsOf(ConfigTable.STORE).contains(key) ? Optional.of(ConfigTable.STORE.id())
                : Optional.empty();
    }

    private static TableView table(TableView root, String name) {
        return new TableView(root.file(), (TomlTable) root.raw(name), name, root.line(name));
    }
}
