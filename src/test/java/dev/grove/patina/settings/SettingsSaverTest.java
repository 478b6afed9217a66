package dev.grove.patina.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.config.RetentionConfig;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsInvalid;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaveFailed;
import dev.grove.patina.settings.SettingsSaveOutcome.SettingsSaved;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving settings without a toolkit: a real patina.toml written, read back, refused or failed by key. */
class SettingsSaverTest {
    private static final String SECRET = "r2-secret-value-5a4b3c";

    @TempDir
    Path dir;

    private ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env::get, dir.resolve("data"), name -> Optional.empty());
    }

    private Path s3Config() throws Exception {
        return Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "s3"
                endpoint = "https://acct.r2.cloudflarestorage.com"
                bucket = "backups"
                access_key_id = "AKID123"
                secret_access_key = "env:PATINA_R2_SECRET"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("catalog.sqlite")));
    }

    private static PatinaConfig withSchedule(PatinaConfig c, ScheduleConfig s, RetentionConfig r) {
        return new PatinaConfig(c.file(), c.store(), c.databases(), s, r, c.compression(), c.alerts(), c.catalog(),
                c.api(), c.warnings());
    }

    @Test
    void savesReadsBackAsTheNextStartWouldAndKeepsSecretReferences() throws Exception {
        ConfigLoader loader = loader(Map.of("PATINA_R2_SECRET", SECRET));
        PatinaConfig before = loader.load(s3Config());
        ScheduleConfig s = before.schedule();
        PatinaConfig next = withSchedule(before, new ScheduleConfig(4, "0 15 1 * * ?", s.weekly(), s.cleanup(),
                ZoneId.of("Europe/Berlin")), new RetentionConfig(21, 8));

        SettingsSaveOutcome outcome = new SettingsSaver(loader).save(next);
        SettingsSaved saved = assertInstanceOf(SettingsSaved.class, outcome, outcome.toString());
        assertEquals(next, saved.config(), "read back as it was saved");
        String toml = Files.readString(before.file());
        assertTrue(toml.contains("secret_access_key = \"env:PATINA_R2_SECRET\""), toml);
        assertFalse(toml.contains(SECRET), toml);
        assertEquals(21, loader.load(before.file()).retention().dailyDays());
    }

    @Test
    void anInvalidSettingIsNamedByItsKeyAndNothingIsWritten() throws Exception {
        ConfigLoader loader = loader(Map.of("PATINA_R2_SECRET", SECRET));
        Path file = s3Config();
        String original = Files.readString(file);
        PatinaConfig before = loader.load(file);
        ScheduleConfig s = before.schedule();
        PatinaConfig badCron = withSchedule(before, new ScheduleConfig(s.concurrency(), "0 2 * * *", s.weekly(),
                s.cleanup(), s.timezone()), before.retention());
        SettingsInvalid invalid = assertInstanceOf(SettingsInvalid.class, new SettingsSaver(loader).save(badCron));
        assertEquals("schedule.nightly", invalid.key());
        assertTrue(invalid.reason().contains("5 fields"), invalid.reason());
        assertEquals(original, Files.readString(file), "nothing written");
    }

    @Test
    void aFileTheNextStartCannotReadIsAFailureNamingTheKeyNeverTheSecret() throws Exception {
        PatinaConfig before = loader(Map.of("PATINA_R2_SECRET", SECRET)).load(s3Config());
        SettingsSaveOutcome outcome = new SettingsSaver(loader(Map.of())).save(before); // the variable is gone
        SettingsSaveFailed failed = assertInstanceOf(SettingsSaveFailed.class, outcome, outcome.toString());
        assertTrue(failed.error().getMessage().contains("PATINA_R2_SECRET"), failed.error().getMessage());
        assertFalse(failed.error().getMessage().contains(SECRET), failed.error().getMessage());
    }

    @Test
    void savesAtTheSameTimeWriteOneAfterTheOtherAndEachReadsBackWhole() throws Exception {
        ConfigLoader loader = loader(Map.of("PATINA_R2_SECRET", SECRET));
        PatinaConfig before = loader.load(s3Config());
        SettingsSaver saver = new SettingsSaver(loader);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SettingsSaveOutcome>> saves = new ArrayList<>();
            for (int days = 10; days < 30; days++) {
                PatinaConfig next = withSchedule(before, before.schedule(), new RetentionConfig(days, 4));
                saves.add(pool.submit(() -> saver.save(next)));
            }
            for (Future<SettingsSaveOutcome> f : saves) {
                assertInstanceOf(SettingsSaved.class, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int days = loader.load(before.file()).retention().dailyDays();
        assertTrue(days >= 10 && days < 30, "one of the saves, whole: " + days);
    }
}
