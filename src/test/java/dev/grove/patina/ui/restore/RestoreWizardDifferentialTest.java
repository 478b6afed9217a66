package dev.grove.patina.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.restore.RestoreOutcome;
import dev.grove.patina.restore.RestoreWiring;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import dev.grove.patina.util.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore wizard on a {@code strategy = "differential"} database (ADR 0016, ADR 0023): Monday's full, Tuesday's
 * differential. The view model names the chain it will apply — full + differential, with their files and sizes —
 * the plan says it, and the run (the restore workflow, through the download service) restores Tuesday's database;
 * a D1 import of that day sends the combined dump.
 */
class RestoreWizardDifferentialTest {
    private static final String FULL = "daily/2026-11-23/alpha.sql.zst";
    private static final String DIFF = "daily/2026-11-24/alpha.diff.sql.zst";

    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private FakeD1Server d1;
    private Path tuesday;
    private Path out;
    private Path temp;

    @BeforeEach
    void mondayFullTuesdayDifferential() throws Exception {
        d1 = new FakeD1Server(dir.resolve("d1.sqlite"), "acc0123", "db-7f3c", "tok-d1-test");
        Path config = UiFixtures.workspace(dir, List.of("alpha"), 3_000);
        String toml = Files.readString(config);
        toml = toml.replace("alpha.sqlite\"\n", "alpha.sqlite\"\nstrategy = \"differential\"\n")
                .replace("[compression]", """
                        [[databases]]
                        name = "edge"
                        type = "d1"
                        account_id = "acc0123"
                        database_id = "db-7f3c"
                        api_token = "tok-d1-test"
                        api_base = "%s"

                        [compression]""".formatted(d1.apiBase()));
        Files.writeString(config, toml);
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
        runtime = UiFixtures.open(config, clock);
        nightly(clock.instant());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("alpha.sqlite"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE item SET price = price + 1 WHERE id % 100 = 0");
            s.execute("DELETE FROM item WHERE id BETWEEN 10 AND 20");
            s.execute("INSERT INTO item (name, price) VALUES ('new on Tuesday', 9.5)");
        }
        tuesday = Files.copy(dir.resolve("alpha.sqlite"), dir.resolve("tuesday.sqlite"));
        clock.advance(Duration.ofDays(1));
        nightly(clock.instant());
        assertTrue(runtime.catalog().object(DIFF).isPresent(), "Tuesday is a differential");
        out = Files.createDirectories(dir.resolve("out"));
        temp = Files.createDirectories(dir.resolve("tmp"));
    }

    @AfterEach
    void close() throws Exception {
        runtime.close();
        d1.close();
    }

    private void nightly(Instant at) {
        RunReport r = runtime.backups().runNightly(at, "test", Set.of("alpha"), BackupProgress.NONE);
        assertEquals(RunStatus.OK, r.status(), r.toString());
    }

    private RestoreWizardViewModel model(String key, Path answer) {
        RestoreWizardViewModel model = new RestoreWizardViewModel(RestoreWiring.workflow(runtime, temp),
                RestoreWiring.choices(runtime, temp), new SyncUiExecutor(),
                (title, suggested) -> Optional.ofNullable(answer));
        model.d1PollEvery(Duration.ofMillis(10));
        model.load("alpha", key);
        return model;
    }

    private String expectedChain() {
        StoredObject full = runtime.catalog().object(FULL).orElseThrow();
        StoredObject diff = runtime.catalog().object(DIFF).orElseThrow();
        return "full 2026-11-23 (alpha.sql.zst, " + Bytes.formatBytes(full.size()) + ") + differential 2026-11-24 "
                + "(alpha.diff.sql.zst, " + Bytes.formatBytes(diff.size()) + ")";
    }

    @Test
    void aDifferentialShowsItsChainInTheModelAndThePlanAndRestoresThatDay() throws Exception {
        Path answer = out.resolve("alpha-tuesday.sqlite");
        RestoreWizardViewModel model = model(DIFF, answer);
        assertEquals(DIFF, model.backupProperty().get().key());
        assertEquals(expectedChain(), model.chainProperty().get());

        model.chooseTarget();
        assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
        String plan = model.planText();
        assertTrue(plan.contains("1. Download the full " + FULL), plan);
        assertTrue(plan.contains("and the differential " + DIFF), plan);
        assertTrue(plan.contains(expectedChain()), plan);

        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertTrue(model.reportProperty().get().checksumVerified());
        assertTrue(model.reportProperty().get().countsVerified());
        DatabaseComparator.assertSameDatabase(tuesday, answer);
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(), left.toList(), "the fetched full, differential and combined dump are gone");
        }
    }

    @Test
    void aFullHasNoChainAndChoosingTheOtherDayChangesIt() throws Exception {
        RestoreWizardViewModel model = model(FULL, null);
        assertEquals(FULL, model.backupProperty().get().key());
        assertEquals("", model.chainProperty().get());
        model.targetProperty().set(out.resolve("monday.sqlite"));
        assertFalse(model.planText().contains("differential"), model.planText());

        model.backupProperty().set(model.backups().stream().filter(b -> b.key().equals(DIFF)).findFirst()
                .orElseThrow());
        assertEquals(expectedChain(), model.chainProperty().get());
        model.backupProperty().set(model.backups().stream().filter(b -> b.key().equals(FULL)).findFirst()
                .orElseThrow());
        assertEquals("", model.chainProperty().get());
    }

    @Test
    void aD1ImportOfADifferentialDaySendsTheCombinedDump() throws Exception {
        RestoreWizardViewModel model = model(DIFF, null);
        model.modeProperty().set(TargetMode.D1);
        model.d1ConfirmationProperty().set("edge");
        assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
        assertTrue(model.planText().contains(expectedChain()), model.planText());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        RestoreOutcome.ImportedToD1 done = model.d1ResultProperty().get();
        assertEquals("edge", done.database());
        List<String> differences = DatabaseComparator.differences(tuesday, dir.resolve("d1.sqlite")).stream()
                .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList();
        assertEquals(List.of(), differences, "D1 holds Tuesday's database, not Monday's nor a bare differential");
    }
}
