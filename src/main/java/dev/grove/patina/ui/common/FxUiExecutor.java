package dev.grove.patina.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The console's {@link UiExecutor}: a small pool of daemon threads owned by the app (closed when it stops), results
 * handed back with {@link Platform#runLater}.
 */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService pool;

    public FxUiExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "patina-ui-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public <T> void executeInBackground(Callable<T> task, Consumer<? super T> onSuccess,
                                        Consumer<Throwable> onFailure) {
        if (pool.isShutdown()) {
            // the console has closed: a late request (a run's event relayed after the window went away) has no one
            // left to show its answer to, and must not throw into the FX thread
            return;
        }
        try {
            submit(task, onSuccess, onFailure);
        } catch (RejectedExecutionException closedMeanwhile) {
            // closed between the check and the submit: the same as above
        }
    }

    private <T> void submit(Callable<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        pool.execute(() -> {
            T result;
            try {
                result = task.call();
            } catch (Throwable e) {
                Platform.runLater(() -> onFailure.accept(e));
                return;
            }
            Platform.runLater(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void executeOnGuiThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /**
     * Interrupts running work and waits for it to stop: long enough for an interrupted backup to stop its
     * databases and record the run as interrupted (it gives its threads 30 s) before the runtime closes.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
