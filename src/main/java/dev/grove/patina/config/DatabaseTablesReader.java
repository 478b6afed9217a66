package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.D1_ACCOUNT_ID;
import static dev.grove.patina.config.ConfigKey.D1_API_BASE;
import static dev.grove.patina.config.ConfigKey.D1_API_TOKEN;
import static dev.grove.patina.config.ConfigKey.D1_DATABASE_ID;
import static dev.grove.patina.config.ConfigKey.D1_MODE;
import static dev.grove.patina.config.ConfigKey.DATABASE_NAME;
import static dev.grove.patina.config.ConfigKey.DATABASE_STRATEGY;
import static dev.grove.patina.config.ConfigKey.DATABASE_TYPE;
import static dev.grove.patina.config.ConfigKey.SQLITE_PATH;

import dev.grove.patina.config.ConfigKey.TableType;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;

/** Reads and checks the {@code [[databases]]} tables: SQLite files and Cloudflare D1 databases, names unique. */
final class DatabaseTablesReader {
    private DatabaseTablesReader() {
    }

    static List<DatabaseConfig> read(TableView root, PathResolver paths, SecretResolver secrets) {
        String tableName = ConfigTable.DATABASES.id();
        TomlArray array = (TomlArray) root.raw(tableName);
        List<DatabaseConfig> result = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        String name = DATABASE_NAME.id();
        for (int i = 0; i < array.size(); i++) {
            TomlPosition header = array.inputPositionOf(i);
            TableView t = new TableView(root.file(), array.getTable(i), tableName + "[" + (i + 1) + "]",
                    header == null ? root.line(tableName) : header.line());
            DatabaseConfig db = database(t, paths, secrets);
            Integer earlier = nameLines.putIfAbsent(db.name(), t.line(name));
            if (earlier != null) {
                throw t.error(name, t.key(name) + " " + TableView.shown(db.name()) + " is already used on line "
                        + earlier + " (and again on line " + t.line(name) + "); database names must be unique");
            }
            result.add(db);
        }
        return result;
    }

    private static DatabaseConfig database(TableView t, PathResolver paths, SecretResolver secrets) {
        String typeKey = DATABASE_TYPE.id();
        String type = t.string(typeKey).orElseThrow(() -> t.error(typeKey,
                t.key(typeKey) + " is required: \"sqlite\" or \"d1\""));
        TableType own;
        TableType other;
        if (type.equals(TableType.SQLITE.id())) {
            own = TableType.SQLITE;
            other = TableType.D1;
        } else if (type.equals(TableType.D1.id())) {
            own = TableType.D1;
            other = TableType.SQLITE;
        } else {
            throw t.error(typeKey, t.key(typeKey) + " must be \"sqlite\" or \"d1\" (found "
                    + TableView.shown(type) + ")" + Suggestions.didYouMean(type, List.of("sqlite", "d1")));
        }
        String where = "[[databases]] with type = \"" + type + "\"";
        t.rejectKeysOfOtherType(ConfigKey.idsOf(own), ConfigKey.idsOf(other), where);
        String context = " for type = \"" + type + "\"";
        String name = t.requiredString(DATABASE_NAME.id(), context);
        ConfigRules.databaseName(name).ifPresent(problem -> {
            throw t.error(DATABASE_NAME.id(), t.key(DATABASE_NAME.id()) + " " + problem);
        });
        List<String> checks = checks(t, name);
        String strategy = strategy(t, name);
        if (own == TableType.SQLITE) {
            return new SqliteDatabaseConfig(name,
                    paths.resolve(t, SQLITE_PATH.id(), t.requiredString(SQLITE_PATH.id(), context)), checks,
                    strategy);
        }
        String accountId = cloudflareId(t, D1_ACCOUNT_ID.id(), t.requiredString(D1_ACCOUNT_ID.id(), context));
        String databaseId = cloudflareId(t, D1_DATABASE_ID.id(), t.requiredString(D1_DATABASE_ID.id(), context));
        Secret token = secrets.required(t, D1_API_TOKEN.id(), context);
        URI apiBase = t.string(D1_API_BASE.id()).map(s -> t.httpUrl(D1_API_BASE.id(), s))
                .orElse(D1DatabaseConfig.DEFAULT_API_BASE);
        String mode = t.string(D1_MODE.id(), D1DatabaseConfig.DEFAULT_MODE);
        if (!mode.equals(D1DatabaseConfig.MODE_QUERY) && !mode.equals(D1DatabaseConfig.MODE_EXPORT)) {
            throw t.error(D1_MODE.id(), t.key(D1_MODE.id()) + " must be \"query\" or \"export\" (found "
                    + TableView.shown(mode) + ")" + Suggestions.didYouMean(mode, List.of("query", "export")));
        }
        if (mode.equals(D1DatabaseConfig.MODE_EXPORT) && strategy.equals(DatabaseConfig.STRATEGY_DIFFERENTIAL)) {
            throw t.error(DATABASE_STRATEGY.id(), t.key(DATABASE_STRATEGY.id()) + " = \"differential\" of database "
                    + TableView.shown(name) + " cannot be combined with " + t.key(D1_MODE.id())
                    + " = \"export\": a differential reads the rows table by table, which only mode = \"query\" "
                    + "does; use mode = \"query\" or strategy = \"full\"");
        }
        return new D1DatabaseConfig(name, accountId, databaseId, token, apiBase, mode, checks, strategy);
    }

    /** {@code strategy = "full" | "differential"}; "full" when left out. */
    private static String strategy(TableView t, String database) {
        String key = DATABASE_STRATEGY.id();
        String strategy = t.string(key, DatabaseConfig.STRATEGY_FULL);
        List<String> known = List.of(DatabaseConfig.STRATEGY_FULL, DatabaseConfig.STRATEGY_DIFFERENTIAL);
        if (!known.contains(strategy)) {
            throw t.error(key, t.key(key) + " of database " + TableView.shown(database)
                    + " must be \"full\" or \"differential\" (found " + TableView.shown(strategy) + ")"
                    + Suggestions.didYouMean(strategy, known));
        }
        return strategy;
    }

    /** {@code checks = ["SELECT …", …]}: each a single read-only SELECT ({@link CheckStatements}). */
    private static List<String> checks(TableView t, String database) {
        String key = ConfigKey.DATABASE_CHECKS.id();
        Object raw = t.raw(key);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof TomlArray array) || TableView.isArrayOfTables(array)) {
            throw t.error(key, t.key(key) + " of database " + TableView.shown(database) + " must be an array of "
                    + "SELECT statements, [\"SELECT count(*) > 0 FROM users\", …] (found " + TableView.typeName(raw)
                    + ")");
        }
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object v = array.get(i);
            if (!(v instanceof String sql)) {
                throw t.error(key, t.key(key) + "[" + i + "] of database " + TableView.shown(database)
                        + " must be a string holding a SELECT (found " + TableView.typeName(v) + ")");
            }
            String shown = sql.strip();
            int index = i;
            CheckStatements.problem(shown).ifPresent(problem -> {
                throw t.error(key, t.key(key) + "[" + index + "]: check " + index + " of database "
                        + TableView.shown(database) + " ("
                        + TableView.shown(shown) + ") " + problem);
            });
            checks.add(shown);
        }
        return List.copyOf(checks);
    }

    private static String cloudflareId(TableView t, String key, String value) {
        ConfigRules.cloudflareId(value).ifPresent(problem -> {
            throw t.error(key, t.key(key) + " " + problem);
        });
        return value;
    }
}
