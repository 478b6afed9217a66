package dev.grove.patina.ui.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The console's executor once the console has closed: late work is dropped, never thrown into the caller. */
class FxUiExecutorTest {
    @Test
    void workAskedForAfterCloseIsDroppedWithoutAnException() {
        FxUiExecutor executor = new FxUiExecutor(1);
        executor.close();
        AtomicBoolean ran = new AtomicBoolean();
        // a run's event relayed after the window closed (the ConsoleDashboardActionsTest failure in CI:
        // RejectedExecutionException thrown on the FX thread from DashboardViewModel.refresh)
        assertDoesNotThrow(() -> executor.executeInBackground(() -> {
            ran.set(true);
            return 1;
        }, r -> ran.set(true), e -> ran.set(true)));
        assertFalse(ran.get(), "a closed pool runs nothing");
    }
}
