package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunningJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What closing and quitting do, as values. */
class ClosePolicyTest {
    @Test
    void closingNeverSilentlyStopsTheSchedules() {
        assertEquals(ClosePolicy.OnClose.HIDE_TO_TRAY, ClosePolicy.onClose(true, true));
        assertEquals(ClosePolicy.OnClose.ASK, ClosePolicy.onClose(true, false));
        assertEquals(ClosePolicy.OnClose.QUIT, ClosePolicy.onClose(false, true), "the schedule runs elsewhere");
        assertEquals(ClosePolicy.OnClose.QUIT, ClosePolicy.onClose(false, false));
    }

    @Test
    void theQuitQuestionSaysWhatIsRunning() {
        RunningJob nightly = new RunningJob("t1", RunKind.NIGHTLY, "schedule", null, Instant.EPOCH, List.of(
                new DatabaseProgress("shop", 12000, 5000, RunStatus.OK),
                new DatabaseProgress("orders", 0, 0, RunStatus.RUNNING)));
        List<String> work = ClosePolicy.runningWork(List.of(nightly), true);
        assertEquals(List.of("nightly run (schedule): shop ok (12,000 rows), orders running",
                "a backup, archive or clean-up started from this window"), work);
        String q = ClosePolicy.quitQuestion(work);
        assertTrue(q.startsWith("Still running:\n  • nightly run (schedule): shop ok"), q);
        assertTrue(q.contains("recorded as interrupted"), q);
        assertEquals(List.of(), ClosePolicy.runningWork(List.of(), false), "nothing running: quit at once");
    }
}
