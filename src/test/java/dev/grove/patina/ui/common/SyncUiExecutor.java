package dev.grove.patina.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link UiExecutor} for view model tests: everything runs at once on the calling thread. Calls from several
 * threads (a backup's progress events) are serialised, as the single GUI thread would.
 */
public final class SyncUiExecutor implements UiExecutor {
    @Override
    public <T> void executeInBackground(Callable<T> task, Consumer<? super T> onSuccess,
                                        Consumer<Throwable> onFailure) {
        T result;
        try {
            result = task.call();
        } catch (Exception e) {
            executeOnGuiThread(() -> onFailure.accept(e));
            return;
        }
        executeOnGuiThread(() -> onSuccess.accept(result));
    }

    @Override
    public synchronized void executeOnGuiThread(Runnable action) {
        action.run();
    }
}
