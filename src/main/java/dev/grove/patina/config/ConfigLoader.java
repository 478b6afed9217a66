package dev.grove.patina.config;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.util.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads and checks {@code patina.toml} into a {@link PatinaConfig}. Every problem is one {@link ConfigException}
 * naming the file, the line and the key; nothing is half loaded. Secrets are resolved here: {@code env:NAME} from the
 * injected environment, {@code file:/path} from an owner-only file, {@code keyring:NAME} from the injected
 * {@link SecretStore}; a secret written in plain text is accepted with a warning.
 *
 * <p>Relative paths in the file are relative to the file's folder; {@code ~/} is the user's home.
 */
public final class ConfigLoader {
    private static final Set<String> S3_KEYS =
            Set.of("type", "endpoint", "bucket", "region", "access_key_id", "secret_access_key", "prefix");
    private static final Set<String> LOCAL_KEYS = Set.of("type", "path", "prefix");
    private static final Set<String> SQLITE_KEYS = Set.of("name", "type", "path");
    private static final Set<String> D1_KEYS =
            Set.of("name", "type", "account_id", "database_id", "api_token", "api_base", "mode");
    private static final Set<String> SCHEDULE_KEYS = Set.of("concurrency", "nightly", "weekly", "cleanup", "timezone");
    private static final Set<String> RETENTION_KEYS = Set.of("daily_days", "weekly_weeks");
    private static final Set<String> COMPRESSION_KEYS = Set.of("daily");
    private static final Set<String> ALERTS_KEYS = Set.of("webhook_url", "format", "on_success");
    private static final Set<String> CATALOG_KEYS = Set.of("path");
    private static final Set<String> API_KEYS = Set.of("enabled", "bind", "port", "token", "heartbeat_url");
    /** The top-level tables, in the order they are checked and written. */
    private static final Map<String, Set<String>> TABLES = tables();
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
        for (String name : root.keysInFileOrder()) {
            switch (name) {
                case "store" -> store = store(table(root, name), paths, secrets);
                case "databases" -> databases = databases(root, paths, secrets);
                case "schedule" -> schedule = schedule(table(root, name));
                case "retention" -> retention = retention(table(root, name));
                case "compression" -> compression = compression(table(root, name));
                case "alerts" -> alerts = alerts(table(root, name), secrets);
                case "catalog" -> catalog = catalog(table(root, name), paths);
                case "api" -> api = api(table(root, name), secrets);
                default -> throw new IllegalStateException(name);
            }
        }
        if (store == null) {
            throw source.error(0, "store", "[store] is required: type = \"s3\" (R2, AWS S3, MinIO, any S3) or"
                    + " type = \"local\" with a path");
        }
        if (databases.isEmpty()) {
            source.warn(0, "no [[databases]] entries: nothing will be backed up");
        }
        if (secrets.plainSecretSeen() && SecretResolver.groupOrOthersMayAccess(file)) {
            source.warn(0, file.getFileName() + " holds secrets in plain text and group or others may read it;"
                    + " allow its owner only: chmod 600 " + file);
        }
        return new PatinaConfig(file, store, databases, schedule, retention, compression, alerts, catalog, api,
                source.warnings());
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

    private static Map<String, Set<String>> tables() {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        t.put("store", Set.of());
        t.put("databases", Set.of());
        t.put("schedule", SCHEDULE_KEYS);
        t.put("retention", RETENTION_KEYS);
        t.put("compression", COMPRESSION_KEYS);
        t.put("alerts", ALERTS_KEYS);
        t.put("catalog", CATALOG_KEYS);
        t.put("api", API_KEYS);
        return java.util.Collections.unmodifiableMap(t);
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
            if (!TABLES.containsKey(name)) {
                String hint = Suggestions.closest(name, TABLES.keySet())
                        .map(c -> " (did you mean [" + (c.equals("databases") ? "[databases]" : c) + "]?)")
                        .orElseGet(() -> tableOwning(name).map(t -> " (did you mean " + t + "." + name
                                + " under [" + t + "]?)").orElse(""));
                String what = v instanceof TomlTable || v instanceof TomlArray a && TableView.isArrayOfTables(a)
                        ? "unknown table [" + name + "]" : "unknown key " + name + " outside any table";
                throw root.error(name, what + hint + "; known tables: [store], [[databases]], [schedule],"
                        + " [retention], [compression], [alerts], [catalog], [api]");
            }
            if (name.equals("databases")) {
                if (!(v instanceof TomlArray a) || (!a.isEmpty() && !TableView.isArrayOfTables(a))) {
                    throw root.error(name, "databases must be written as [[databases]] tables, one per database"
                            + " (found " + TableView.typeName(v) + ")");
                }
            } else if (!(v instanceof TomlTable)) {
                throw root.error(name, name + " must be a single [" + name + "] table (found "
                        + TableView.typeName(v) + ")");
            }
        }
    }

    private static Optional<String> tableOwning(String key) {
        return TABLES.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey).findFirst()
                .or(() -> S3_KEYS.contains(key) || LOCAL_KEYS.contains(key) ? Optional.of("store") : Optional.empty());
    }

    private static TableView table(TableView root, String name) {
        return new TableView(root.file(), (TomlTable) root.raw(name), name, root.line(name));
    }

    // ---- [store] ----

    private StoreConfig store(TableView t, PathResolver paths, SecretResolver secrets) {
        String type = t.string("type").orElseThrow(() -> t.error("type",
                "store.type is required: \"s3\" (R2, AWS S3, MinIO, any S3) or \"local\""));
        switch (type) {
            case "s3" -> {
                rejectKeysOfOtherType(t, S3_KEYS, LOCAL_KEYS, "[store] with type = \"s3\"");
                String context = " for type = \"s3\"";
                URI endpoint = httpUrl(t, "endpoint", t.requiredString("endpoint", context));
                String bucket = t.requiredString("bucket", context);
                ConfigRules.bucket(bucket).ifPresent(problem -> {
                    throw t.error("bucket", t.key("bucket") + " " + problem);
                });
                String region = t.string("region", S3StoreConfig.DEFAULT_REGION);
                if (region.isBlank()) {
                    throw t.error("region", "store.region must not be empty (R2 uses \"auto\")");
                }
                String accessKeyId = t.requiredString("access_key_id", context);
                Secret secretKey = secrets.required(t, "secret_access_key", context);
                return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretKey, t.string("prefix", ""));
            }
            case "local" -> {
                rejectKeysOfOtherType(t, LOCAL_KEYS, S3_KEYS, "[store] with type = \"local\"");
                Path path = paths.resolve(t, "path", t.requiredString("path", " for type = \"local\""));
                return new LocalStoreConfig(path, t.string("prefix", ""));
            }
            default -> {
                String hint = type.equalsIgnoreCase("r2") || type.equalsIgnoreCase("minio")
                        || type.equalsIgnoreCase("aws") ? "; R2, AWS S3 and MinIO all use type = \"s3\""
                        : Suggestions.didYouMean(type, List.of("s3", "local"));
                throw t.error("type", "store.type must be \"s3\" or \"local\" (found " + TableView.shown(type) + ")"
                        + hint);
            }
        }
    }

    private static void rejectKeysOfOtherType(TableView t, Set<String> own, Set<String> other, String where) {
        for (String key : t.keysInFileOrder()) {
            if (!own.contains(key) && other.contains(key)) {
                throw t.error(key, t.key(key) + " is not used by " + where);
            }
        }
        t.rejectUnknownKeys(own, where);
    }

    /** An http(s) URL with a host, no user info; the value is not secret and is shown in errors. */
    private static URI httpUrl(TableView t, String key, String text) {
        ConfigRules.httpUrl(text).ifPresent(problem -> {
            throw t.error(key, t.key(key) + " " + problem);
        });
        URI uri = URI.create(text.strip());
        if (ConfigRules.isPlainHttpToARemoteHost(uri)) {
            t.warn(key, t.key(key) + " uses plain http: credentials and data travel unencrypted");
        }
        return uri;
    }

    // ---- [[databases]] ----

    private List<DatabaseConfig> databases(TableView root, PathResolver paths, SecretResolver secrets) {
        TomlArray array = (TomlArray) root.raw("databases");
        List<DatabaseConfig> result = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            TomlPosition header = array.inputPositionOf(i);
            TableView t = new TableView(root.file(), array.getTable(i), "databases[" + (i + 1) + "]",
                    header == null ? root.line("databases") : header.line());
            DatabaseConfig db = database(t, paths, secrets);
            Integer earlier = nameLines.putIfAbsent(db.name(), t.line("name"));
            if (earlier != null) {
                throw t.error("name", t.key("name") + " " + TableView.shown(db.name()) + " is already used on line "
                        + earlier + " (and again on line " + t.line("name") + "); database names must be unique");
            }
            result.add(db);
        }
        return result;
    }

    private DatabaseConfig database(TableView t, PathResolver paths, SecretResolver secrets) {
        String type = t.string("type").orElseThrow(() -> t.error("type",
                t.key("type") + " is required: \"sqlite\" or \"d1\""));
        Set<String> own;
        Set<String> other;
        switch (type) {
            case "sqlite" -> {
                own = SQLITE_KEYS;
                other = D1_KEYS;
            }
            case "d1" -> {
                own = D1_KEYS;
                other = SQLITE_KEYS;
            }
            default -> throw t.error("type", t.key("type") + " must be \"sqlite\" or \"d1\" (found "
                    + TableView.shown(type) + ")" + Suggestions.didYouMean(type, List.of("sqlite", "d1")));
        }
        String where = "[[databases]] with type = \"" + type + "\"";
        rejectKeysOfOtherType(t, own, other, where);
        String context = " for type = \"" + type + "\"";
        String name = t.requiredString("name", context);
        ConfigRules.databaseName(name).ifPresent(problem -> {
            throw t.error("name", t.key("name") + " " + problem);
        });
        if (type.equals("sqlite")) {
            return new SqliteDatabaseConfig(name, paths.resolve(t, "path", t.requiredString("path", context)));
        }
        String accountId = cloudflareId(t, "account_id", t.requiredString("account_id", context));
        String databaseId = cloudflareId(t, "database_id", t.requiredString("database_id", context));
        Secret token = secrets.required(t, "api_token", context);
        URI apiBase = t.string("api_base").map(s -> httpUrl(t, "api_base", s))
                .orElse(D1DatabaseConfig.DEFAULT_API_BASE);
        String mode = t.string("mode", D1DatabaseConfig.DEFAULT_MODE);
        if (!mode.equals(D1DatabaseConfig.MODE_QUERY) && !mode.equals(D1DatabaseConfig.MODE_EXPORT)) {
            throw t.error("mode", t.key("mode") + " must be \"query\" or \"export\" (found " + TableView.shown(mode)
                    + ")" + Suggestions.didYouMean(mode, List.of("query", "export")));
        }
        return new D1DatabaseConfig(name, accountId, databaseId, token, apiBase, mode);
    }

    private static String cloudflareId(TableView t, String key, String value) {
        ConfigRules.cloudflareId(value).ifPresent(problem -> {
            throw t.error(key, t.key(key) + " " + problem);
        });
        return value;
    }

    // ---- [schedule], [retention], [compression] ----

    private static ScheduleConfig schedule(TableView t) {
        t.rejectUnknownKeys(SCHEDULE_KEYS, "[schedule]");
        int concurrency = t.integer("concurrency", ScheduleConfig.DEFAULT_CONCURRENCY,
                ScheduleConfig.MIN_CONCURRENCY, ScheduleConfig.MAX_CONCURRENCY);
        String nightly = cron(t, "nightly", ScheduleConfig.DEFAULT_NIGHTLY);
        String weekly = cron(t, "weekly", ScheduleConfig.DEFAULT_WEEKLY);
        String cleanup = t.string("cleanup", ScheduleConfig.AFTER_WEEKLY).strip();
        if (!cleanup.equals(ScheduleConfig.AFTER_WEEKLY)) {
            cleanup = cron(t, "cleanup", cleanup, " (or \"" + ScheduleConfig.AFTER_WEEKLY + "\")");
        }
        String zoneText = t.string("timezone", ScheduleConfig.DEFAULT_TIMEZONE.getId());
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText.strip());
        } catch (DateTimeException e) {
            throw t.error("timezone", "schedule.timezone " + TableView.shown(zoneText) + " is not a known time zone;"
                    + " use an IANA name such as UTC or Europe/Berlin"
                    + Suggestions.didYouMean(zoneText, ZoneId.getAvailableZoneIds()));
        }
        return new ScheduleConfig(concurrency, nightly, weekly, cleanup, zone);
    }

    private static String cron(TableView t, String key, String defaultValue) {
        return cron(t, key, t.string(key, defaultValue).strip(), "");
    }

    private static String cron(TableView t, String key, String expression, String alternative) {
        Optional<String> problem = QuartzCronSyntax.problem(expression);
        if (problem.isPresent()) {
            throw t.error(key, t.key(key) + " " + TableView.shown(expression) + " is not a valid Quartz cron"
                    + " expression" + alternative + ": " + problem.get());
        }
        return expression;
    }

    private static RetentionConfig retention(TableView t) {
        t.rejectUnknownKeys(RETENTION_KEYS, "[retention]");
        if (!t.has("daily_days") && !t.has("weekly_weeks")) {
            t.file().warn(t.headerLine(), "[retention] is empty, so the defaults apply: daily_days = "
                    + RetentionConfig.DEFAULT_DAILY_DAYS + ", weekly_weeks = " + RetentionConfig.DEFAULT_WEEKLY_WEEKS
                    + " (write them out to keep them, or remove the empty table)");
        }
        Optional<Long> daily = t.integer("daily_days");
        Optional<Long> weekly = t.integer("weekly_weeks");
        if (daily.orElse(1L) == 0 && weekly.orElse(1L) == 0) {
            throw t.error("daily_days", "retention keeps nothing: retention.daily_days and retention.weekly_weeks are"
                    + " both 0; keep at least 1 daily");
        }
        int dailyDays = t.integer("daily_days", RetentionConfig.DEFAULT_DAILY_DAYS, 1, Integer.MAX_VALUE);
        int weeklyWeeks = t.integer("weekly_weeks", RetentionConfig.DEFAULT_WEEKLY_WEEKS, 0, Integer.MAX_VALUE);
        return new RetentionConfig(dailyDays, weeklyWeeks);
    }

    private static CompressionConfig compression(TableView t) {
        t.rejectUnknownKeys(COMPRESSION_KEYS, "[compression]");
        String text = t.string("daily", CompressionConfig.DEFAULT_DAILY.id());
        List<String> ids = List.of(Compression.values()).stream().map(Compression::id).toList();
        for (Compression c : Compression.values()) {
            if (c.id().equals(text)) {
                return new CompressionConfig(c);
            }
        }
        throw t.error("daily", "compression.daily must be \"none\", \"gzip\" or \"zstd\" (found "
                + TableView.shown(text) + ")" + Suggestions.didYouMean(text, ids));
    }

    // ---- [alerts], [catalog], [api] ----

    private static AlertsConfig alerts(TableView t, SecretResolver secrets) {
        t.rejectUnknownKeys(ALERTS_KEYS, "[alerts]");
        Optional<Secret> webhook = secrets.optional(t, "webhook_url");
        webhook.ifPresent(w -> checkSecretUrl(t, "webhook_url", w));
        String formatText = t.string("format", AlertsConfig.DEFAULT_FORMAT.id());
        AlertFormat format = null;
        for (AlertFormat f : AlertFormat.values()) {
            if (f.id().equals(formatText)) {
                format = f;
            }
        }
        if (format == null) {
            List<String> ids = List.of(AlertFormat.values()).stream().map(AlertFormat::id).toList();
            throw t.error("format", "alerts.format must be \"slack\", \"discord\" or \"generic\" (found "
                    + TableView.shown(formatText) + ")" + Suggestions.didYouMean(formatText, ids));
        }
        return new AlertsConfig(webhook, format, t.bool("on_success", false));
    }

    /** A URL that is a secret: checked without ever showing it. */
    private static void checkSecretUrl(TableView t, String key, Secret secret) {
        ConfigRules.secretHttpUrl(secret).ifPresent(problem -> {
            throw t.error(key, t.key(key) + " " + problem);
        });
    }

    private CatalogConfig catalog(TableView t, PathResolver paths) {
        t.rejectUnknownKeys(CATALOG_KEYS, "[catalog]");
        Optional<String> path = t.string("path");
        if (path.isEmpty()) {
            return CatalogConfig.defaults(defaultDataDir);
        }
        if (path.get().isBlank()) {
            throw t.error("path", "catalog.path must not be empty; leave it out for the default");
        }
        return new CatalogConfig(paths.resolve(t, "path", path.get()));
    }

    private static ApiConfig api(TableView t, SecretResolver secrets) {
        t.rejectUnknownKeys(API_KEYS, "[api]");
        boolean enabled = t.bool("enabled", false);
        String bind = t.string("bind", ApiConfig.DEFAULT_BIND).strip();
        if (bind.isEmpty()) {
            throw t.error("bind", "api.bind must not be empty (for example \"127.0.0.1\")");
        }
        int port = t.integer("port", ApiConfig.DEFAULT_PORT, 1, 65535);
        Optional<Secret> token = secrets.optional(t, "token");
        if (enabled && token.isEmpty()) {
            throw t.error("token", "api.token is required when api.enabled = true");
        }
        Optional<Secret> heartbeat = secrets.optional(t, "heartbeat_url");
        heartbeat.ifPresent(h -> checkSecretUrl(t, "heartbeat_url", h));
        return new ApiConfig(enabled, bind, port, token, heartbeat);
    }
}
