package dev.grove.patina.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore wizard's view model over a real local store and catalog, synchronously, no toolkit. */
class RestoreWizardViewModelTest {
    @TempDir
    Path dir;
    private PatinaRuntime runtime;
    private Path out;
    private Path temp;
    private final List<String> asked = new ArrayList<>();
    private Path answer;

    @BeforeEach
    void aNightOfBackups() throws Exception {
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta"), 3_000), clock);
        runtime.backups().runNightly(clock.instant(), "test", Set.of(), BackupProgress.NONE);
        out = Files.createDirectories(dir.resolve("out"));
        temp = Files.createDirectories(dir.resolve("tmp"));
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private RestoreWizardViewModel model() {
        FileChooserService files = (title, suggested) -> {
            asked.add(title);
            return Optional.ofNullable(answer);
        };
        RestoreWizardViewModel model = new RestoreWizardViewModel(runtime, new SyncUiExecutor(), files, temp);
        model.load("alpha", "daily/2026-11-27/alpha.sql.zst");
        return model;
    }

    @Test
    void restoresARealDailyIntoANewFileThatEqualsTheSource() throws Exception {
        RestoreWizardViewModel model = model();
        assertTrue(model.backupValidProperty().get());
        assertEquals("daily/2026-11-27/alpha.sql.zst", model.backupProperty().get().key());
        assertEquals(List.of("item"), model.tables());
        answer = out.resolve("alpha-restored.sqlite");
        model.chooseTarget();
        assertEquals(List.of("Restore into"), asked);
        assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
        assertTrue(model.optionsValidProperty().get());
        assertTrue(model.planText().contains("alpha-restored.sqlite"), model.planText());
        assertTrue(model.warnings().isEmpty(), model.warnings().toString());

        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertEquals(1.0, model.progressProperty().get());
        assertTrue(model.reportProperty().get().checksumVerified());
        assertTrue(model.reportProperty().get().countsVerified());
        assertEquals(answer, model.resultFileProperty().get());
        assertTrue(model.resultTextProperty().get().contains("Row counts: match the dump"),
                model.resultTextProperty().get());
        assertTrue(model.guide().contains("patina download 2026-11-27 alpha -o alpha-2026-11-27.sql --decompress"
                + " && patina restore alpha-2026-11-27.sql " + answer), model.guide());
        assertTrue(model.guide().contains("wrangler d1 execute"), model.guide());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), answer);
        assertEquals(List.of(answer), list(out));
        assertEquals(List.of(), list(temp), "the downloaded dump is deleted");
    }

    @Test
    void cancellingWhileRunningLeavesNothingBehind() throws Exception {
        RestoreWizardViewModel model = model();
        answer = out.resolve("alpha-restored.sqlite");
        model.chooseTarget();
        List<Path> tempsSeen = new ArrayList<>();
        model.progressProperty().addListener((o, was, is) -> {
            if (model.runTemp() != null) {
                tempsSeen.add(model.runTemp());
            }
            if (is.doubleValue() > 0.5) {
                model.cancel(); // in the restore phase, after the download
            }
        });
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.CANCELLED, model.stateProperty().get(),
                model.statusProperty().get());
        assertFalse(tempsSeen.isEmpty(), "the run did start");
        assertEquals(List.of(), list(out), "no target, no restorer temp file");
        assertEquals(List.of(), list(temp), "no downloaded dump");
    }

    @Test
    void cancellingDuringTheDownloadLeavesNothingBehind() throws Exception {
        RestoreWizardViewModel model = model();
        answer = out.resolve("alpha-restored.sqlite");
        model.chooseTarget();
        model.progressProperty().addListener((o, was, is) -> model.cancel());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.CANCELLED, model.stateProperty().get());
        assertEquals(List.of(), list(out));
        assertEquals(List.of(), list(temp));
    }

    @Test
    void overwritingWithoutConfirmationIsInvalid() throws Exception {
        RestoreWizardViewModel model = model();
        Path existing = Files.writeString(out.resolve("live.sqlite"), "not empty");
        answer = existing;
        model.chooseTarget();
        assertFalse(model.targetValidProperty().get(), "a new-file restore refuses an existing file");
        model.modeProperty().set(TargetMode.OVERWRITE);
        assertFalse(model.targetValidProperty().get(), "replacing needs the explicit confirmation");
        assertTrue(model.targetProblemProperty().get().startsWith("Confirm"), model.targetProblemProperty().get());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.READY, model.stateProperty().get(), "an invalid run never starts");
        assertEquals("not empty", Files.readString(existing));

        model.overwriteConfirmedProperty().set(true);
        assertTrue(model.targetValidProperty().get());
        assertTrue(model.warnings().stream().anyMatch(w -> w.contains("REPLACED")), model.warnings().toString());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), existing);
        assertNotNull(model.reportProperty().get().previousFile());
        assertEquals("not empty", Files.readString(model.reportProperty().get().previousFile()));
    }

    @Test
    void aSelectionWithNoTablesIsInvalidAndExportWritesThePlainSql() throws Exception {
        RestoreWizardViewModel model = model();
        model.allTablesProperty().set(false);
        assertFalse(model.optionsValidProperty().get());
        model.selectedTables().add("item");
        assertTrue(model.optionsValidProperty().get());
        assertTrue(model.options().excludeTables().contains("d1_migrations"));

        model.modeProperty().set(TargetMode.EXPORT_SQL);
        answer = out.resolve("alpha.sql");
        model.chooseTarget();
        assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertTrue(Files.readString(answer).contains("CREATE TABLE"), "a plain, decompressed dump");
        assertTrue(model.resultTextProperty().get().contains("verified"), model.resultTextProperty().get());
        assertEquals(List.of(), list(temp));

        RestoreWizardViewModel stored = model();
        stored.modeProperty().set(TargetMode.EXPORT_STORED);
        answer = out.resolve("alpha.sql.zst");
        stored.chooseTarget();
        stored.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, stored.stateProperty().get(),
                stored.statusProperty().get());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(answer));
        assertEquals(stored.backupProperty().get().sha256(), java.util.HexFormat.of().formatHex(digest),
                "saved exactly as stored");
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
