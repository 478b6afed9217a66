package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[databases]] checks} (single read-only SELECTs) and {@code [schedule] verify}, read and written back. */
class VerifyConfigTest {
    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    private static String withChecks(String checks) {
        return ConfigFixture.minimal("checks = " + checks + "\n");
    }

    @Test
    void readOnlySelectsAreReadInOrderAndWrittenBack() throws Exception {
        PatinaConfig c = fx.load(withChecks("[\"SELECT count(*) > 0 FROM users\", "
                + "\"WITH t AS (SELECT 1 AS x) SELECT replace('a', 'a', 'b') = 'b' FROM t\", "
                + "\"select 'DELETE' <> '' -- not a statement\"]"));
        List<String> checks = c.databases().get(0).checks();
        assertEquals(List.of("SELECT count(*) > 0 FROM users",
                "WITH t AS (SELECT 1 AS x) SELECT replace('a', 'a', 'b') = 'b' FROM t",
                "select 'DELETE' <> '' -- not a statement"), checks);
        assertEquals(ScheduleConfig.DEFAULT_VERIFY, c.schedule().verify());
        assertEquals(8, c.schedule().verifyMaxAgeDays());
        PatinaConfig again = fx.load(new ConfigWriter(ConfigWriter.PlainSecrets.OMIT).write(c));
        assertEquals(checks, again.databases().get(0).checks(), "the checks survive a write and a read");
        assertEquals(c.schedule(), again.schedule());
    }

    @Test
    void aWritingCheckIsRefusedNamingTheDatabaseTheIndexAndWhy() {
        fx.assertFails(withChecks("[\"SELECT 1\", \"DELETE FROM users\"]"), 9, "databases[1].checks",
                "check 1 of database 'jobs'", "DELETE FROM users", "is not a SELECT");
        fx.assertFails(withChecks("[\"WITH x AS (SELECT 1) DELETE FROM users\"]"), 9, "databases[1].checks",
                "check 0 of database 'jobs'", "is not read-only", "DELETE");
        fx.assertFails(withChecks("[\"SELECT 1; DROP TABLE users\"]"), 9, "databases[1].checks",
                "check 0", "more than one statement");
        fx.assertFails(withChecks("[\"PRAGMA writable_schema = 1\"]"), 9, "databases[1].checks",
                "check 0", "is not a SELECT");
        fx.assertFails(withChecks("[\"SELECT FROM WHERE\"]"), 9, "databases[1].checks",
                "check 0", "is not valid SQL");
        fx.assertFails(withChecks("[42]"), 9, "databases[1].checks", "checks[0] of database 'jobs'",
                "must be a string");
        fx.assertFails(withChecks("\"SELECT 1\""), 9, "databases[1].checks", "must be an array");
    }

    @Test
    void theVerifyScheduleIsAQuartzCronAndTheAgeAPositiveNumber() {
        PatinaConfig c = fx.load(ConfigFixture.minimal("[schedule]\nverify = \"0 30 5 ? * SAT\"\n"
                + "verify_max_age_days = 15\n"));
        assertEquals("0 30 5 ? * SAT", c.schedule().verify());
        assertEquals(15, c.schedule().verifyMaxAgeDays());
        ConfigException e = fx.assertFails(ConfigFixture.minimal("[schedule]\nverify = \"weekly\"\n"), 10,
                "schedule.verify", "not a valid Quartz cron");
        assertTrue(e.getMessage().contains("weekly"), e.getMessage());
        fx.assertFails(ConfigFixture.minimal("[schedule]\nverify_max_age_days = 0\n"), 10,
                "schedule.verify_max_age_days");
    }
}
