package dev.grove.patina.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way the console leaves and re-enters the FX thread. View models run slow work (catalog queries, backups)
 * with {@link #executeInBackground} and touch their properties only in the callbacks, which arrive on the GUI thread.
 * Tests use a synchronous implementation, so a view model test needs no toolkit and no sleeps.
 */
public interface UiExecutor {
    /**
     * Runs {@code task} off the GUI thread, then {@code onSuccess} with its result or {@code onFailure} with what it
     * threw, both on the GUI thread.
     */
    <T> void executeInBackground(Callable<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the GUI thread (later, when called from another thread). */
    void executeOnGuiThread(Runnable action);
}
