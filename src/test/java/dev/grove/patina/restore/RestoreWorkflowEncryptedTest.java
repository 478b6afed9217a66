package dev.grove.patina.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.backup.ObjectCipher;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.restore.RestoreOutcome.RestoreFailed;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreTarget.SqliteFile;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one restore workflow (the wizard's, the API's) over an encrypted store: a daily and a weekly member restore
 * with the identity; without it the restore fails naming the object and the fingerprint, and writes nothing.
 */
class RestoreWorkflowEncryptedTest {
    @TempDir
    Path dir;

    private final X25519Identity identity = X25519Identity.generate(new SecureRandom());

    private static final class Heard implements RestoreListener {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void workingIn(Path tempFolder) {
        }
    }

    @Test
    void dailiesAndWeeklyMembersRestoreWithTheIdentityAndNothingIsWrittenWithoutIt() throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("alpha"), 1_500);
        String base = Files.readString(config);
        Path id = Files.writeString(dir.resolve("id.txt"), AgeIdentityFile.format(identity, OffsetDateTime.now()));
        String recipients = "\n[encryption]\nrecipients = [\"" + identity.recipient().encoded() + "\"]\n";
        Files.writeString(config, base + recipients + "identity = \"" + id + "\"\n");
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            for (int day = 0; day < 2; day++) {
                rt.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
                clock.advance(Duration.ofDays(1));
            }
            rt.weeklyArchiver().apply(rt.weeklyArchiver().plan(java.time.LocalDate.parse("2026-11-23")));
            RestoreChoices choices = RestoreWiring.choices(rt, temp);
            RestoreWorkflow workflow = RestoreWiring.workflow(rt, temp);
            StoredObject daily = choices.dailies("alpha").get(0);
            assertTrue(daily.key().endsWith(".sql.zst.age") && daily.encrypted(), daily.key());
            Path target = out.resolve("alpha-daily.sqlite");
            RestoreOutcome o = workflow.run(BackupChoice.daily(daily), new SqliteFile(target, false, Set.of(),
                    Set.of()), new Heard());
            assertInstanceOf(RestoredToFile.class, o, o.toString());
            DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), target);

            StoredObject week = choices.weeklies().get(0);
            assertEquals("weekly/2026-W48.tar.gz.age", week.key());
            List<BackupChoice> members = choices.members(week, "alpha", () -> false);
            assertEquals(2, members.size(), members.toString());
            Path fromWeek = out.resolve("alpha-weekly.sqlite");
            RestoreOutcome w = workflow.run(members.get(0), new SqliteFile(fromWeek, false, Set.of(), Set.of()),
                    new Heard());
            assertInstanceOf(RestoredToFile.class, w, w.toString());
            DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), fromWeek);
        }

        Files.writeString(config, base + recipients); // no identity on this machine
        try (PatinaRuntime rt = UiFixtures.open(config, clock)) {
            RestoreChoices choices = RestoreWiring.choices(rt, temp);
            StoredObject daily = choices.dailies("alpha").get(0);
            Path target = out.resolve("never.sqlite");
            RestoreOutcome o = RestoreWiring.workflow(rt, temp).run(BackupChoice.daily(daily),
                    new SqliteFile(target, false, Set.of(), Set.of()), new Heard());
            RestoreFailed failed = assertInstanceOf(RestoreFailed.class, o, o.toString());
            assertInstanceOf(ObjectCipher.KeyNeededException.class, failed.error());
            assertTrue(failed.error().getMessage().contains(daily.key())
                    && failed.error().getMessage().contains(identity.fingerprint()), failed.error().getMessage());
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of("alpha-daily.sqlite", "alpha-weekly.sqlite"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing new was written");
            }
            try (Stream<Path> files = Files.list(temp)) {
                assertEquals(0, files.filter(p -> !p.getFileName().toString().startsWith("patina-manifest"))
                        .count(), "no temp folder is left");
            }
        }
    }
}
