package dev.grove.patina.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.restore.RestoreOutcome;
import dev.grove.patina.restore.RestoreWiring;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
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
        RestoreWizardViewModel model = wizard(runtime, files, temp);
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

    // ---- issue 12: the original is never lost (RELIABILITY 25, 27, 28) ----

    @Test
    void aSecondReplaceNeverOverwritesTheKeptOriginal() throws Exception {
        Path live = Files.writeString(out.resolve("live.sqlite"), "the original");
        for (String kept : List.of("live.sqlite.bak", "live.sqlite.bak.1")) {
            RestoreWizardViewModel model = model();
            answer = live;
            model.chooseTarget();
            model.modeProperty().set(TargetMode.OVERWRITE);
            assertTrue(model.targetProblemProperty().get().contains("kept as " + kept),
                    model.targetProblemProperty().get());
            model.overwriteConfirmedProperty().set(true);
            assertTrue(model.warnings().stream().anyMatch(w -> w.contains("kept as " + kept)),
                    model.warnings().toString());
            model.run();
            assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                    model.statusProperty().get());
            assertEquals(out.resolve(kept), model.reportProperty().get().previousFile());
            assertTrue(model.resultTextProperty().get().contains("Previous file kept as: " + out.resolve(kept)),
                    model.resultTextProperty().get());
        }
        assertEquals("the original", Files.readString(out.resolve("live.sqlite.bak")), "never overwritten");
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), out.resolve("live.sqlite.bak.1"));
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), live);
    }

    @Test
    void aNewFileBesideALeftoverWalIsRefusedAndReplacingSetsTheWalAside() throws Exception {
        Files.writeString(out.resolve("app.sqlite-wal"), "a wal of a database that is gone");
        RestoreWizardViewModel model = model();
        answer = out.resolve("app.sqlite");
        model.chooseTarget();
        assertFalse(model.targetValidProperty().get(), "SQLite would replay the WAL over the restore");
        assertTrue(model.targetProblemProperty().get().contains("app.sqlite-wal"),
                model.targetProblemProperty().get());
        model.modeProperty().set(TargetMode.OVERWRITE);
        assertFalse(model.targetValidProperty().get(), "setting it aside needs the confirmation");
        model.overwriteConfirmedProperty().set(true);
        assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        Path stray = list(out).stream().filter(f -> f.getFileName().toString().startsWith("app.sqlite-wal.stray-"))
                .findFirst().orElseThrow(() -> new AssertionError("the WAL was set aside, never deleted"));
        assertEquals("a wal of a database that is gone", Files.readString(stray));
        assertTrue(model.resultTextProperty().get().contains(stray.toString()), model.resultTextProperty().get());
        assertFalse(Files.exists(out.resolve("app.sqlite-wal")));
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), out.resolve("app.sqlite"));
    }

    @Test
    void anExportOntoAnExistingFileKeepsItAndNeverGoesOntoTheCatalog() throws Exception {
        Path notes = Files.writeString(out.resolve("alpha.sql"), "my notes");
        RestoreWizardViewModel model = model();
        model.modeProperty().set(TargetMode.EXPORT_SQL);
        answer = notes;
        model.chooseTarget();
        assertTrue(model.targetProblemProperty().get().contains("kept as alpha.sql.bak"),
                model.targetProblemProperty().get());
        model.overwriteConfirmedProperty().set(true);
        assertTrue(model.warnings().stream().anyMatch(w -> w.contains("kept as alpha.sql.bak")),
                model.warnings().toString());
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertEquals("my notes", Files.readString(out.resolve("alpha.sql.bak")));
        assertTrue(Files.readString(notes).contains("CREATE TABLE"));
        assertTrue(model.resultTextProperty().get().contains("Previous file kept as: " + out.resolve("alpha.sql.bak")),
                model.resultTextProperty().get());

        Path catalog = dir.resolve("catalog.sqlite");
        byte[] before = Files.readAllBytes(catalog);
        RestoreWizardViewModel onto = model();
        onto.modeProperty().set(TargetMode.EXPORT_STORED);
        answer = catalog;
        onto.chooseTarget();
        onto.overwriteConfirmedProperty().set(true);
        assertFalse(onto.targetValidProperty().get(), "never onto Patina's own catalog");
        onto.run();
        assertEquals(RestoreWizardViewModel.RunState.READY, onto.stateProperty().get());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(catalog)));
    }

    @Test
    void aRestoreNeverReplacesPatinasCatalogOrConfiguration() throws Exception {
        for (Path own : List.of(dir.resolve("catalog.sqlite"), dir.resolve("patina.toml"))) {
            byte[] before = Files.readAllBytes(own);
            RestoreWizardViewModel model = model();
            answer = own;
            model.chooseTarget();
            model.modeProperty().set(TargetMode.OVERWRITE);
            model.overwriteConfirmedProperty().set(true);
            assertFalse(model.targetValidProperty().get(), "never onto " + own);
            assertTrue(model.targetProblemProperty().get().contains("Patina's"), model.targetProblemProperty().get());
            model.run();
            assertEquals(RestoreWizardViewModel.RunState.READY, model.stateProperty().get());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(own)));
        }
    }

    @Test
    void aWeeklyMemberExportedOntoAnExistingFileKeepsIt() throws Exception {
        archiveTheWeekAndLoseTheDailies();
        Path existing = Files.writeString(out.resolve("beta.sql"), "keep me");
        RestoreWizardViewModel model = wizard(runtime,
                (title, suggested) -> Optional.ofNullable(answer), temp);
        model.modeProperty().set(TargetMode.EXPORT_SQL);
        model.load("beta", WEEKLY);
        answer = existing;
        model.chooseTarget();
        model.overwriteConfirmedProperty().set(true);
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertEquals("keep me", Files.readString(out.resolve("beta.sql.bak")));
        assertEquals(List.of(existing, out.resolve("beta.sql.bak")), list(out), "no .part file left");
    }

    // ---- a member of a weekly archive as the source ----

    private static final String WEEKLY = "weekly/2026-W48.tar.gz";

    /** Archives the night's dailies into the week's archive with the real archiver, then removes the dailies from the
     * store (the catalog still lists them), so only the weekly archive can give the data back. */
    private void archiveTheWeekAndLoseTheDailies() throws Exception {
        var result = runtime.weeklyArchiver().apply(runtime.weeklyArchiver().plan(LocalDate.of(2026, 11, 27)));
        assertEquals(2, result.members().size(), result.toString());
        runtime.store().delete("daily/2026-11-27/alpha.sql.zst");
        runtime.store().delete("daily/2026-11-27/beta.sql.zst");
    }

    @Test
    void aWeeklyMemberIsListedBesideTheDailiesAndRestoresToAFileEqualToTheSource() throws Exception {
        archiveTheWeekAndLoseTheDailies();
        RestoreWizardViewModel model = model();
        List<String> labels = model.backups().stream().map(BackupChoice::label).toList();
        assertEquals(2, labels.size(), labels.toString());
        assertTrue(labels.get(0).startsWith("alpha — daily 2026-11-27"), labels.toString());
        BackupChoice member = model.backups().get(1);
        assertTrue(member.label().startsWith("alpha — weekly 2026-W48 · 2026-11-27 member — "), member.label());
        assertTrue(member.label().endsWith("3,000 rows — not verified yet"), member.label());
        assertEquals("2026-11-27/alpha.sql", member.member().path());
        assertEquals(64, member.sha256().length(), "the manifest's SHA-256 of the member");
        assertEquals("", model.sourceStatusProperty().get());
        assertEquals(List.of(), list(temp), "the manifest was read in a temp folder that is gone");

        model.backupProperty().set(member);
        assertFalse(model.modes().contains(TargetMode.EXPORT_STORED), "a member is plain SQL: no 'as stored'");
        answer = out.resolve("alpha-from-weekly.sqlite");
        model.chooseTarget();
        assertTrue(model.planText().contains("extract only 2026-11-27/alpha.sql"), model.planText());
        List<String> statuses = new ArrayList<>();
        model.statusProperty().addListener((o, was, is) -> statuses.add(is));
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        assertEquals("Extracting 2026-11-27/alpha.sql from " + WEEKLY + "…", statuses.get(0));
        assertTrue(model.reportProperty().get().checksumVerified());
        assertTrue(model.reportProperty().get().countsVerified());
        DatabaseComparator.assertSameDatabase(dir.resolve("alpha.sqlite"), answer);
        assertEquals(List.of(answer), list(out));
        assertEquals(List.of(), list(temp), "the extracted member is deleted");
        assertTrue(model.guide().contains("patina extract 2026-W48 alpha 2026-11-27 -o alpha-2026-11-27.sql && "
                + "patina restore alpha-2026-11-27.sql"), model.guide());
    }

    @Test
    void openedOnAWeeklyArchiveTheWizardPicksThatDatabasesMemberAndExportsItAsSql() throws Exception {
        archiveTheWeekAndLoseTheDailies();
        RestoreWizardViewModel model = wizard(runtime,
                (title, suggested) -> Optional.ofNullable(answer), temp);
        model.modeProperty().set(TargetMode.EXPORT_STORED);
        model.load("beta", WEEKLY);
        assertEquals("beta", model.backupProperty().get().database());
        assertTrue(model.backupProperty().get().weekly());
        assertEquals(TargetMode.EXPORT_SQL, model.modeProperty().get(), "'as stored' falls back to the SQL");

        answer = out.resolve("beta.sql");
        model.chooseTarget();
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                model.statusProperty().get());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(answer));
        assertEquals(model.backupProperty().get().sha256(), java.util.HexFormat.of().formatHex(digest),
                "the member, byte for byte");
        assertEquals(List.of(answer), list(out), "no .part file left beside it");
        assertEquals(List.of(), list(temp));

        RestoreWizardViewModel all = wizard(runtime,
                (title, suggested) -> Optional.empty(), temp);
        all.load("all databases", WEEKLY); // the Backups tab's row of a weekly archive
        assertEquals(4, all.backups().size(), "both dailies and both members");
        assertEquals(WEEKLY, all.backupProperty().get().key());
    }

    @Test
    void cancellingWhileAWeeklyMemberIsExtractedLeavesNothingBehind() throws Exception {
        archiveTheWeekAndLoseTheDailies();
        RestoreWizardViewModel model = model();
        model.backupProperty().set(model.backups().get(1));
        answer = out.resolve("alpha-from-weekly.sqlite");
        model.chooseTarget();
        List<Path> tempsSeen = new ArrayList<>();
        model.progressProperty().addListener((o, was, is) -> {
            if (model.runTemp() != null) {
                tempsSeen.add(model.runTemp());
            }
            model.cancel();
        });
        model.run();
        assertEquals(RestoreWizardViewModel.RunState.CANCELLED, model.stateProperty().get(),
                model.statusProperty().get());
        assertFalse(tempsSeen.isEmpty(), "the extraction did start");
        assertEquals(List.of(), list(out));
        assertEquals(List.of(), list(temp), "no extracted member, no extractor temp file");
    }

    // ---- a Cloudflare D1 database as the target ----

    /** A runtime whose config holds alpha (SQLite) and edge (D1, served by a fake D1 over {@code d1File}). */
    private PatinaRuntime d1Runtime(Path ws, FakeD1Server server) throws Exception {
        Path config = UiFixtures.workspace(ws, List.of("alpha"), 2_000);
        Files.writeString(config, Files.readString(config).replace("[compression]", """
                [[databases]]
                name = "edge"
                type = "d1"
                account_id = "acc0123"
                database_id = "db-7f3c"
                api_token = "tok-d1-test"
                api_base = "%s"

                [compression]""".formatted(server.apiBase())));
        UiFixtures.MovableClock clock = new UiFixtures.MovableClock(Instant.parse("2026-11-27T02:00:00Z"));
        PatinaRuntime rt = UiFixtures.open(config, clock);
        rt.backups().runNightly(clock.instant(), "test", Set.of("alpha"), BackupProgress.NONE);
        return rt;
    }

    private RestoreWizardViewModel d1Model(PatinaRuntime rt, Path tmp) {
        RestoreWizardViewModel model = wizard(rt,
                (title, suggested) -> Optional.empty(), tmp);
        model.d1PollEvery(java.time.Duration.ofMillis(10));
        model.load("alpha", "daily/2026-11-27/alpha.sql.zst");
        model.modeProperty().set(TargetMode.D1);
        return model;
    }

    @Test
    void aD1ImportNeedsTheTypedNameAndThenFillsTheD1DatabaseWithTheSource() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("d1ws"));
        Path d1File = ws.resolve("d1.sqlite");
        try (FakeD1Server server = new FakeD1Server(d1File, "acc0123", "db-7f3c", "tok-d1-test");
             PatinaRuntime rt = d1Runtime(ws, server)) {
            Path tmp = ws.resolve("tmp");
            RestoreWizardViewModel model = d1Model(rt, tmp);
            assertEquals(List.of("edge"), model.d1Databases());
            assertTrue(model.modes().contains(TargetMode.D1));
            assertEquals("edge", model.d1DatabaseProperty().get());
            assertEquals("database id db-7f3c", model.d1DatabaseIdText());
            assertFalse(model.targetValidProperty().get());
            assertEquals("Type the D1 database's name, edge, to confirm the import.",
                    model.targetProblemProperty().get());
            model.d1ConfirmationProperty().set("Edge");
            assertFalse(model.targetValidProperty().get());
            assertTrue(model.targetProblemProperty().get().startsWith("'Edge' is not edge"),
                    model.targetProblemProperty().get());
            model.run();
            assertEquals(RestoreWizardViewModel.RunState.READY, model.stateProperty().get(), "refused: never runs");
            assertEquals(0, server.requests(), "nothing was sent to D1");

            model.d1ConfirmationProperty().set("edge");
            assertTrue(model.targetValidProperty().get(), model.targetProblemProperty().get());
            assertTrue(model.optionsValidProperty().get());
            model.allTablesProperty().set(false);
            assertTrue(model.optionsValidProperty().get(), "D1 takes the whole dump: no table choice");
            model.allTablesProperty().set(true);
            assertTrue(model.planText().contains("Send it to the D1 database edge (id db-7f3c)"),
                    model.planText());
            String warnings = String.join("\n", model.warnings());
            assertTrue(warnings.contains("D1 blocks the database edge"), warnings);
            assertTrue(warnings.contains("ADDS to the live database edge"), warnings);
            assertTrue(warnings.contains("already exists in edge, the whole import fails"), warnings);
            assertTrue(warnings.contains("2,000 rows"), warnings);
            assertTrue(warnings.contains("D1 Time Travel"), warnings);
            assertTrue(warnings.contains("Cancel only stops Patina waiting"), warnings);

            List<String> statuses = new ArrayList<>();
            model.statusProperty().addListener((o, was, is) -> statuses.add(is));
            model.run();
            assertEquals(RestoreWizardViewModel.RunState.SUCCEEDED, model.stateProperty().get(),
                    model.statusProperty().get());
            assertEquals("Imported into D1 database edge", model.statusProperty().get());
            assertTrue(statuses.stream().anyMatch(st -> st.startsWith("D1: Ingesting")), statuses.toString());
            RestoreOutcome.ImportedToD1 done = model.d1ResultProperty().get();
            assertEquals("bm-import-2", done.bookmark());
            assertEquals(List.of("item"), done.tables());
            assertTrue(model.resultTextProperty().get().contains("Imported into the Cloudflare D1 database edge"),
                    model.resultTextProperty().get());
            assertTrue(model.guide().contains("patina import-d1 alpha-2026-11-27.sql --db edge --confirm edge"),
                    model.guide());
            assertEquals(null, model.resultFileProperty().get(), "no local file");
            List<String> differences = DatabaseComparator.differences(ws.resolve("alpha.sqlite"), d1File).stream()
                    .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList();
            assertEquals(List.of(), differences, "the fake D1's SQLite file holds every value of the source");
            assertEquals(List.of(), list(tmp), "no download, no decompressed upload file");

            RestoreWizardViewModel again = d1Model(rt, tmp);
            again.d1ConfirmationProperty().set("edge");
            again.run();
            assertEquals(RestoreWizardViewModel.RunState.FAILED, again.stateProperty().get());
            assertTrue(again.statusProperty().get().contains("already exists")
                    && again.statusProperty().get().contains("D1 ran nothing of the file"),
                    "its tables exist now: D1 refuses the whole import — " + again.statusProperty().get());
            assertEquals(List.of(), DatabaseComparator.differences(ws.resolve("alpha.sqlite"), d1File).stream()
                    .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList());
            assertEquals(List.of(), list(tmp));
        }
    }

    @Test
    void cancellingBeforeTheRunOrBeforeTheUploadSendsNothingAndLeavesNothing() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("d1ws"));
        try (FakeD1Server server = new FakeD1Server(ws.resolve("d1.sqlite"), "acc0123", "db-7f3c", "tok-d1-test");
             PatinaRuntime rt = d1Runtime(ws, server)) {
            Path tmp = Files.createDirectories(ws.resolve("tmp"));
            RestoreWizardViewModel before = d1Model(rt, tmp);
            before.d1ConfirmationProperty().set("edge");
            before.cancel();
            assertEquals(RestoreWizardViewModel.RunState.CANCELLED, before.stateProperty().get());
            before.run();
            assertEquals(0, server.requests());
            assertEquals(List.of(), list(tmp));

            RestoreWizardViewModel during = d1Model(rt, tmp);
            during.d1ConfirmationProperty().set("edge");
            during.statusProperty().addListener((o, was, is) -> {
                if (is.startsWith("Checked:")) {
                    during.cancel(); // the dump is checked for D1, not yet sent
                }
            });
            during.run();
            assertEquals(RestoreWizardViewModel.RunState.CANCELLED, during.stateProperty().get(),
                    during.statusProperty().get());
            assertEquals("Cancelled; nothing was written.", during.statusProperty().get());
            assertEquals(0, server.requests(), "nothing was sent to D1");
            assertEquals(List.of(), list(tmp), "neither the download nor the decompressed check file is left");
        }
    }

    @Test
    void cancellingOnceTheFileWasSentSaysHonestlyThatD1FinishesTheImport() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("d1ws"));
        Path d1File = ws.resolve("d1.sqlite");
        try (FakeD1Server server = new FakeD1Server(d1File, "acc0123", "db-7f3c", "tok-d1-test");
             PatinaRuntime rt = d1Runtime(ws, server)) {
            Path tmp = ws.resolve("tmp");
            RestoreWizardViewModel model = d1Model(rt, tmp);
            model.d1ConfirmationProperty().set("edge");
            model.statusProperty().addListener((o, was, is) -> {
                if (is.startsWith("Importing into D1 database edge")) {
                    model.cancel();
                }
            });
            model.run();
            assertEquals(RestoreWizardViewModel.RunState.CANCELLED, model.stateProperty().get());
            String said = model.statusProperty().get();
            assertTrue(said.startsWith("Stopped waiting for D1. The file had been sent to D1 database edge at "),
                    said);
            assertTrue(said.contains("Patina cannot stop it") && said.contains("D1 Time Travel"), said);
            assertTrue(server.requests() > 0);
            assertEquals(List.of(), list(tmp));
        }
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    /** The wizard over {@code rt}, wired as the console wires it, its temp folders under {@code tmp}. */
    private static RestoreWizardViewModel wizard(PatinaRuntime rt, FileChooserService files, Path tmp) {
        return new RestoreWizardViewModel(RestoreWiring.workflow(rt, tmp), RestoreWiring.choices(rt, tmp),
                new SyncUiExecutor(), files);
    }
}
