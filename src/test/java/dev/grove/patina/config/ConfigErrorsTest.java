package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of malformed config gives one ConfigException naming the file, the line and the key. */
class ConfigErrorsTest {
    private static final String S3_HEAD = """
            [store]
            type = "s3"
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
        fx.env.put("S", "secret");
    }

    // ---- the file itself and TOML syntax ----

    @Test
    void missingFile() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> fx.loader().load(fx.file));
        assertEquals(fx.file + ": no such file", e.getMessage());
    }

    @Test
    void notUtf8() throws IOException {
        Files.write(fx.file, new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xC3, (byte) 0x28, '"'});
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> fx.loader().load(fx.file));
        assertEquals(fx.file + ": is not UTF-8 text", e.getMessage());
    }

    @Test
    void syntaxErrorNamesLineAndKey() {
        fx.assertFails("""
                [store]
                type = "s3"
                bucket =
                """, 3, "store.bucket", "TOML syntax error at store.bucket: Unexpected end of line");
    }

    @Test
    void plainHttpOffLoopbackIsRefusedAndSaysWhatToDo() {
        fx.assertFails(ConfigFixture.minimal("[api]\nenabled = true\nbind = \"0.0.0.0\"\ntoken = \"env:S\"\n"), 11,
                "api.bind", "0.0.0.0", "not a loopback address", "api.tls_keystore", "reverse proxy");
        fx.assertFails(ConfigFixture.minimal("[api]\ntls_keystore = \"k.p12\"\n"), 9, "api.tls_keystore_password",
                "required with api.tls_keystore");
        assertEquals("::1", fx.load(ConfigFixture.minimal("[api]\nbind = \"::1\"\n")).api().bind());
    }

    @Test
    void unterminatedTableHeader() {
        fx.assertFails(ConfigFixture.minimal("[schedule\nconcurrency = 2\n"), 9, "schedule", "TOML syntax error");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        fx.assertFails("""
                [store]
                type = "local"
                type = "s3"
                """, 3, "store.type", "type previously defined at line 2");
    }

    @Test
    void duplicateTableIsASyntaxError() {
        fx.assertFails(ConfigFixture.minimal("[retention]\ndaily_days = 3\n[retention]\n"), 11, "retention",
                "previously defined");
    }

    // ---- unknown tables and keys ----

    @Test
    void unknownKeySuggestsTheClosest() {
        fx.assertFails("""
                [store]
                type = "local"
                path = "/b"
                prefx = "x/"
                """, 4, "store.prefx", "unknown key store.prefx", "(did you mean prefix?)");
    }

    @Test
    void unknownKeyInCamelCaseSuggestsTheSnakeCase() {
        fx.assertFails(S3_HEAD + "accessKeyId = \"AK\"\n", 3, "store.accessKeyId", "did you mean access_key_id?");
    }

    @Test
    void unknownKeyFarFromAnyGivesNoSuggestion() {
        ConfigException e = fx.assertFails(ConfigFixture.minimal("[schedule]\ncolour = \"blue\"\n"), 10,
                "schedule.colour", "unknown key schedule.colour in [schedule]");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void unknownTable() {
        fx.assertFails(ConfigFixture.minimal("[retension]\ndaily_days = 3\n"), 9, "retension",
                "unknown table [retension]", "(did you mean [retention]?)");
    }

    @Test
    void unknownTableWithoutSuggestion() {
        fx.assertFails(ConfigFixture.minimal("[metrics]\n"), 9, "metrics", "unknown table [metrics]",
                "known tables: [store], [[databases]]");
    }

    @Test
    void keyOutsideItsTable() {
        fx.assertFails("concurrency = 3\n" + ConfigFixture.minimal(""), 1, "concurrency",
                "unknown key concurrency outside any table", "did you mean schedule.concurrency under [schedule]?");
    }

    @Test
    void subTableOfAKnownTable() {
        fx.assertFails(ConfigFixture.minimal("[schedule.extra]\nx = 1\n"), 9, "schedule.extra",
                "unknown key schedule.extra");
    }

    @Test
    void keyOfTheOtherStoreType() {
        fx.assertFails(S3_HEAD + "path = \"/b\"\n", 3, "store.path",
                "store.path is not used by [store] with type = \"s3\"");
    }

    @Test
    void keyOfTheOtherDatabaseType() {
        fx.assertFails(ConfigFixture.minimal("mode = \"export\"\n"), 9, "databases[1].mode",
                "databases[1].mode is not used by [[databases]] with type = \"sqlite\"");
    }

    // ---- missing required keys and tables ----

    @Test
    void missingStoreTable() {
        fx.assertFails("""
                [[databases]]
                name = "a"
                type = "sqlite"
                path = "/a"
                """, 0, "store", "[store] is required");
    }

    @Test
    void missingStoreType() {
        fx.assertFails("[store]\nbucket = \"b\"\n", 1, "store.type", "store.type is required");
    }

    @Test
    void missingEndpointPointsAtTheStoreHeader() {
        fx.assertFails("\n" + S3_HEAD + "bucket = \"b\"\naccess_key_id = \"AK\"\nsecret_access_key = \"env:S\"\n", 2,
                "store.endpoint", "store.endpoint is required for type = \"s3\"");
    }

    @Test
    void missingBucket() {
        fx.assertFails(S3_HEAD + "endpoint = \"https://e.example\"\naccess_key_id = \"AK\"\n"
                + "secret_access_key = \"env:S\"\n", 1, "store.bucket", "store.bucket is required for type = \"s3\"");
    }

    @Test
    void missingAccessKeyAndSecret() {
        fx.assertFails(S3_HEAD + "endpoint = \"https://e.example\"\nbucket = \"b\"\n", 1, "store.access_key_id",
                "is required");
        fx.assertFails(S3_HEAD + "endpoint = \"https://e.example\"\nbucket = \"b\"\naccess_key_id = \"AK\"\n", 1,
                "store.secret_access_key", "store.secret_access_key is required for type = \"s3\"");
    }

    @Test
    void emptyBucket() {
        fx.assertFails(S3_HEAD + "endpoint = \"https://e.example\"\nbucket = \" \"\n", 4, "store.bucket",
                "store.bucket must not be empty");
    }

    @Test
    void missingLocalPath() {
        fx.assertFails("[store]\ntype = \"local\"\n", 1, "store.path", "store.path is required for type = \"local\"");
    }

    @Test
    void missingSqliteKeys() {
        String head = "[store]\ntype = \"local\"\npath = \"/b\"\n\n[[databases]]\n";
        fx.assertFails(head + "type = \"sqlite\"\npath = \"/a\"\n", 5, "databases[1].name",
                "databases[1].name is required for type = \"sqlite\"");
        fx.assertFails(head + "name = \"a\"\npath = \"/a\"\n", 5, "databases[1].type",
                "databases[1].type is required: \"sqlite\" or \"d1\"");
        fx.assertFails(head + "name = \"a\"\ntype = \"sqlite\"\n", 5, "databases[1].path",
                "databases[1].path is required for type = \"sqlite\"");
    }

    @Test
    void missingD1Keys() {
        String head = ConfigFixture.minimal("\n[[databases]]\nname = \"edge\"\ntype = \"d1\"\n");
        fx.assertFails(head + "database_id = \"d\"\napi_token = \"env:S\"\n", 10, "databases[2].account_id",
                "is required for type = \"d1\"");
        fx.assertFails(head + "account_id = \"a\"\napi_token = \"env:S\"\n", 10, "databases[2].database_id",
                "is required");
        fx.assertFails(head + "account_id = \"a\"\ndatabase_id = \"d\"\n", 10, "databases[2].api_token",
                "databases[2].api_token is required for type = \"d1\"");
    }

    // ---- wrong types ----

    @Test
    void wrongTypes() {
        fx.assertFails(ConfigFixture.minimal("[schedule]\nconcurrency = \"3\"\n"), 10, "schedule.concurrency",
                "schedule.concurrency must be an integer (found a string)");
        fx.assertFails(ConfigFixture.minimal("[retention]\ndaily_days = 7.5\n"), 10, "retention.daily_days",
                "must be an integer (found a float)");
        fx.assertFails(ConfigFixture.minimal("[alerts]\non_success = \"yes\"\n"), 10, "alerts.on_success",
                "alerts.on_success must be true or false (found a string)");
        fx.assertFails(ConfigFixture.minimal("[alerts]\nschema_changes = \"alrt\"\n"), 10, "alerts.schema_changes",
                "alerts.schema_changes must be \"info\" or \"alert\" (found 'alrt') (did you mean alert?)");
        fx.assertFails(ConfigFixture.minimal("[schedule]\nnightly = 2\n"), 10, "schedule.nightly",
                "must be a string (found an integer)");
        fx.assertFails(ConfigFixture.minimal("[catalog]\npath = [\"a\"]\n"), 10, "catalog.path",
                "must be a string (found an array)");
    }

    @Test
    void storeWrittenAsArrayOfTables() {
        fx.assertFails("[[store]]\ntype = \"local\"\npath = \"/b\"\n", 1, "store",
                "store must be a single [store] table (found an array of tables)");
    }

    @Test
    void databasesWrittenAsOneTable() {
        fx.assertFails("[store]\ntype = \"local\"\npath = \"/b\"\n[databases]\nname = \"a\"\n", 4, "databases",
                "databases must be written as [[databases]] tables");
    }

    // ---- bad values ----

    @Test
    void negativeRetentionInTheExactStyle() {
        ConfigException e = fx.loadFails(ConfigFixture.minimal("""

                [retention]
                daily_days = -3
                """));
        assertEquals(fx.file + " line 11: retention.daily_days must be ≥ 1 (found -3)", e.getMessage());
        assertEquals(11, e.line());
        assertEquals("retention.daily_days", e.key().orElseThrow());
        assertEquals(fx.file, e.file());
    }

    @Test
    void negativeWeeklyRetention() {
        fx.assertFails(ConfigFixture.minimal("[retention]\nweekly_weeks = -1\n"), 10, "retention.weekly_weeks",
                "retention.weekly_weeks must be ≥ 0 (found -1)");
    }

    @Test
    void retentionThatKeepsNothing() {
        fx.assertFails(ConfigFixture.minimal("[retention]\ndaily_days = 0\nweekly_weeks = 0\n"), 10,
                "retention.daily_days", "retention keeps nothing", "both 0");
    }

    @Test
    void concurrencyOutOfRange() {
        fx.assertFails(ConfigFixture.minimal("[schedule]\nconcurrency = 0\n"), 10, "schedule.concurrency",
                "schedule.concurrency must be between 1 and 16 (found 0)");
        fx.assertFails(ConfigFixture.minimal("[schedule]\nconcurrency = 17\n"), 10, "schedule.concurrency",
                "(found 17)");
        fx.assertFails(ConfigFixture.minimal("[schedule]\nconcurrency = 9999999999999\n"), 10,
                "schedule.concurrency", "(found 9999999999999)");
    }

    @Test
    void invalidDatabaseName() {
        fx.assertFails("[store]\ntype = \"local\"\npath = \"/b\"\n[[databases]]\nname = \"Jobs DB\"\n"
                + "type = \"sqlite\"\npath = \"/a\"\n", 5, "databases[1].name", "must be lower-case letters",
                "(found 'Jobs DB')");
        fx.assertFails("[store]\ntype = \"local\"\npath = \"/b\"\n[[databases]]\nname = \"..\"\ntype = \"sqlite\"\n"
                + "path = \"/a\"\n", 5, "databases[1].name", "(found '..')");
    }

    @Test
    void duplicateDatabaseNamesNameBothLines() {
        ConfigException e = fx.assertFails(ConfigFixture.minimal("""

                [[databases]]
                name = "jobs"
                type = "sqlite"
                path = "/data/other.sqlite"
                """), 11, "databases[2].name", "'jobs' is already used on line 6", "again on line 11",
                "must be unique");
        assertEquals(11, e.line());
    }

    @Test
    void invalidCron() {
        fx.assertFails(ConfigFixture.minimal("[schedule]\nnightly = \"0 0 25 * * ?\"\n"), 10, "schedule.nightly",
                "schedule.nightly '0 0 25 * * ?' is not a valid Quartz cron expression",
                "hours field '25': 25 is out of range 0-23");
        fx.assertFails(ConfigFixture.minimal("[schedule]\nweekly = \"0 3 * * 0\"\n"), 10, "schedule.weekly",
                "5 fields, like a Unix cron");
        fx.assertFails(ConfigFixture.minimal("[schedule]\ncleanup = \"weekly\"\n"), 10, "schedule.cleanup",
                "(or \"after-weekly\")");
    }

    @Test
    void unknownTimezone() {
        fx.assertFails(ConfigFixture.minimal("[schedule]\ntimezone = \"Mars/Olympus\"\n"), 10, "schedule.timezone",
                "schedule.timezone 'Mars/Olympus' is not a known time zone");
        fx.assertFails(ConfigFixture.minimal("[schedule]\ntimezone = \"europe/berlin\"\n"), 10, "schedule.timezone",
                "did you mean Europe/Berlin?");
    }

    @Test
    void unknownEnumValues() {
        fx.assertFails(ConfigFixture.minimal("[compression]\ndaily = \"lz4\"\n"), 10, "compression.daily",
                "compression.daily must be \"none\", \"gzip\" or \"zstd\" (found 'lz4')");
        fx.assertFails(ConfigFixture.minimal("[compression]\ndaily = \"gzp\"\n"), 10, "compression.daily",
                "did you mean gzip?");
        fx.assertFails(ConfigFixture.minimal("[alerts]\nformat = \"teams\"\n"), 10, "alerts.format",
                "alerts.format must be \"slack\", \"discord\" or \"generic\" (found 'teams')");
        fx.assertFails("[store]\ntype = \"r2\"\n", 2, "store.type", "(found 'r2')",
                "R2, AWS S3 and MinIO all use type = \"s3\"");
        fx.assertFails("[store]\ntype = \"ftp\"\n", 2, "store.type", "store.type must be \"s3\" or \"local\"");
        fx.assertFails(ConfigFixture.minimal("[[databases]]\nname = \"x\"\ntype = \"postgres\"\n"), 11,
                "databases[2].type", "must be \"sqlite\" or \"d1\" (found 'postgres')");
    }

    @Test
    void compressionWorkersMustBeAPositiveInteger() {
        fx.assertFails(ConfigFixture.minimal("[compression]\ndaily = \"gzip\"\nworkers = 0\n"), 11,
                "compression.workers", "compression.workers must be between 1 and 256 (found 0)");
        fx.assertFails(ConfigFixture.minimal("[compression]\nworkers = \"all\"\n"), 10, "compression.workers",
                "compression.workers must be an integer (found a string)");
        fx.assertFails(ConfigFixture.minimal("[compression]\nworkers = 1000\n"), 10, "compression.workers",
                "(found 1000)");
        fx.assertFails(ConfigFixture.minimal("[compression]\nthreads = 2\n"), 10, "compression.threads",
                "unknown key");
    }

    @Test
    void endpointMustBeAnHttpUrl() {
        String tail = "bucket = \"b\"\naccess_key_id = \"AK\"\nsecret_access_key = \"env:S\"\n";
        fx.assertFails(S3_HEAD + "endpoint = \"ftp://files.example\"\n" + tail, 3, "store.endpoint",
                "store.endpoint must be an http(s) URL", "(found 'ftp://files.example')");
        fx.assertFails(S3_HEAD + "endpoint = \"acc.r2.cloudflarestorage.com\"\n" + tail, 3, "store.endpoint",
                "must be an http(s) URL");
        fx.assertFails(S3_HEAD + "endpoint = \"https://bad host\"\n" + tail, 3, "store.endpoint",
                "must be an http(s) URL");
        ConfigException e = fx.assertFails(S3_HEAD + "endpoint = \"https://user:pw123@e.example\"\n" + tail, 3,
                "store.endpoint", "must not carry a user name or password");
        assertFalse(e.getMessage().contains("pw123"), e.getMessage());
    }

    @Test
    void d1ValuesAreChecked() {
        String head = ConfigFixture.minimal("[[databases]]\nname = \"edge\"\ntype = \"d1\"\naccount_id = \"a\"\n"
                + "database_id = \"d\"\napi_token = \"env:S\"\n");
        fx.assertFails(head + "mode = \"dump\"\n", 15, "databases[2].mode",
                "databases[2].mode must be \"query\" or \"export\" (found 'dump')");
        fx.assertFails(head + "api_base = \"api.cloudflare.com\"\n", 15, "databases[2].api_base",
                "must be an http(s) URL");
        fx.assertFails(ConfigFixture.minimal("[[databases]]\nname = \"edge\"\ntype = \"d1\"\n"
                + "account_id = \"a/../b\"\n"), 12, "databases[2].account_id", "(found 'a/../b')");
    }

    @Test
    void strategyIsFullOrDifferentialAndNeverDifferentialWithD1Export() {
        fx.assertFails(ConfigFixture.minimal("strategy = \"diff\"\n"), 9, "databases[1].strategy",
                "databases[1].strategy of database 'jobs' must be \"full\" or \"differential\" (found 'diff')");
        String d1 = ConfigFixture.minimal("[[databases]]\nname = \"edge\"\ntype = \"d1\"\naccount_id = \"a\"\n"
                + "database_id = \"d\"\napi_token = \"env:S\"\nmode = \"export\"\n");
        fx.assertFails(d1 + "strategy = \"differential\"\n", 16, "databases[2].strategy",
                "databases[2].strategy = \"differential\" of database 'edge' cannot be combined with "
                        + "databases[2].mode = \"export\"");
        fx.assertFails(ConfigFixture.minimal("[[databases]]\nname = \"shop.diff\"\ntype = \"sqlite\"\n"
                + "path = \"x.db\"\n"), 10, "databases[2].name", "may not end in '.diff'");
    }

    @Test
    void apiValuesAreChecked() {
        fx.assertFails(ConfigFixture.minimal("[api]\nport = 70000\n"), 10, "api.port",
                "api.port must be between 1 and 65535 (found 70000)");
        fx.assertFails(ConfigFixture.minimal("[api]\nenabled = true\n"), 9, "api.token",
                "api.token is required when api.enabled = true");
    }

    @Test
    void emptyCatalogPath() {
        fx.assertFails(ConfigFixture.minimal("[catalog]\npath = \"\"\n"), 10, "catalog.path", "must not be empty");
    }

    @Test
    void errorsKeepFileOrder() {
        ConfigException e = fx.loadFails(ConfigFixture.minimal("""
                [schedule]
                concurrency = 0
                [retention]
                daily_days = -1
                """));
        assertTrue(e.getMessage().contains("schedule.concurrency"), e.getMessage());
    }
}
