package dev.grove.patina.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.restore.RestoreOutcome.ImportedToD1;
import dev.grove.patina.restore.RestoreOutcome.RestoreCancelled;
import dev.grove.patina.restore.RestoreOutcome.RestoreFailed;
import dev.grove.patina.restore.RestoreOutcome.RestoreRefused;
import dev.grove.patina.source.d1.FakeD1Server;
import dev.grove.patina.testing.DatabaseComparator;
import dev.grove.patina.ui.UiFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore workflow's D1 import against a fake D1 (a real HTTP server over a real SQLite file). */
class RestoreWorkflowD1Test {
    @TempDir
    Path dir;

    private PatinaRuntime open(FakeD1Server server) throws Exception {
        Path config = UiFixtures.workspace(dir, List.of("alpha"), 1_500);
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

    private static RestoreTarget.D1Database edge(String typed) {
        return new RestoreTarget.D1Database("edge", typed, Duration.ofMillis(10));
    }

    @Test
    void importsIntoD1OnceAndThenFailsAsAWholeWithNothingRun() throws Exception {
        Path d1File = dir.resolve("d1.sqlite");
        Path tmp = dir.resolve("tmp");
        try (FakeD1Server server = new FakeD1Server(d1File, "acc0123", "db-7f3c", "tok-d1-test");
             PatinaRuntime rt = open(server)) {
            RestoreWorkflow workflow = RestoreWiring.workflow(rt, tmp);
            BackupChoice daily = BackupChoice.daily(RestoreWiring.choices(rt, tmp).dailies("alpha").get(0));

            RestoreOutcome unknown = workflow.run(daily, new RestoreTarget.D1Database("nowhere", "nowhere",
                    Duration.ofMillis(10)), RestoreListener.NONE);
            assertInstanceOf(RestoreRefused.class, unknown, unknown.toString());
            RestoreOutcome mistyped = workflow.run(daily, edge("Edge"), RestoreListener.NONE);
            RestoreRefused refused = assertInstanceOf(RestoreRefused.class, mistyped, mistyped.toString());
            assertTrue(refused.reason().contains("nothing was sent"), refused.reason());
            assertEquals(0, server.requests());

            RestoreOutcome outcome = workflow.run(daily, edge("edge"), RestoreListener.NONE);
            ImportedToD1 done = assertInstanceOf(ImportedToD1.class, outcome, outcome.toString());
            assertEquals("db-7f3c", done.databaseId());
            assertEquals("bm-import-2", done.bookmark());
            assertEquals(List.of("item"), done.tables());
            assertEquals(List.of(), DatabaseComparator.differences(dir.resolve("alpha.sqlite"), d1File).stream()
                    .filter(d -> !d.contains("user_version") && !d.contains("application_id")).toList());

            RestoreOutcome again = workflow.run(daily, edge("edge"), RestoreListener.NONE);
            RestoreFailed failed = assertInstanceOf(RestoreFailed.class, again, again.toString());
            assertNotNull(failed.sentToD1());
            assertTrue(failed.d1RanNothing(), failed.error().getMessage());
            try (var left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "no download, no decompressed upload file");
            }
        }
    }

    @Test
    void aCancelOnceTheFileWasSentSaysWhen() throws Exception {
        try (FakeD1Server server = new FakeD1Server(dir.resolve("d1.sqlite"), "acc0123", "db-7f3c", "tok-d1-test");
             PatinaRuntime rt = open(server)) {
            Path tmp = dir.resolve("tmp");
            RestoreWorkflow workflow = RestoreWiring.workflow(rt, tmp);
            BackupChoice daily = BackupChoice.daily(RestoreWiring.choices(rt, tmp).dailies("alpha").get(0));
            boolean[] sent = new boolean[1];
            RestoreOutcome outcome = workflow.run(daily, edge("edge"), new RestoreListener() {
                @Override
                public void progress(double fraction, String message) {
                    sent[0] |= fraction < 0; // D1 imports: Patina can only stop waiting now
                }

                @Override
                public boolean cancelled() {
                    return sent[0];
                }
            });
            RestoreCancelled cancelled = assertInstanceOf(RestoreCancelled.class, outcome, outcome.toString());
            assertNotNull(cancelled.sentToD1(), "the outcome says when the file went to D1");
            assertTrue(server.requests() > 0);
        }
    }
}
