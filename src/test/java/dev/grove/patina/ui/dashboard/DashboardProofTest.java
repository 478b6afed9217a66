package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.ui.UiFixtures;
import dev.grove.patina.ui.common.SyncUiExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each card says when its database was last proven restorable, flagged once that is older than the policy. */
class DashboardProofTest {
    private static final Instant SUNDAY = Instant.parse("2026-11-29T04:00:00Z");

    @TempDir
    Path dir;
    private UiFixtures.MovableClock clock;
    private PatinaRuntime runtime;
    private DashboardViewModel model;
    private RunEnds ends;

    @BeforeEach
    void open() throws Exception {
        clock = new UiFixtures.MovableClock(SUNDAY);
        runtime = UiFixtures.open(UiFixtures.workspace(dir, List.of("alpha", "beta"), 50), clock);
        model = new DashboardViewModel(DashboardFixtures.sources(runtime), new SyncUiExecutor());
        ends = new RunEnds(runtime.runs());
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void theCardShowsTheLastProofAndWarnsWhenItIsOlderThanThePolicy() throws Exception {
        assertTrue(runtime.runs().submit(RunOrder.nightly(RunTrigger.MANUAL, Set.of())).accepted());
        ends.await(1);
        model.refresh();
        DatabaseCard before = model.cards().get(0);
        assertEquals("Never proven restorable — Verify now runs a test restore", before.proven());
        assertTrue(before.provenOld());

        model.verifyNow(); // the dashboard's "Verify now": every database
        ends.await(1);
        model.refresh();
        DatabaseCard alpha = model.cards().get(0);
        assertTrue(alpha.proven().startsWith("Last proven restorable "), alpha.proven());
        assertTrue(alpha.proven().endsWith("checks passed)"), alpha.proven());
        assertFalse(alpha.provenOld());
        assertFalse(model.cards().get(1).provenOld(), "beta was verified too");

        clock.advance(Duration.ofDays(9));
        model.refresh();
        DatabaseCard old = model.cards().get(0);
        assertTrue(old.provenOld());
        assertTrue(old.proven().endsWith("checks passed) — older than 8 days"), old.proven());
    }
}
