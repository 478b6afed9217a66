package dev.grove.patina.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunListener;
import dev.grove.patina.run.RunService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets a view model test wait for the runs it ordered to end. Registered after the view model, so (with the
 * synchronous UI executor) the view model has taken an end in before this hears of it.
 */
final class RunEnds implements RunListener {
    private final Semaphore ends = new Semaphore(0);

    RunEnds(RunService runs) {
        runs.addListener(this);
    }

    @Override
    public void onEvent(RunEvent e) {
        if (e instanceof RunEvent.RunFinished || e instanceof RunEvent.RunFailed
                || e instanceof RunEvent.RunSkipped && e.ticket() != null) {
            ends.release();
        }
    }

    /** Waits (up to 60 s) for {@code n} more runs to end. */
    void await(int n) throws InterruptedException {
        assertTrue(ends.tryAcquire(n, 60, TimeUnit.SECONDS), "no end of " + n + " run(s) within 60 s");
    }
}
