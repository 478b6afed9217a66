package dev.grove.patina.ui.backups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Backups tab's rows carry a lock for each encrypted object, none for one stored as written. */
class BackupsEncryptedRowsTest {
    @TempDir
    Path dir;

    @Test
    void encryptedObjectsShowALockAndPlainOnesDoNot() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("alpha"), 50);
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            rt.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        }
        Files.writeString(config, Files.readString(config) + "\n[encryption]\nrecipients = [\""
                + X25519Identity.generate(new SecureRandom()).recipient().encoded() + "\"]\n");
        clock.advance(Duration.ofDays(1));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            rt.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
            BackupsViewModel model = new BackupsViewModel(rt.catalog(), rt.runs(), rt.backups().databaseNames(),
                    rt.config().schedule().timezone(), new SyncUiExecutor(), List.of());
            model.search();
            assertEquals(List.of("daily/2026-11-28/alpha.sql.zst.age", "daily/2026-11-27/alpha.sql.zst"),
                    model.rows().stream().map(BackupRow::key).toList());
            assertTrue(model.rows().get(0).encrypted());
            assertEquals("\uD83D\uDD12", model.rows().get(0).lock());
            assertEquals("", model.rows().get(1).lock());
        }
    }
}
